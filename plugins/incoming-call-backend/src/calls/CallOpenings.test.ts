import { randomUUID } from 'node:crypto';
import { createTestDatabases } from '../__testUtils__/databases';
import { applyMigrations } from '../store/migrations';
import { type CallOpening, CallOpenings } from './CallOpenings';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const opening = (callSid: string): CallOpening => {
  const at = new Date('2026-11-25T10:00:00Z');
  const alertId = randomUUID();
  return {
    alertId,
    alert: {
      teamRef: 'group:default/platform',
      integrationId: 'integration-1',
      callerNumber: '+4930555000',
      dialledNumber: '+14155550100',
      priority: 'P3',
      tags: [],
      at,
    },
    events: [{ type: 'call-received', message: `Call ${callSid}`, at }],
    session: {
      callSid,
      alertId,
      integrationId: 'integration-1',
      flow: { state: 'queued', plan: [], next: 0, voicemail: true },
      context: {
        callerNumber: '+4930555000',
        dialledNumber: '+14155550100',
        teamName: 'Platform',
        language: 'en-US',
        ringTimeoutSeconds: 25,
        queue: `call-${callSid}`,
        voicemailPrompt: null,
      },
    },
    at,
  };
};

describe.each(databases.eachSupportedId())('CallOpenings on %s', id => {
  it('records a burst of calls together, and turns away only a duplicate', async () => {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    const openings = new CallOpenings(knex);
    const sids = Array.from({ length: 40 }, (_, i) => `CA${i}`);
    const results = await Promise.allSettled(
      [...sids, 'CA7'].map(sid => openings.record(opening(sid))),
    );

    expect(results.filter(r => r.status === 'rejected')).toHaveLength(1);
    expect(results[40].status).toBe('rejected');
    const sessions = await knex('call_sessions').pluck('call_sid');
    expect([...sessions].sort()).toEqual([...sids].sort());
    // The duplicate left no alert or event behind.
    const count = async (table: string) =>
      Number((await knex(table).count({ n: '*' }))[0].n);
    expect(await count('alerts')).toBe(40);
    expect(await count('alert_events')).toBe(40);
  });
});
