import type { LoggerService } from '@backstage/backend-plugin-api';
import type { CallLegStore } from '../../database/CallLegStore';
import type { CallSessionState } from '../../domain/engine/callEngine';
import { endedLeg } from '../../domain/usage/legUsage';
import type { Clock } from '../../lib/clock';

/** A responder leg's final status, as Twilio reported it. */
export interface LegFinalStatus {
  index: number;
  legSid: string;
  status: string;
  durationSeconds: number;
}

/**
 * Keeps each responder leg that is over for usage and analytics. Never
 * fails the webhook it is called from: a leg that cannot be kept is
 * logged, and the call goes on.
 */
export class LegRecorder {
  constructor(
    private readonly deps: {
      legs: CallLegStore;
      clock: Clock;
      logger: LoggerService;
    },
  ) {}

  async legEnded(
    callSid: string,
    flow: CallSessionState,
    status: LegFinalStatus,
  ): Promise<void> {
    const leg = endedLeg(callSid, flow, status, this.deps.clock.now());
    if (!leg) return;
    try {
      await this.deps.legs.record(leg);
    } catch (error) {
      this.deps.logger.warn(
        `Leg ${leg.legSid} of call ${callSid} is not counted in usage: ${error}`,
      );
    }
  }
}
