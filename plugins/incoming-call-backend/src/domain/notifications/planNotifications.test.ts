import type {
  ContactMethod,
  IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import type { DialStep } from '../engine/callEngine';
import {
  type NotificationPlanInput,
  notifyOnlyRecipients,
  planNotifications,
  stillWanted,
  stopsNotifications,
} from './planNotifications';
import {
  notificationEventMessage,
  notificationText,
  severityOf,
} from './notificationMessage';

const T0 = Date.parse('2026-12-12T10:00:00Z');
const MIN = 60_000;

const step = (name: string, afterMinutes = 0, pass?: number): DialStep => ({
  userRef: `user:default/${name}`,
  displayName: name,
  phone: '+14155550101',
  reason: 'test',
  afterSeconds: afterMinutes * 60,
  ...(pass && { pass }),
});

const methods: Record<string, ContactMethod[]> = {
  'user:default/ana': ['backstage', 'email'],
  'user:default/bob': ['sms'],
  'user:default/carol': [],
};

const input = (
  changes: Partial<NotificationPlanInput> = {},
): NotificationPlanInput => ({
  alertId: 'A1',
  notification: { mode: 'default' },
  trigger: { kind: 'routed', at: T0 },
  arrivedAt: T0,
  plan: [step('ana')],
  ringTimeoutSeconds: 30,
  methodsOf: ref => methods[ref] ?? ['backstage'],
  ...changes,
});

/** "step user method @minutes" per planned notification, for reading. */
const summary = (i: NotificationPlanInput) =>
  planNotifications(i).map(
    n =>
      `${n.step} ${n.userRef.split('/')[1]} ${n.method} @${
        (n.dueAt - T0) / MIN
      } ${n.reason}`,
  );

describe('planNotifications', () => {
  it('notifies the first tier at once in mode default, by each contact method', () => {
    expect(summary(input())).toEqual([
      '0 ana backstage @0 incoming-call',
      '0 ana email @0 incoming-call',
    ]);
  });

  it('gives each notification a key unique to alert, step, user and method', () => {
    const keys = planNotifications(
      input({ plan: [step('ana'), step('ana', 5), step('dave', 5)] }),
    ).map(n => n.key);
    expect(keys).toEqual([
      'A1/0/user:default/ana/backstage',
      'A1/0/user:default/ana/email',
      'A1/1/user:default/ana/backstage',
      'A1/1/user:default/ana/email',
      'A1/1/user:default/dave/backstage',
    ]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is the same plan for the same input (a duplicated webhook inserts the same keys)', () => {
    const i = input({ plan: [step('ana'), step('dave', 5)] });
    expect(planNotifications(i)).toEqual(planNotifications(i));
  });

  it('notifies a later tier at its delay, all users of a tier together', () => {
    expect(
      summary(
        input({
          plan: [step('ana'), step('dave'), step('erin', 5), step('frank', 15)],
          methodsOf: () => ['backstage'],
        }),
      ),
    ).toEqual([
      '0 ana backstage @0 incoming-call',
      '0 dave backstage @0 incoming-call',
      '1 erin backstage @5 incoming-call',
      '2 frank backstage @15 incoming-call',
    ]);
  });

  it("starts a repeat once the pass before it has run out: its last tier's delay and each of its phones ringing out", () => {
    // Pass 0: ana at 0, dave at 5 (rings 30 s): the repeat starts at 5.5 min
    // and waits its rules' delays again.
    expect(
      summary(
        input({
          plan: [
            step('ana'),
            step('dave', 5),
            step('ana', 0, 1),
            step('dave', 5, 1),
          ],
          methodsOf: () => ['backstage'],
        }),
      ),
    ).toEqual([
      '0 ana backstage @0 incoming-call',
      '1 dave backstage @5 incoming-call',
      '2 ana backstage @5.5 incoming-call',
      '3 dave backstage @10.5 incoming-call',
    ]);
  });

  it('counts a pass whose phones ring longer than its delays by the ringing', () => {
    // Four users at 0 ringing 60 s each outlast the 2-minute rule.
    const plan = [
      ...['ana', 'bob', 'dave', 'erin'].map(n => step(n)),
      step('frank', 2),
      step('ana', 0, 1),
    ];
    const due = planNotifications(
      input({ plan, ringTimeoutSeconds: 60, methodsOf: () => ['backstage'] }),
    ).map(n => (n.dueAt - T0) / MIN);
    expect(due).toEqual([0, 0, 0, 0, 2, 5]);
  });

  it('leaves out users with no method that has a channel', () => {
    expect(summary(input({ plan: [step('carol'), step('bob')] }))).toEqual([
      '0 bob sms @0 incoming-call',
    ]);
  });

  it('counts mode default from the moment the call reached its plan (a menu choice)', () => {
    expect(
      summary(
        input({
          arrivedAt: T0 - 2 * MIN,
          trigger: { kind: 'routed', at: T0 },
          methodsOf: () => ['email'],
        }),
      ),
    ).toEqual(['0 ana email @0 incoming-call']);
  });

  it('notifies in mode delayed from N minutes after the arrival, then each step at its delay', () => {
    expect(
      summary(
        input({
          notification: { mode: 'delayed', delayMinutes: 3 },
          plan: [step('ana'), step('dave', 5)],
          methodsOf: () => ['backstage'],
        }),
      ),
    ).toEqual([
      '0 ana backstage @3 unanswered',
      '1 dave backstage @8 unanswered',
    ]);
  });

  it('notifies nobody in mode voicemail when the call is routed', () => {
    expect(
      planNotifications(input({ notification: { mode: 'voicemail' } })),
    ).toEqual([]);
  });

  it('notifies in mode voicemail when the voicemail is left, following the escalation from then', () => {
    expect(
      summary(
        input({
          notification: { mode: 'voicemail' },
          trigger: { kind: 'voicemail', at: T0 + 2 * MIN },
          plan: [step('ana'), step('dave', 5)],
          methodsOf: () => ['backstage'],
        }),
      ),
    ).toEqual([
      '0 ana backstage @2 voicemail',
      '1 dave backstage @7 voicemail',
    ]);
  });

  it('sends nothing more for a voicemail in the other modes (their notifications are under way)', () => {
    for (const notification of [
      { mode: 'default' as const },
      { mode: 'delayed' as const, delayMinutes: 5 },
    ]) {
      expect(
        planNotifications(
          input({ notification, trigger: { kind: 'voicemail', at: T0 } }),
        ),
      ).toEqual([]);
    }
  });

  it('notifies nobody when an alert rule says no notifications', () => {
    expect(planNotifications(input({ suppressed: true }))).toEqual([]);
  });

  it('notifies nobody with an empty plan (a menu not yet chosen, voicemail only)', () => {
    expect(planNotifications(input({ plan: [] }))).toEqual([]);
  });
});

describe('stillWanted', () => {
  it.each([
    ['open', 'pending', true],
    ['open', 'voicemail', true],
    ['acknowledged', 'pending', false],
    ['closed', 'pending', false],
    ['acknowledged', 'answered', false],
    ['open', 'answered', false],
    ['closed', 'abandoned', false],
    ['open', 'abandoned', false],
  ] as const)('an alert %s with outcome %s: %s', (status, outcome, wanted) => {
    expect(stillWanted({ status, outcome })).toBe(wanted);
  });
});

describe('stopsNotifications', () => {
  it('stops on an answer, an abandoned call and a close', () => {
    expect(
      stopsNotifications([
        { type: 'acknowledge', userRef: 'user:default/ana' },
      ]),
    ).toBe(true);
    expect(
      stopsNotifications([
        { type: 'set-outcome', outcome: 'abandoned', durationSeconds: 3 },
      ]),
    ).toBe(true);
    expect(stopsNotifications([{ type: 'close-alert', message: 'x' }])).toBe(
      true,
    );
  });

  it('goes on through a voicemail and the dialling', () => {
    expect(
      stopsNotifications([
        { type: 'set-outcome', outcome: 'voicemail', durationSeconds: 3 },
        { type: 'record', eventType: 'responder-dialled', message: 'x' },
        { type: 'release-slots' },
      ]),
    ).toBe(false);
  });
});

describe('notification text', () => {
  it.each([
    ['P1', 'critical'],
    ['P2', 'high'],
    ['P3', 'normal'],
    ['P4', 'low'],
    ['P5', 'low'],
  ])('%s is %s', (priority, severity) => {
    expect(severityOf(priority)).toBe(severity);
  });

  const alert = {
    teamTitle: 'Platform',
    integrationName: 'Platform hotline',
    callerNumber: '+4930555000',
    priority: 'P1',
    tags: ['vip'],
  };

  it('says who called whom, why now, and the priority', () => {
    expect(notificationText({ reason: 'incoming-call', alert })).toEqual({
      title: '[P1] Incoming call for Platform from +4930555000',
      description:
        '+4930555000 is calling Platform hotline. Priority P1, tagged vip. Open the alert to acknowledge it.',
    });
    expect(
      notificationText({
        reason: 'voicemail',
        alert: { ...alert, callerNumber: 'anonymous', tags: [] },
      }).title,
    ).toBe('[P1] Voicemail for Platform from an anonymous caller');
    expect(notificationText({ reason: 'unanswered', alert }).title).toBe(
      '[P1] Unanswered call for Platform from +4930555000',
    );
  });

  it('writes the timeline line with the channel, the step and the error', () => {
    expect(
      notificationEventMessage({
        displayName: 'Ana',
        method: 'email',
        step: 0,
      }),
    ).toBe('Notified Ana by e-mail');
    expect(
      notificationEventMessage({
        displayName: 'Ana',
        method: 'backstage',
        step: 2,
        error: 'refused',
      }),
    ).toBe('Could not notify Ana in Backstage (escalation step 3): refused');
  });
});

describe('notifyOnlyRecipients (users to try 0)', () => {
  type Key = IntegrationConfig['autoAttendant']['options'][number]['key'];
  const menu = (options: Array<{ key: Key; recipients: string[] }>) => ({
    recipients: ['group:default/platform'],
    autoAttendant: {
      enabled: true,
      prompt: { type: 'text' as const, text: 'Press 1' },
      options: options.map(o => ({ ...o, label: o.key })),
    },
  });

  it("is the integration's recipients without an auto-attendant", () => {
    expect(
      notifyOnlyRecipients(
        {
          ...menu([]),
          autoAttendant: { ...menu([]).autoAttendant, enabled: false },
        },
        undefined,
      ),
    ).toEqual(['group:default/platform']);
  });

  it("is the chosen option's, else the * option's, and nobody's before the choice", () => {
    const config = menu([
      { key: '1', recipients: ['user:default/ana'] },
      { key: '*', recipients: ['user:default/carol'] },
    ]);
    expect(notifyOnlyRecipients(config, '1')).toEqual(['user:default/ana']);
    expect(notifyOnlyRecipients(config, '7')).toEqual(['user:default/carol']);
    expect(notifyOnlyRecipients(config, undefined)).toEqual([]);
    expect(
      notifyOnlyRecipients(
        menu([{ key: '1', recipients: ['user:default/ana'] }]),
        '7',
      ),
    ).toEqual([]);
  });
});
