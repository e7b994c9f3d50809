import type { Knex } from 'knex';

/**
 * Where a caller's leg is: held while responders are dialled, leaving a
 * voicemail, told to try later, or over.
 */
export type CallState = 'queued' | 'voicemail' | 'turned-away' | 'ended';

export interface CallSession {
  callSid: string;
  integrationId: string;
  alertId: string;
  state: CallState;
  version: number;
}

interface CallSessionRow {
  call_sid: string;
  integration_id: string;
  alert_id: string;
  state: CallState;
  version: number;
  created_at: number | string;
  updated_at: number | string;
}

/** Calls in progress and callers turned away. */
export class CallStore {
  constructor(private readonly db: Knex) {}

  async getSession(callSid: string): Promise<CallSession | undefined> {
    const row = await this.db<CallSessionRow>('call_sessions')
      .where({ call_sid: callSid })
      .first();
    return (
      row && {
        callSid: row.call_sid,
        integrationId: row.integration_id,
        alertId: row.alert_id,
        state: row.state,
        version: row.version,
      }
    );
  }

  async startSession(session: Omit<CallSession, 'version'>, at: Date) {
    await this.db<CallSessionRow>('call_sessions').insert({
      call_sid: session.callSid,
      integration_id: session.integrationId,
      alert_id: session.alertId,
      state: session.state,
      version: 1,
      created_at: at.getTime(),
      updated_at: at.getTime(),
    });
  }

  /**
   * Moves a session on from the version it was read at. False when another
   * request (a duplicate callback, another replica) moved it first: the
   * caller then leaves the call as that request left it.
   */
  async advance(
    session: CallSession,
    state: CallState,
    at: Date,
  ): Promise<boolean> {
    const updated = await this.db<CallSessionRow>('call_sessions')
      .where({ call_sid: session.callSid, version: session.version })
      .update({
        state,
        version: session.version + 1,
        updated_at: at.getTime(),
      });
    return updated === 1;
  }

  async recordRejection(integrationId: string, callerNumber: string, at: Date) {
    await this.db('call_rejections').insert({
      integration_id: integrationId,
      caller_number: callerNumber,
      at: at.getTime(),
    });
  }
}
