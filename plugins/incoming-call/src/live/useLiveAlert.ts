import { useApi } from '@backstage/core-plugin-api';
import type { AlertWithTimeline } from '@icr/plugin-incoming-call-common';
import { incomingCallApiRef } from '@icr/plugin-incoming-call-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAlertSignals } from './useAlertSignals';

/**
 * An alert and its timeline, read again whenever it changes (a signal for
 * it, or `reload` after an action here). While it is read again the last
 * state stays on screen; an answer that arrives after a newer one is
 * dropped.
 */
export function useLiveAlert(alertId: string) {
  const api = useApi(incomingCallApiRef);
  const [alert, setAlert] = useState<AlertWithTimeline>();
  const [error, setError] = useState<Error>();
  const latestRequest = useRef(0);

  const reload = useCallback(async () => {
    const request = ++latestRequest.current;
    try {
      const latest = await api.getAlert(alertId);
      if (request === latestRequest.current) {
        setAlert(latest);
        setError(undefined);
      }
    } catch (e) {
      if (request === latestRequest.current) {
        setError(e as Error);
      }
    }
  }, [api, alertId]);

  useEffect(() => {
    setAlert(undefined);
    setError(undefined);
    reload();
  }, [reload]);

  useAlertSignals(message => {
    if (message.alertId === alertId) {
      reload();
    }
  });

  return { alert, error, loading: !alert && !error, reload };
}
