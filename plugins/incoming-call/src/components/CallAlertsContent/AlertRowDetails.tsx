import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import type { Alert } from '@icr/plugin-incoming-call-common';
import { useLiveAlert } from '../../live/useLiveAlert';
import { AlertBody } from '../Alert';

/** An opened row: the alert's actions, voicemail and timeline, kept live. */
export function AlertRowDetails(props: {
  alertId: string;
  onAlertChange: (alert: Alert) => void;
}) {
  const { alert, error, loading, reload } = useLiveAlert(props.alertId);
  if (loading) {
    return <Progress />;
  }
  if (error || !alert) {
    return <ResponseErrorPanel error={error ?? new Error('No such alert')} />;
  }
  return (
    <AlertBody
      alert={alert}
      onChanged={changed => {
        props.onAlertChange(changed);
        reload();
      }}
    />
  );
}
