import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import type { Knex } from 'knex';
import request from 'supertest';
import { startNetworkCallBackend } from '../../__testUtils__/callBackend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { permissionsFromDefaultPolicy } from '../../__testUtils__/defaultPolicy';
import { eventually } from '../../__testUtils__/eventually';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';
import { recordingNotifications } from '../../__testUtils__/recordingNotifications';
import { StatusMessageStore } from '../../database/StatusMessageStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
/** The queue's wait document: the caller's place in the line, then the music. */
const PLACE_IN_LINE = expect.stringMatching(/ in line\./);
const HOLD_MUSIC = expect.stringMatching(/^\[hold music /);
const ANA = '+14155550101';
const CAROL = '+14155550103';
const ana = mockCredentials.user.header('user:default/ana'); // Platform
const bob = mockCredentials.user.header('user:default/bob'); // Payments
const PLATFORM = '/api/incoming-call/teams/default/platform';

describe.each(databases.eachSupportedId())(
  'outage mode through the simulated phone network on %s',
  id => {
    let knex: Knex;
    let network: SimulatedPhoneNetwork;
    let root = '';
    let notifications: ReturnType<typeof recordingNotifications>;

    beforeEach(async () => {
      knex = await databases.init(id);
      notifications = recordingNotifications();
      const started = await startNetworkCallBackend(knex, [
        mockServices.scheduler.factory(),
        notifications.factory,
        permissionsFromDefaultPolicy(),
      ]);
      network = started.network;
      root = started.root;
      network.setPhone(ANA, { kind: 'ring' });
      network.setPhone(CAROL, { kind: 'ring' });
    });

    const alerts = () =>
      knex('alerts')
        .orderBy('created_at')
        .select('id', 'parent_alert_id', 'child_count', 'title');
    /** One call after the other: each recorded before the next comes in. */
    const callIn = async (count: number, from = 0) => {
      for (let i = 0; i < count; i++) {
        const before = (await alerts()).length;
        network.call(`+493055500${from + i}`, HOTLINE);
        await eventually(async () =>
          expect((await alerts()).length).toBeGreaterThan(before),
        );
      }
    };
    /** The incidents' parent alerts, once `count` are there. */
    const parentsOnceThere = async (count: number) => {
      let parents: Awaited<ReturnType<typeof alerts>> = [];
      await eventually(async () => {
        parents = (await alerts()).filter(a => a.child_count !== null);
        expect(parents).toHaveLength(count);
      });
      return parents;
    };
    const outboxOf = (alertId: string) =>
      knex('notification_outbox').where({ alert_id: alertId }).pluck('state');

    it('groups the calls over the threshold under one parent, the earlier ones too, and notifies once for the group', async () => {
      await savePlatformIntegration(knex, {
        incident: { enabled: true, calls: 3, windowMinutes: 5 },
      });
      await callIn(3);
      expect((await alerts()).every(a => !a.parent_alert_id)).toBe(true);
      // Each of the first three calls is notified on its own.
      await eventually(async () =>
        expect(notifications.sent.length).toBe(3 * 4),
      );

      await callIn(1, 3);
      const [parent] = await parentsOnceThere(1);
      const all = await alerts();
      expect(parent.title).toBe(
        'Incident: more than 3 calls to Platform hotline in 5 minutes',
      );
      const children = all.filter(a => a.child_count === null);
      expect(children.map(c => c.parent_alert_id)).toEqual(
        Array(4).fill(parent.id),
      );
      expect(Number(parent.child_count)).toBe(4);

      // A fifth call joins the open incident.
      await callIn(1, 4);
      await eventually(async () => {
        const [row] = await knex('alerts')
          .where({ id: parent.id })
          .pluck('child_count');
        expect(Number(row)).toBe(5);
      });

      // The group is notified once: Ana and Carol in Backstage and by
      // e-mail; the calls grouped under it queue nothing of their own.
      await eventually(async () =>
        expect((await outboxOf(parent.id)).sort()).toEqual([
          'sent',
          'sent',
          'sent',
          'sent',
        ]),
      );
      expect(await outboxOf(children[3].id)).toEqual([]);
      const fifth = (await alerts()).at(-1)!;
      expect(await outboxOf(fifth.id)).toEqual([]);
      expect(notifications.sent.length).toBe(4 * 4);
      expect(notifications.sent.at(-1)!.payload.title).toBe(
        '[P3] Incident: more than 3 calls to Platform hotline in 5 minutes',
      );
      const parentTimeline = await knex('alert_events')
        .where({ alert_id: parent.id, type: 'incident' })
        .pluck('message');
      expect(parentTimeline).toEqual([
        'Incident: more than 3 calls to Platform hotline in 5 minutes: the calls are grouped under this alert',
      ]);

      // The API: the parent's count, each child's link, the children by parent.
      const got = await request(root)
        .get(`/api/incoming-call/alerts/${parent.id}`)
        .set('Authorization', ana);
      expect(got.body).toMatchObject({ childCount: 5, title: parent.title });
      const child = await request(root)
        .get(`/api/incoming-call/alerts/${fifth.id}`)
        .set('Authorization', ana);
      expect(child.body.parentAlertId).toBe(parent.id);
      const listed = await request(root)
        .get(`/api/incoming-call/alerts?parent=${parent.id}`)
        .set('Authorization', ana);
      expect(listed.body.items).toHaveLength(5);
      const banner = await request(root)
        .get(`${PLATFORM}/incident`)
        .set('Authorization', ana);
      expect(banner.body.items).toEqual([
        expect.objectContaining({
          parentAlertId: parent.id,
          childCount: 5,
          recentCalls: 5,
          windowMinutes: 5,
        }),
      ]);

      // Closed by hand, the incident is over: the next burst opens another,
      // and the children stay as they were.
      await request(root)
        .post(`/api/incoming-call/alerts/${parent.id}/close`)
        .set('Authorization', ana)
        .expect(200);
      expect(
        (
          await request(root)
            .get(`${PLATFORM}/incident`)
            .set('Authorization', ana)
        ).body.items,
      ).toEqual([]);
      await callIn(1, 5);
      const reopened = (await parentsOnceThere(2)).filter(
        a => a.id !== parent.id,
      );
      // Only the new call: the five before are the first incident's.
      expect(Number(reopened[0].child_count)).toBe(1);
    });

    it('leaves calls alone when grouping is off', async () => {
      await savePlatformIntegration(knex, {
        incident: { enabled: false, calls: 2, windowMinutes: 5 },
      });
      await callIn(4);
      expect(
        (await alerts()).filter(
          a => a.child_count !== null || a.parent_alert_id,
        ),
      ).toEqual([]);
    });

    it('plays the status message right after the welcome, before the hold queue, until it is switched off', async () => {
      await savePlatformIntegration(knex);
      const text =
        'We know about the checkout outage; updates at status.example.com';
      await request(root)
        .put(`${PLATFORM}/status-message`)
        .set('Authorization', ana)
        .send({ message: { type: 'text', text } })
        .expect(200);

      const first = network.call('+4930555000', HOTLINE);
      await eventually(async () => {
        await network.settled();
        expect(first.heard).toContainEqual(HOLD_MUSIC);
      });
      expect(first.heard[0]).toContain(
        'You have reached the Platform support line',
      );
      expect(first.heard.slice(1, 3)).toEqual([text, PLACE_IN_LINE]);

      const off = await request(root)
        .delete(`${PLATFORM}/status-message`)
        .set('Authorization', ana)
        .expect(200);
      expect(off.body.statusMessage).toMatchObject({
        enabled: false,
        message: { text },
      });
      const second = network.call('+4930555001', HOTLINE);
      await eventually(async () => {
        await network.settled();
        expect(second.heard).toContainEqual(HOLD_MUSIC);
      });
      expect(second.heard.slice(1, 2)).toEqual([PLACE_IN_LINE]);
      expect(second.heard).not.toContain(text);
    });

    it('plays a status message switched on by another replica from the next call on', async () => {
      await savePlatformIntegration(knex);
      const first = network.call('+4930555000', HOTLINE);
      await eventually(async () => {
        await network.settled();
        expect(first.heard).toContainEqual(HOLD_MUSIC);
      });
      // This backend holds its routing view now; another replica changes
      // the status message in the shared database.
      const text = 'We are working on it';
      await new StatusMessageStore(knex).switchOn(
        'group:default/platform',
        { type: 'text', text },
        'user:default/ana',
        new Date(),
      );
      const second = network.call('+4930555001', HOTLINE);
      await eventually(async () => {
        await network.settled();
        expect(second.heard).toContainEqual(HOLD_MUSIC);
      });
      expect(second.heard.slice(1, 3)).toEqual([text, PLACE_IN_LINE]);
    });

    it('lets only the team change its status message, and checks it', async () => {
      await savePlatformIntegration(knex);
      await request(root)
        .put(`${PLATFORM}/status-message`)
        .set('Authorization', bob)
        .send({ message: { type: 'text', text: 'Hello' } })
        .expect(403);
      await request(root)
        .delete(`${PLATFORM}/status-message`)
        .set('Authorization', bob)
        .expect(403);
      const bad = await request(root)
        .put(`${PLATFORM}/status-message`)
        .set('Authorization', ana)
        .send({ message: { type: 'text', text: 'Bad \u0001' } })
        .expect(400);
      expect(bad.body.error.message).toContain('message.text');
      const missing = await request(root)
        .put(`${PLATFORM}/status-message`)
        .set('Authorization', ana)
        .send({ message: { type: 'audio', audioId: 'nope' } })
        .expect(400);
      expect(missing.body.error.message).toContain('message.audioId');
      expect(
        Number((await knex('status_messages').count({ n: '*' }))[0].n),
      ).toBe(0);
      // Anyone signed in reads it (callers hear it anyway).
      const read = await request(root)
        .get(`${PLATFORM}/status-message`)
        .set('Authorization', bob)
        .expect(200);
      expect(read.body).toEqual({ statusMessage: null });
    });
  },
);
