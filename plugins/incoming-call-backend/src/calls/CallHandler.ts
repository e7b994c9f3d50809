import type { Knex } from 'knex';
import { AlertStore } from '../store/AlertStore';
import type { IntegrationStore } from '../store/IntegrationStore';
import { type CallSession, type CallState, CallStore } from './CallStore';
import {
  decideIncomingCall,
  type IncomingCallDecision,
} from './decideIncomingCall';
import { goodbyeTwiml, incomingCallTwiml } from './twiml';

export interface IncomingCall {
  callSid: string;
  from: string;
  to: string;
  at: Date;
}

const STATE_AFTER_WELCOME: Record<
  Extract<IncomingCallDecision, { kind: 'accepted' }>['next']['kind'],
  CallState
> = { queue: 'queued', voicemail: 'voicemail', 'try-later': 'turned-away' };

/**
 * Handles what Twilio reports about a caller's leg: decides, records what
 * the decision needs, and answers. Twilio may send any callback twice or
 * out of order; each one checks the session state first, so a repeat
 * changes nothing.
 */
export class CallHandler {
  constructor(
    private readonly db: Knex,
    private readonly integrations: IntegrationStore,
  ) {}

  /** The voice webhook: a call has arrived. Returns TwiML. */
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

  /** After the caller's voicemail recording: goodbye, in their language. */
  async voicemailDone(callSid: string): Promise<string> {
    const session = await new CallStore(this.db).getSession(callSid);
    const integration =
      session && (await this.integrations.getById(session.integrationId));
    return goodbyeTwiml(integration?.config.language ?? 'en-US');
  }

  /** A voicemail recording is ready: its link goes on the alert, once. */
  async recordingCompleted(recording: {
    callSid: string;
    recordingSid: string;
    url: string;
    durationSeconds: number;
    at: Date;
  }): Promise<void> {
    const session = await new CallStore(this.db).getSession(recording.callSid);
    if (!session) return;
    const alerts = new AlertStore(this.db);
    const id = `voicemail-${recording.recordingSid}`;
    if (await alerts.hasEvent(id)) return;
    // A duplicate arriving at the same instant fails on the unique id, and
    // Twilio's retry then finds the note.
    await alerts.addEvent(session.alertId, {
      id,
      type: 'voicemail',
      message: `Voicemail left (${recording.durationSeconds} s): ${recording.url}`,
      at: recording.at,
    });
  }

  /** The caller's leg is over: the alert gets its ending and is closed. */
  async callEnded(end: { callSid: string; durationSeconds: number; at: Date }) {
    const calls = new CallStore(this.db);
    const session = await calls.getSession(end.callSid);
    if (!session || session.state === 'ended') return;
    await this.db.transaction(async tx => {
      if (!(await new CallStore(tx).advance(session, 'ended', end.at))) return;
      const alerts = new AlertStore(tx);
      await alerts.addEvent(session.alertId, endOfCallEvent(session, end));
      await alerts.close(session.alertId, end.at);
    });
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
      if (decision.next.kind !== 'queue') {
        await alerts.addEvent(alert.id, {
          type: 'note',
          message:
            decision.next.kind === 'voicemail'
              ? 'Users to try is 0: the caller was asked to leave a voicemail'
              : 'Users to try is 0 and voicemail is off: the caller was asked to try again later',
          at: call.at,
        });
      }
      // The primary key on the call SID stops a second replica that got the
      // same webhook at once: its transaction fails and is rolled back.
      await calls.startSession(
        {
          callSid: call.callSid,
          integrationId: decision.integration.id,
          alertId: alert.id,
          state: STATE_AFTER_WELCOME[decision.next.kind],
        },
        call.at,
      );
    });
  }
}

/** How a call's end reads on the timeline, from where the caller was. */
function endOfCallEvent(
  session: CallSession,
  end: { durationSeconds: number; at: Date },
) {
  return session.state === 'queued'
    ? {
        type: 'caller-hung-up' as const,
        message: `The caller hung up after ${end.durationSeconds} s, before anyone answered`,
        at: end.at,
      }
    : {
        type: 'call-ended' as const,
        message: `The call ended after ${end.durationSeconds} s`,
        at: end.at,
      };
}
