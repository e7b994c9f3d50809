import type { Knex } from 'knex';
import { AlertStore } from '../store/AlertStore';
import type { IntegrationStore } from '../store/IntegrationStore';
import { CallStore } from './CallStore';
import {
  decideIncomingCall,
  type IncomingCallDecision,
} from './decideIncomingCall';
import { incomingCallTwiml } from './twiml';

export interface IncomingCall {
  callSid: string;
  from: string;
  to: string;
  at: Date;
}

/**
 * Answers the voice webhook: decides, records what the decision needs, and
 * returns the TwiML. A webhook Twilio sends again for the same call finds
 * the session already there and changes nothing.
 */
export class CallIntake {
  constructor(
    private readonly db: Knex,
    private readonly integrations: IntegrationStore,
  ) {}

  async answer(call: IncomingCall): Promise<string> {
    const integration = await this.integrations.getByNumber(call.to);
    const decision = decideIncomingCall({ ...call, integration });
    if (decision.kind === 'rejected') {
      await new CallStore(this.db).recordRejection(
        decision.integration.id,
        call.from,
        call.at,
      );
    }
    if (decision.kind === 'accepted') {
      try {
        await this.openAlert(decision, call);
      } catch (error) {
        // Another replica recorded this call first: its alert stands.
        if (!(await new CallStore(this.db).getSession(call.callSid)))
          throw error;
      }
    }
    return incomingCallTwiml(decision);
  }

  private async openAlert(
    decision: Extract<IncomingCallDecision, { kind: 'accepted' }>,
    call: IncomingCall,
  ) {
    await this.db.transaction(async tx => {
      const calls = new CallStore(tx);
      if (await calls.getSession(call.callSid)) return;
      const alerts = new AlertStore(tx);
      const alert = await alerts.create({
        teamRef: decision.integration.teamRef,
        integrationId: decision.integration.id,
        callerNumber: call.from,
        dialledNumber: call.to,
        priority: 'P3',
        tags: [],
        at: call.at,
      });
      await alerts.addEvent(alert.id, {
        type: 'call-received',
        message: `Call from ${call.from} to ${call.to} (${decision.integration.config.name})`,
        at: call.at,
      });
      // The primary key on the call SID stops a second replica that got the
      // same webhook at once: its transaction fails and is rolled back.
      await calls.startSession(
        {
          callSid: call.callSid,
          integrationId: decision.integration.id,
          alertId: alert.id,
          state: 'queued',
        },
        call.at,
      );
    });
  }
}
