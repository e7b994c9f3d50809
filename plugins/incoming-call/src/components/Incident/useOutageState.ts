import { useApi } from '@backstage/core-plugin-api';
import type {
  OpenIncident,
  StatusMessage,
} from '@icr/plugin-incoming-call-common';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAlertSignals } from '../../live/useAlertSignals';

/** What outage mode shows of a team: its open incidents and status message. */
export interface OutageState {
  incidents: OpenIncident[];
  statusMessage?: StatusMessage;
  error?: Error;
  /** Reads both again (after a change made here). */
  reload: () => Promise<void>;
}

/**
 * A team's open incidents and status message, read again whenever one of
 * the team's alerts changes (an incident opening or counting on is a
 * signal of its parent alert). An answer older than the latest is dropped.
 */
export function useOutageState(team: TeamRef, teamRef: string): OutageState {
  const api = useApi(incomingCallApiRef);
  const [state, setState] = useState<Omit<OutageState, 'reload'>>({
    incidents: [],
  });
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const request = ++latest.current;
    try {
      const [incidents, statusMessage] = await Promise.all([
        api.listOpenIncidents(team),
        api.getStatusMessage(team),
      ]);
      if (request === latest.current) setState({ incidents, statusMessage });
    } catch (error) {
      if (request === latest.current) {
        setState(current => ({ ...current, error: error as Error }));
      }
    }
  }, [api, team]);
  useEffect(() => {
    reload();
  }, [reload]);
  useAlertSignals(message => {
    const same = (ref: string) => ref.toLocaleLowerCase('en-US');
    if (same(message.teamRef) === same(teamRef)) reload();
  });
  return { ...state, reload };
}
