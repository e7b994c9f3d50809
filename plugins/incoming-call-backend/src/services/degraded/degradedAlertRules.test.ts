import { mockServices } from '@backstage/backend-test-utils';
import {
  alertRulesSchema,
  defaultIntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import { TwilioUrls } from '../../twilio/TwilioUrls';
import { DegradedCalls } from './DegradedCalls';

const HOTLINE = '+14155550100';
const integration = {
  id: 'i1',
  teamRef: 'group:default/platform',
  config: {
    ...defaultIntegrationConfig({
      ref: 'group:default/platform',
      title: 'Platform',
    }),
    numbers: [{ number: HOTLINE, country: 'US', source: 'attached' }],
    recipients: ['user:default/ana'],
    alertRules: alertRulesSchema.parse([
      {
        name: 'VIP callers',
        match: { type: 'prefix', value: '+1415555*' },
        actions: {
          priority: 'P1',
          tags: ['vip'],
          extraRecipients: ['user:default/bob'],
          notify: false,
        },
      },
    ]),
  },
};

/** Degraded mode with the database back for the write-back. */
function degradedCalls() {
  const write = jest.fn();
  const plannerWith = jest.fn(async () => jest.fn(() => ({ tiers: [] })));
  const calls = new DegradedCalls({
    routing: {
      lastKnown: () => ({
        integrationOf: (n: string) =>
          n === HOTLINE ? (integration as never) : undefined,
        overrides: [],
      }),
    },
    roster: { plannerWith: plannerWith as never },
    store: {
      write,
      addEvents: jest.fn(),
      sessionAlertId: jest.fn(async () => undefined),
    },
    integrations: {
      getByNumbers: jest.fn(
        async () => new Map([[HOTLINE, integration as never]]),
      ),
    },
    urls: async () =>
      new TwilioUrls({
        webhooks: 'https://calls.example.com/webhooks',
        audio: id => `https://calls.example.com/media/${id}`,
      }),
    logger: mockServices.logger.mock(),
    clock: { now: () => 0 },
  });
  return { calls, write, plannerWith };
}

const call = (from: string) => ({
  callSid: `CA${'1'.repeat(32)}`,
  from,
  to: HOTLINE,
  at: new Date(0),
});

describe('degraded mode and alert rules', () => {
  it("writes a VIP caller's alert with the rule's priority, tags and line, and rings the rule's extra recipients", async () => {
    const { calls, write, plannerWith } = degradedCalls();
    await calls.answer(call('+14155550142'));
    const planner = await plannerWith.mock.results[0].value;
    expect(planner).toHaveBeenCalledWith(['user:default/ana'], 3, new Date(0), {
      ruleName: 'VIP callers',
      recipients: ['user:default/bob'],
    });

    await calls.flush();
    const [written] = write.mock.calls[0];
    expect(written.alert).toMatchObject({
      priority: 'P1',
      tags: ['vip', 'degraded'],
      alertRule: 'VIP callers',
      notificationsMuted: true,
    });
    expect(
      written.events.map((e: { type: string; message: string }) => [
        e.type,
        e.message,
      ]),
    ).toEqual([
      [
        'call-received',
        `Call from +14155550142 to ${HOTLINE}, answered in degraded mode (the database could not be reached)`,
      ],
      [
        'rule-matched',
        "Rule 'VIP callers' matched: P1, tagged vip, also rings 1 more recipient, no notifications",
      ],
    ]);
  });

  it('writes P3 and only the degraded tag for a caller no rule matches', async () => {
    const { calls, write } = degradedCalls();
    await calls.answer(call('+4930555000'));
    await calls.flush();
    const [written] = write.mock.calls[0];
    expect(written.alert).toMatchObject({
      priority: 'P3',
      tags: ['degraded'],
      notificationsMuted: false,
    });
    expect(written.alert.alertRule).toBeUndefined();
    expect(written.events.map((e: { type: string }) => e.type)).toEqual([
      'call-received',
    ]);
  });
});
