import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { IntegrationConfig } from '@icr/plugin-incoming-call-common';
import type { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import type { Knex } from 'knex';
import { startNetworkCallBackend } from '../../__testUtils__/callBackend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { eventually } from '../../__testUtils__/eventually';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';
import {
  recordingNotifications,
  sentTo as who,
} from '../../__testUtils__/recordingNotifications';
import { OverrideStore } from '../../database/OverrideStore';
import { systemClock } from '../../lib/clock';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ANA = '+14155550101';
const CAROL = '+14155550103';
const MIN = 60_000;

describe.each(databases.eachSupportedId())(
  'notifications of calls through the simulated phone network on %s',
  id => {
    let knex: Knex;
    let network: SimulatedPhoneNetwork;
    let api = '';
    let notifications: ReturnType<typeof recordingNotifications>;
    let scheduler: ReturnType<typeof mockServices.scheduler.mock>;
    /** How far the backend's clock is moved on from the real time (ms). */
    let offset = 0;
    const realNow = Date.now.bind(Date);

    const runTask = async (taskId: string) => {
      const [task] = scheduler.scheduleTask.mock.calls.find(
        ([t]) => t.id === taskId,
      )!;
      await (task.fn as (signal: AbortSignal) => Promise<void>)(
        new AbortController().signal,
      );
    };
    /** Moves the clock on, then runs the dispatcher's scheduled task. */
    const later = async (ms: number) => {
      offset += ms;
      await runTask('incoming-call-notifications');
    };

    beforeEach(async () => {
      offset = 0;
      // The plugin reads the time through its one clock, Date.now.
      jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
      knex = await databases.init(id);
      scheduler = mockServices.scheduler.mock();
      notifications = recordingNotifications();
      const started = await startNetworkCallBackend(knex, [
        scheduler.factory,
        notifications.factory,
      ]);
      network = started.network;
      api = `${started.root}/api/incoming-call`;
    });
    afterEach(() => jest.restoreAllMocks());

    const save = (changes: Partial<IntegrationConfig>) =>
      savePlatformIntegration(knex, changes);
    const alert = () => knex('alerts').first('id', 'status', 'outcome');
    const timeline = async () =>
      knex('alert_events')
        .where({ type: 'notification-sent' })
        .orderBy('seq')
        .pluck('message');
    const states = async () =>
      (await knex('notification_outbox').orderBy('key').pluck('state')).sort();

    it('mode default: notifies the first tier at once by each contact method, with a link to the alert, on the timeline', async () => {
      await save({ notification: { mode: 'default' } });
      network.setPhone(ANA, { kind: 'ring' });
      network.setPhone(CAROL, { kind: 'ring' });
      network.call('+4930555000', HOTLINE);

      // No poll: the arrival kicks the dispatcher at once.
      await eventually(async () =>
        expect((await timeline()).sort()).toEqual([
          'Notified ana by e-mail',
          'Notified ana in Backstage',
          'Notified carol by e-mail',
          'Notified carol in Backstage',
        ]),
      );
      const { id: alertId } = await alert();
      expect(who(notifications.sent).sort()).toEqual([
        'ana incoming-call',
        'ana incoming-call-email',
        'carol incoming-call',
        'carol incoming-call-email',
      ]);
      expect(notifications.sent[0].payload).toMatchObject({
        title: '[P3] Incoming call for Platform from +4930555000',
        link: `/incoming-calls/alerts/${alertId}`,
        severity: 'normal',
      });
      expect(await states()).toEqual(['sent', 'sent', 'sent', 'sent']);
    });

    it('mode delayed, answered before the delay: notifies nobody', async () => {
      await save({ notification: { mode: 'delayed', delayMinutes: 5 } });
      network.setPhone(ANA, { kind: 'answer', press: '1' });
      const caller = network.call('+4930555000', HOTLINE);
      await eventually(async () => {
        await network.settled();
        expect(network.get(caller.sid).bridgedWith).toBeDefined();
      });
      expect((await states()).length).toBe(4);

      await later(6 * MIN);
      expect(notifications.sent).toEqual([]);
      expect(await timeline()).toEqual([]);
      await eventually(async () =>
        expect(new Set(await states())).toEqual(new Set(['cancelled'])),
      );
    });

    it('mode delayed, not answered within the delay: notifies once the delay is over, not before', async () => {
      await save({ notification: { mode: 'delayed', delayMinutes: 5 } });
      network.setPhone(ANA, { kind: 'ring' });
      network.setPhone(CAROL, { kind: 'ring' });
      network.call('+4930555000', HOTLINE);
      await eventually(async () => expect((await states()).length).toBe(4));

      await later(4 * MIN);
      expect(notifications.sent).toEqual([]);
      await later(1 * MIN + 1_000);
      expect(who(notifications.sent).sort()).toEqual([
        'ana incoming-call',
        'ana incoming-call-email',
        'carol incoming-call',
        'carol incoming-call-email',
      ]);
      expect(notifications.sent[0].payload.title).toBe(
        '[P3] Unanswered call for Platform from +4930555000',
      );
      expect((await timeline()).length).toBe(4);
    });

    it('mode voicemail: notifies when the voicemail is left, not when the call comes in', async () => {
      await save({ notification: { mode: 'voicemail' } });
      network.setPhone(ANA, { kind: 'no-answer' });
      network.setPhone(CAROL, { kind: 'busy' });
      network.call('+4930555000', HOTLINE, { voicemailSeconds: 5 });

      await eventually(async () => {
        await network.settled();
        expect(who(notifications.sent).sort()).toEqual([
          'ana incoming-call',
          'ana incoming-call-email',
          'carol incoming-call',
          'carol incoming-call-email',
        ]);
      });
      expect(notifications.sent[0].payload.title).toBe(
        '[P3] Voicemail for Platform from +4930555000',
      );
      expect((await alert()).outcome).toBe('voicemail');
    });

    it('follows an escalation with a 5-minute rule and a repeat, in order, and stops on acknowledge', async () => {
      const now = Date.now();
      // Ana is on call for the escalation's schedule; Carol is its 5-minute rule.
      await new OverrideStore(knex, systemClock).create({
        scheduleRef: 'schedule:default/platform-primary',
        userRef: 'user:default/ana',
        start: new Date(now - 3_600_000),
        end: new Date(now + 3_600_000),
        createdBy: 'user:default/ana',
      });
      await save({
        notification: { mode: 'default' },
        recipients: ['escalation:default/platform-escalation'],
        usersToTry: 10,
      });
      network.setPhone(ANA, { kind: 'ring' });
      network.setPhone(CAROL, { kind: 'ring' });
      network.call('+4930555000', HOTLINE);
      const sentTo = () =>
        who(notifications.sent).filter(w => !w.endsWith('email'));

      await eventually(() => expect(sentTo()).toEqual(['ana incoming-call']));
      await later(4 * MIN);
      expect(sentTo()).toEqual(['ana incoming-call']);
      // Carol's rule at 5 minutes.
      await later(1 * MIN);
      expect(sentTo()).toEqual(['ana incoming-call', 'carol incoming-call']);
      // The repeat once the first pass ran out (5 min + Carol's 25 s ring).
      await later(25_000);
      expect(sentTo()).toEqual([
        'ana incoming-call',
        'carol incoming-call',
        'ana incoming-call',
      ]);

      const { id: alertId } = await alert();
      const ack = await fetch(`${api}/alerts/${alertId}/acknowledge`, {
        method: 'POST',
        headers: {
          Authorization: mockCredentials.user.header('user:default/ana'),
        },
      });
      expect(ack.status).toBe(200);
      await later(30 * MIN);
      expect(sentTo()).toEqual([
        'ana incoming-call',
        'carol incoming-call',
        'ana incoming-call',
      ]);
      // In order of the steps; a step's two methods are sent side by side.
      const lines = await timeline();
      expect(
        lines.map(l => l.replace(/ (in Backstage|by e-mail)/, '')),
      ).toEqual([
        'Notified ana',
        'Notified ana',
        'Notified carol (escalation step 2)',
        'Notified carol (escalation step 2)',
        'Notified ana (escalation step 3)',
        'Notified ana (escalation step 3)',
      ]);
      expect(lines.filter(l => l.includes('by e-mail'))).toHaveLength(3);
      const left = await knex('notification_outbox')
        .whereNot({ state: 'sent' })
        .pluck('state');
      expect(left.length).toBeGreaterThan(0);
      expect(new Set(left)).toEqual(new Set(['cancelled']));
    });

    it("notifies only the chosen auto-attendant option's recipients", async () => {
      await save({
        notification: { mode: 'default' },
        autoAttendant: {
          enabled: true,
          prompt: { type: 'text', text: 'Press 1 for Carol, 2 for Ana.' },
          options: [
            { key: '1', label: 'Carol', recipients: ['user:default/carol'] },
            { key: '2', label: 'Ana', recipients: ['user:default/ana'] },
          ],
        },
      });
      network.setPhone(CAROL, { kind: 'ring' });
      network.call('+4930555000', HOTLINE, { keys: ['1'] });

      await eventually(() =>
        expect(who(notifications.sent).sort()).toEqual([
          'carol incoming-call',
          'carol incoming-call-email',
        ]),
      );
      await later(30 * MIN);
      expect(who(notifications.sent)).toHaveLength(2);
    });

    it("puts the caller's alert rule's priority and tags in the notification", async () => {
      await save({
        notification: { mode: 'default' },
        alertRules: [
          {
            name: 'VIP callers',
            match: { type: 'prefix', value: '+49*' },
            actions: {
              priority: 'P1',
              tags: ['vip'],
              extraRecipients: [],
              notify: true,
            },
          },
        ],
      });
      network.setPhone(ANA, { kind: 'ring' });
      network.setPhone(CAROL, { kind: 'ring' });
      network.call('+4930555000', HOTLINE);
      await eventually(() => expect(notifications.sent).toHaveLength(4));
      expect(notifications.sent[0].payload).toMatchObject({
        title: '[P1] Incoming call for Platform from +4930555000',
        severity: 'critical',
      });
      expect(notifications.sent[0].payload.description).toContain('tagged vip');
    });

    it("notifies nobody when the caller's alert rule says no notifications", async () => {
      await save({
        notification: { mode: 'default' },
        alertRules: [
          {
            name: 'Known robocaller',
            match: { type: 'number', value: '+4930555001' },
            actions: { tags: [], extraRecipients: [], notify: false },
          },
        ],
      });
      network.setPhone(ANA, { kind: 'ring' });
      network.call('+4930555001', HOTLINE);
      await eventually(async () =>
        expect(
          await knex('alert_events').where({ type: 'responder-dialled' }),
        ).toHaveLength(1),
      );
      const muted = await knex('alerts').first('notifications_muted');
      expect(Boolean(muted.notifications_muted)).toBe(true);
      await later(30 * MIN);
      expect(notifications.sent).toEqual([]);
      expect(await states()).toEqual([]);
    });

    it('notifies the recipients of a voicemail-only integration (users to try 0), which dials nobody', async () => {
      await save({ notification: { mode: 'default' }, usersToTry: 0 });
      network.call('+4930555000', HOTLINE, { voicemailSeconds: 3 });

      await eventually(() =>
        expect(who(notifications.sent).sort()).toEqual([
          'ana incoming-call',
          'ana incoming-call-email',
          'carol incoming-call',
          'carol incoming-call-email',
        ]),
      );
      await network.settled();
      expect(
        network.calls().filter(c => c.to === ANA || c.to === CAROL),
      ).toEqual([]);
    });

    it('stops when the caller hangs up before anyone answered', async () => {
      await save({
        notification: { mode: 'delayed', delayMinutes: 2 },
      });
      network.setPhone(ANA, { kind: 'ring' });
      const caller = network.call('+4930555000', HOTLINE);
      await eventually(async () => expect((await states()).length).toBe(4));

      network.hangUp(caller.sid);
      await eventually(async () => {
        await network.settled();
        expect(await alert()).toMatchObject({
          status: 'closed',
          outcome: 'abandoned',
        });
      });
      await later(10 * MIN);
      expect(notifications.sent).toEqual([]);
      await eventually(async () =>
        expect(new Set(await states())).toEqual(new Set(['cancelled'])),
      );
    });
  },
);
