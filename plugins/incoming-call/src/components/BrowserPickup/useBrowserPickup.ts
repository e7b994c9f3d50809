import { useApi } from '@backstage/frontend-plugin-api';
import type { Alert } from '@icr/plugin-incoming-call-common';
import { useCallback, useEffect, useState } from 'react';
import useLatest from 'react-use/esm/useLatest';
import useMountedState from 'react-use/esm/useMountedState';
import {
  type BrowserCall,
  type BrowserCallState,
  browserPhoneApiRef,
  incomingCallApiRef,
} from '@icr/plugin-incoming-call-react';

/**
 * Taking the caller of an alert in this browser: asks the backend for a
 * grant, places the call and follows it. The alert is read again when the
 * call connects or ends, as that changes its status and timeline.
 */
export function useBrowserPickup(
  alertId: string,
  onAlertChange: (alert: Alert) => void,
) {
  const api = useApi(incomingCallApiRef);
  const phones = useApi(browserPhoneApiRef);
  const [call, setCall] = useState<BrowserCall>();
  const [state, setState] = useState<BrowserCallState>();
  const [error, setError] = useState<Error>();
  const alertChanged = useLatest(onAlertChange);
  const isMounted = useMountedState();

  const take = useCallback(async () => {
    setError(undefined);
    setCall(undefined);
    setState({ phase: 'connecting' });
    try {
      const grant = await api.requestBrowserPickup(alertId);
      const phone = phones.phoneFor(grant.provider);
      if (!phone) {
        throw new Error(
          `This app has no browser phone for the ${grant.provider} provider`,
        );
      }
      const placed = await phone.connect(grant, setState);
      if (isMounted()) {
        setCall(placed);
      } else {
        // The page was left while the call was being placed.
        await placed.hangUp();
      }
    } catch (e) {
      setState(undefined);
      setError(e as Error);
    }
  }, [api, phones, alertId, isMounted]);

  const hangUp = useCallback(async () => {
    try {
      await call?.hangUp();
    } catch (e) {
      setError(e as Error);
    }
  }, [call]);

  const phase = state?.phase;
  useEffect(() => {
    if (phase === 'connected' || phase === 'ended') {
      api
        .getAlert(alertId)
        .then(alert => alertChanged.current(alert), setError);
    }
  }, [api, alertId, phase, alertChanged]);

  useEffect(
    () => () => {
      // Leaving the page must not leave behind a call no one can hang up;
      // nobody is left to tell if that fails.
      call?.hangUp().catch(() => undefined);
    },
    [call],
  );

  return {
    state,
    error: error ?? state?.error,
    take,
    /** Present while there is a call to hang up. */
    hangUp: call && phase !== 'ended' ? hangUp : undefined,
  };
}
