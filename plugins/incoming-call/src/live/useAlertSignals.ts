import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  ALERT_SIGNAL_CHANNEL,
  type AlertSignalMessage,
} from '@icr/plugin-incoming-call-common';
import { useEffect } from 'react';
import useLatest from 'react-use/esm/useLatest';

/**
 * Calls `onSignal` for every alert the backend says was created or changed,
 * on whichever replica. Each message is handled (React would merge two
 * quick ones into one `lastSignal`). Without the app's signals plugin there
 * are no live updates, and nothing fails.
 */
export function useAlertSignals(
  onSignal: (message: AlertSignalMessage) => void,
) {
  const signals = useApiHolder().get(signalApiRef);
  const latest = useLatest(onSignal);
  useEffect(() => {
    if (!signals) {
      return undefined;
    }
    const subscription = signals.subscribe<AlertSignalMessage & JsonMessage>(
      ALERT_SIGNAL_CHANNEL,
      message => latest.current(message),
    );
    return () => subscription.unsubscribe();
  }, [signals, latest]);
}

/** Signals carry JSON objects; the message is one. */
type JsonMessage = { [key: string]: string };
