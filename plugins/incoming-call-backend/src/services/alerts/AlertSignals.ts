import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  ALERT_SIGNAL_CHANNEL,
  type AlertSignalMessage,
} from '@icr/plugin-incoming-call-common';

/**
 * Tells the browsers that an alert changed, on the signals channel
 * `incoming-call:alerts`, once the change has committed. The message names
 * the alert and its team only: the browser fetches what changed through the
 * API, behind the read permission. Signals travel over the events service,
 * so a change on any replica reaches browsers connected to any other.
 * Publishing never fails the request: a lost signal costs a refresh.
 */
export class AlertSignals {
  constructor(
    private readonly deps: {
      signals?: SignalsService;
      logger: LoggerService;
    },
  ) {}

  publish(
    alertId: string,
    teamRef: string,
    change: AlertSignalMessage['change'],
  ): void {
    const { signals, logger } = this.deps;
    if (!signals) return;
    const message: AlertSignalMessage = { alertId, teamRef, change };
    signals
      .publish({
        recipients: { type: 'broadcast' },
        channel: ALERT_SIGNAL_CHANNEL,
        message: { ...message },
      })
      .catch(error =>
        logger.warn(
          `Could not signal the change of alert ${alertId}: ${error}`,
        ),
      );
  }
}
