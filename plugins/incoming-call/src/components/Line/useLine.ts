import { useApi } from '@backstage/core-plugin-api';
import type { LineView } from '@icr/plugin-incoming-call-common';
import {
  incomingCallApiRef,
  type TeamRef,
} from '@icr/plugin-incoming-call-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAlertSignals } from '../../live/useAlertSignals';

/**
 * While a line exists it is read again this often: who is being rung and
 * the waiting times move on without an alert changing.
 */
export const LINE_POLL_MS = 5000;

/** The line as the panel shows it, and how to read it again. */
export interface LineState {
  view?: LineView;
  error?: Error;
  reload: () => Promise<void>;
}

/**
 * The line of waiting callers (of one team, or every team's): read on
 * every alert signal (a caller joining, answered or gone changes their
 * alert) and every few seconds while anybody waits. An answer older than
 * the latest is dropped.
 */
export function useLine(team?: TeamRef): LineState {
  const api = useApi(incomingCallApiRef);
  const [state, setState] = useState<Omit<LineState, 'reload'>>({});
  const latest = useRef(0);
  // By value: a caller may pass a new object on every render.
  const namespace = team?.namespace;
  const name = team?.name;
  const reload = useCallback(async () => {
    const request = ++latest.current;
    try {
      const view = await api.getLine(
        namespace && name ? { namespace, name } : undefined,
      );
      if (request === latest.current) setState({ view });
    } catch (error) {
      if (request === latest.current) {
        setState(current => ({ ...current, error: error as Error }));
      }
    }
  }, [api, namespace, name]);

  useEffect(() => {
    reload();
  }, [reload]);
  const teamRef = namespace && name && `group:${namespace}/${name}`;
  useAlertSignals(message => {
    const same = (ref: string) => ref.toLocaleLowerCase('en-US');
    if (!teamRef || same(message.teamRef) === same(teamRef)) reload();
  });

  const anybodyWaiting = (state.view?.teams.length ?? 0) > 0;
  useEffect(() => {
    if (!anybodyWaiting) return undefined;
    const timer = setInterval(reload, LINE_POLL_MS);
    return () => clearInterval(timer);
  }, [anybodyWaiting, reload]);

  return { ...state, reload };
}
