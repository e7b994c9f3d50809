import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  ALERT_EVENTS_TOPIC,
  type ForwardedAlertEvent,
  forwardedAlertEventSchema,
  type ForwardingDestination,
  type Integration,
} from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import request from 'supertest';
import { startNetworkCallBackend } from '../../__testUtils__/callBackend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { eventually } from '../../__testUtils__/eventually';
import { permissionsFromDefaultPolicy } from '../../__testUtils__/defaultPolicy';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';
import {
  type ReceivedRequest,
  startWebhookReceiver,
} from '../../__testUtils__/webhookReceiver';
import { AlertStore } from '../../database/AlertStore';
import { applyMigrations } from '../../database/migrations';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ana = mockCredentials.user.header('user:default/ana');
const ANA_PHONE = '+14155550101';
const TEAM_PATH = '/api/incoming-call/teams/default/platform';

/** The receiver's way of checking a request (the README's snippet). */
function validSignature(received: ReceivedRequest, secret: string): boolean {
  const timestamp = String(received.headers['x-incoming-call-timestamp']);
  const expected = `sha256=${createHmac('sha256', secret)
    .update(`${timestamp}.${received.body}`)
    .digest('hex')}`;
  const got = String(received.headers['x-incoming-call-signature']);
  return (
    got.length === expected.length &&
    timingSafeEqual(Buffer.from(got), Buffer.from(expected))
  );
}

const httpDestination = (url: string): ForwardingDestination => ({
  id: randomUUID(),
  type: 'http',
  name: 'Incident bot',
  url,
  events: ['created', 'acknowledged', 'closed', 'voicemail', 'note'],
});

describe.each(databases.eachSupportedId())('forwarding on %s', id => {
  let knex: Knex;
  const stops: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    knex = await databases.init(id);
    await applyMigrations(knex);
    await savePlatformIntegration(knex);
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  /** A backend whose scheduled tasks run when the test says so. */
  async function startBackend(forwarding: Record<string, unknown> = {}) {
    const scheduler = mockServices.scheduler.mock();
    const events = mockServices.events.mock();
    const started = await startNetworkCallBackend(
      knex,
      [scheduler.factory, events.factory, permissionsFromDefaultPolicy()],
      // Retries at once: the tests wait for states, not for backoff.
      { forwarding: { backoff: { initialSeconds: 0 }, ...forwarding } },
    );
    let stopped = false;
    const stop = async () => {
      if (!stopped) await started.backend.stop();
      stopped = true;
    };
    stops.push(stop);
    const task = () =>
      scheduler.scheduleTask.mock.calls.find(
        ([t]) => t.id === 'incoming-call-forwarding',
      )![0];
    return {
      ...started,
      api: request(started.backend.server),
      events,
      stop,
      runForwarding: () =>
        (task().fn as (signal: AbortSignal) => Promise<void>)(
          new AbortController().signal,
        ),
      /** Saves the team's integration through the API, with these destinations. */
      saveDestinations: async (destinations: ForwardingDestination[]) => {
        const stored = await request(started.backend.server)
          .get(`${TEAM_PATH}/integration`)
          .set('Authorization', ana);
        const saved = await request(started.backend.server)
          .put(`${TEAM_PATH}/integration?version=${stored.body.version}`)
          .set('Authorization', ana)
          .send({ ...stored.body.config, forwarding: { destinations } });
        return saved;
      },
    };
  }

  /** An alert of the Platform team with a call-received event, now. */
  async function newAlert() {
    const integration = await knex('integrations').first('id');
    const alertId = randomUUID();
    await new AlertStore(knex).createMany([
      {
        id: alertId,
        alert: {
          teamRef: 'group:default/platform',
          integrationId: integration.id,
          callerNumber: '+4930555000',
          dialledNumber: HOTLINE,
          priority: 'P3',
          tags: [],
          at: new Date(),
        },
        events: [
          {
            type: 'call-received',
            message: 'Call from +4930555000',
            at: new Date(),
          },
        ],
      },
    ]);
    return alertId;
  }

  const bodies = (requests: ReceivedRequest[]): ForwardedAlertEvent[] =>
    requests.map(r => forwardedAlertEventSchema.parse(JSON.parse(r.body)));

  it('delivers each event of a call once, signed, to a receiver that fails twice then succeeds', async () => {
    const receiver = await startWebhookReceiver(n => (n < 2 ? 500 : 200));
    stops.push(receiver.stop);
    const { api, network, runForwarding, saveDestinations } =
      await startBackend();
    const destination = httpDestination(receiver.url());
    const saved = await saveDestinations([destination]);
    expect(saved.status).toBe(200);
    const [{ secret }] = saved.body.forwardingSecrets;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);

    // Ana answers and takes the call; it ends; a note is added by hand.
    network.setPhone(ANA_PHONE, { kind: 'answer', press: '1' });
    const caller = network.call('+4930555000', HOTLINE);
    await eventually(async () => {
      await network.settled();
      expect(network.get(caller.sid).bridgedWith).toBeDefined();
    });
    network.hangUp(caller.sid);
    await eventually(async () => {
      await network.settled();
      expect((await knex('alerts').first('status')).status).toBe('closed');
    });
    const { id: alertId } = await knex('alerts').first('id');
    expect(
      (
        await api
          .post(`/api/incoming-call/alerts/${alertId}/notes`)
          .set('Authorization', ana)
          .send({ text: 'Called back' })
      ).status,
    ).toBe(201);

    await eventually(async () => {
      await runForwarding();
      expect(receiver.accepted()).toHaveLength(4);
    });
    await runForwarding();

    // Two refusals of the first event, then each event once, in order.
    expect(receiver.requests.map(r => r.answered)).toEqual([
      500, 500, 200, 200, 200, 200,
    ]);
    const accepted = receiver.accepted();
    expect(accepted.every(r => validSignature(r, secret))).toBe(true);
    expect(bodies(accepted).map(b => [b.type, b.event.type])).toEqual([
      ['alert.created', 'call-received'],
      ['alert.acknowledged', 'answered'],
      ['alert.closed', 'closed'],
      ['alert.note', 'note'],
    ]);
    const deliveryIds = accepted.map(
      r => r.headers['x-incoming-call-delivery'],
    );
    expect(new Set(deliveryIds).size).toBe(4);
    expect(bodies(accepted)[0].alert).toMatchObject({
      id: alertId,
      url: `http://localhost:3000/incoming-calls/alerts/${alertId}`,
      teamRef: 'group:default/platform',
      teamName: expect.any(String),
      callerNumber: '+4930555000',
      priority: 'P3',
    });
    // The retried delivery is the same request, signed anew.
    expect(receiver.requests[0].body).toBe(receiver.requests[2].body);

    const status = await api
      .get(`${TEAM_PATH}/forwarding`)
      .set('Authorization', ana);
    expect(status.status).toBe(200);
    expect(status.body.destinations).toEqual([
      expect.objectContaining({
        destinationId: destination.id,
        delivered: 4,
        pending: 0,
        failed: 0,
        lastError: expect.objectContaining({
          message: 'HTTP 500: receiver failed',
        }),
      }),
    ]);

    // The secret never comes back: the integration only says it is set.
    const read = await api
      .get(`${TEAM_PATH}/integration`)
      .set('Authorization', ana);
    expect(JSON.stringify(read.body)).not.toContain(secret);
    expect(read.body.forwardingSecrets).toBeUndefined();
    expect(read.body.config.forwarding.destinations).toEqual([
      { ...destination, secretSet: true },
    ]);
    // Saving it again keeps the secret and does not show it again.
    const again = await saveDestinations(
      read.body.config.forwarding.destinations,
    );
    expect(again.status).toBe(200);
    expect(again.body.forwardingSecrets).toBeUndefined();
    expect((await knex('forwarding_secrets').first('secret')).secret).toBe(
      secret,
    );
  });

  it("runs on Backstage's own scheduler: a local receiver gets each event once, signed", async () => {
    const receiver = await startWebhookReceiver();
    stops.push(receiver.stop);
    const started = await startNetworkCallBackend(
      knex,
      [schedulerServiceFactory, permissionsFromDefaultPolicy()],
      { forwarding: { pollIntervalSeconds: 1 } },
    );
    stops.push(() => started.backend.stop());
    const api = request(started.backend.server);
    const stored = await api
      .get(`${TEAM_PATH}/integration`)
      .set('Authorization', ana);
    const saved = await api
      .put(`${TEAM_PATH}/integration?version=${stored.body.version}`)
      .set('Authorization', ana)
      .send({
        ...stored.body.config,
        forwarding: { destinations: [httpDestination(receiver.url())] },
      });
    const [{ secret }] = saved.body.forwardingSecrets;
    const alertId = await newAlert();
    await api
      .post(`/api/incoming-call/alerts/${alertId}/acknowledge`)
      .set('Authorization', ana);

    await eventually(() => expect(receiver.requests).toHaveLength(2), {
      timeoutMs: 30_000,
    });
    expect(receiver.requests.every(r => validSignature(r, secret))).toBe(true);
    expect(bodies(receiver.requests).map(b => b.type)).toEqual([
      'alert.created',
      'alert.acknowledged',
    ]);
  });

  it('delivers every event once after a receiver that was down across a restart of the backend', async () => {
    const receiver = await startWebhookReceiver();
    stops.push(receiver.stop);
    const first = await startBackend({ maxAttempts: 100 });
    const saved = await first.saveDestinations([
      httpDestination(receiver.url()),
    ]);
    const [{ secret }] = saved.body.forwardingSecrets;
    await receiver.stop();

    const before = [await newAlert(), await newAlert()];
    await first.runForwarding();
    await first.runForwarding();
    const tried = await knex('forwarding_deliveries')
      .whereNot({ destination_id: 'events-service' })
      .orderBy('id');
    expect(tried.map(d => d.status)).toEqual(['pending', 'pending']);
    expect(Number(tried[0].attempts)).toBe(2);
    expect(tried[0].last_error).toMatch(/fetch failed \(ECONNREFUSED\)/);
    await first.stop();

    // Events come while no backend runs (written by another replica).
    const during = await newAlert();
    await receiver.start();
    const second = await startBackend({ maxAttempts: 100 });
    await eventually(async () => {
      await second.runForwarding();
      expect(receiver.accepted()).toHaveLength(3);
    });
    await second.runForwarding();

    expect(receiver.requests).toHaveLength(3);
    expect(receiver.requests.every(r => validSignature(r, secret))).toBe(true);
    expect(bodies(receiver.requests).map(b => b.alert.id)).toEqual([
      ...before,
      during,
    ]);
  });

  it('delivers each event once with two replicas running the outbox at the same time', async () => {
    const receiver = await startWebhookReceiver();
    stops.push(receiver.stop);
    const a = await startBackend();
    const b = await startBackend();
    await a.saveDestinations([httpDestination(receiver.url())]);
    const alertIds = [];
    for (let i = 0; i < 5; i++) alertIds.push(await newAlert());

    await eventually(async () => {
      await Promise.all([a.runForwarding(), b.runForwarding()]);
      expect(receiver.accepted()).toHaveLength(5);
    });
    await Promise.all([a.runForwarding(), b.runForwarding()]);

    expect(receiver.requests).toHaveLength(5);
    expect(
      bodies(receiver.requests)
        .map(r => r.alert.id)
        .sort(),
    ).toEqual([...alertIds].sort());
    // The events service got each once too, from one replica or the other.
    const published = [a, b].flatMap(r =>
      r.events.publish.mock.calls
        .map(([params]) => params)
        .filter(p => p.topic === ALERT_EVENTS_TOPIC),
    );
    expect(published).toHaveLength(5);
  });

  it('answers a call at once while the receiver hangs', async () => {
    const receiver = await startWebhookReceiver(() => 'hang');
    stops.push(receiver.stop);
    const { network, runForwarding, saveDestinations } = await startBackend({
      requestTimeoutSeconds: 60,
    });
    await saveDestinations([httpDestination(receiver.url())]);
    network.setPhone(ANA_PHONE, { kind: 'ring' });

    const firstCaller = network.call('+4930555000', HOTLINE);
    await eventually(async () => {
      await network.settled();
      expect(
        await knex('alert_events').where({ type: 'call-received' }),
      ).toHaveLength(1);
    });
    const forwarding = runForwarding();
    await eventually(() => expect(receiver.requests).toHaveLength(1));

    // The outbox waits on the receiver (up to its 60 s timeout); a second
    // caller does not: the welcome comes while the request still hangs.
    const startedAt = performance.now();
    const secondCaller = network.call('+4930555001', HOTLINE);
    await eventually(async () => {
      await network.settled();
      expect(network.get(secondCaller.sid).heard[0]).toContain(
        'You have reached the Platform support line',
      );
    });
    expect(performance.now() - startedAt).toBeLessThan(5_000);
    expect(receiver.requests).toHaveLength(1);

    receiver.release();
    await forwarding;
    network.hangUp(firstCaller.sid);
    network.hangUp(secondCaller.sid);
    await network.settled();
  });

  it('posts a Block Kit message to Slack and keeps its URL secret', async () => {
    const slack = await startWebhookReceiver();
    stops.push(slack.stop);
    const { api, runForwarding, saveDestinations, events } =
      await startBackend();
    const webhookUrl = slack.url('/services/T000AAA/B000BBB/secretpart');
    const destination: ForwardingDestination = {
      id: randomUUID(),
      type: 'slack',
      name: '#platform-support',
      webhookUrl,
      events: ['created', 'acknowledged'],
    };
    const saved = await saveDestinations([destination]);
    expect(saved.status).toBe(200);
    const mask = `${slack.url('')}/services/T…/****`;
    expect(saved.body.config.forwarding.destinations[0].webhookUrl).toBe(mask);
    expect(saved.body.forwardingSecrets).toBeUndefined();
    const read = await api
      .get(`${TEAM_PATH}/integration`)
      .set('Authorization', ana);
    expect(JSON.stringify(read.body)).not.toContain('secretpart');
    // The mask sent back unchanged keeps the URL; a mask for a new one is refused.
    expect(
      (await saveDestinations(read.body.config.forwarding.destinations)).status,
    ).toBe(200);
    const refused = await saveDestinations([
      ...read.body.config.forwarding.destinations,
      { ...destination, id: randomUUID(), webhookUrl: mask },
    ]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.problems).toEqual([
      {
        path: 'forwarding.destinations.1.webhookUrl',
        message: 'Paste the Slack webhook URL (this one is masked)',
      },
    ]);

    const alertId = await newAlert();
    expect(
      (
        await api
          .post(`/api/incoming-call/alerts/${alertId}/acknowledge`)
          .set('Authorization', ana)
      ).status,
    ).toBe(200);
    // A note is not among this destination's events.
    await api
      .post(`/api/incoming-call/alerts/${alertId}/notes`)
      .set('Authorization', ana)
      .send({ text: 'Called back' });
    await eventually(async () => {
      await runForwarding();
      expect(slack.accepted()).toHaveLength(2);
    });
    await runForwarding();

    expect(slack.requests.map(r => r.path)).toEqual([
      '/services/T000AAA/B000BBB/secretpart',
      '/services/T000AAA/B000BBB/secretpart',
    ]);
    const [created, acknowledged] = slack.requests.map(r => JSON.parse(r.body));
    const link = `<http://localhost:3000/incoming-calls/alerts/${alertId}|Open the alert>`;
    expect(created.text).toMatch(
      /^Incoming call: call from \+4930555000 to .+ \(P3, (open|acknowledged)\)$/,
    );
    expect(created.blocks[0].text.text).toContain(link);
    expect(
      created.blocks[1].fields.map((f: { text: string }) => f.text),
    ).toEqual([
      '*Caller*\n+4930555000',
      expect.stringMatching(/^\*Team\*\n/),
      expect.stringMatching(/^\*Status\*\n(open|acknowledged)$/),
      '*Priority*\nP3',
    ]);
    expect(acknowledged.text).toMatch(/^Acknowledged: call from \+4930555000/);
    expect(acknowledged.blocks[0].text.text).toContain('now acknowledged');
    expect(acknowledged.blocks[0].text.text).toContain(link);

    // Every forwarded kind reaches the events service, whatever the destinations.
    const published = events.publish.mock.calls
      .map(([params]) => params)
      .filter(p => p.topic === ALERT_EVENTS_TOPIC);
    expect(
      published.map(p => (p.eventPayload as ForwardedAlertEvent).type),
    ).toEqual(['alert.created', 'alert.acknowledged', 'alert.note']);
    expect(
      forwardedAlertEventSchema.parse(published[0].eventPayload).alert.id,
    ).toBe(alertId);
  });

  it('shows a destination that keeps failing with its last error and failure count', async () => {
    const receiver = await startWebhookReceiver(() => 503);
    stops.push(receiver.stop);
    const { api, runForwarding, saveDestinations } = await startBackend({
      maxAttempts: 2,
    });
    const destination = httpDestination(receiver.url());
    await saveDestinations([destination]);
    await newAlert();
    await newAlert();

    await eventually(async () => {
      await runForwarding();
      const status = await api
        .get(`${TEAM_PATH}/forwarding`)
        .set('Authorization', ana);
      expect(status.body.destinations).toEqual([
        {
          destinationId: destination.id,
          pending: 0,
          delivered: 0,
          failed: 2,
          lastError: {
            message: 'HTTP 503: receiver failed',
            at: expect.any(String),
          },
        },
      ]);
    });
    // Two attempts each, then given up.
    expect(receiver.requests).toHaveLength(4);
    // Receivers' answers are for the team's eyes: Bob is in Payments.
    expect(
      (
        await api
          .get(`${TEAM_PATH}/forwarding`)
          .set('Authorization', mockCredentials.user.header('user:default/bob'))
      ).status,
    ).toBe(403);
    const integration: Integration = (
      await api.get(`${TEAM_PATH}/integration`).set('Authorization', ana)
    ).body;
    expect(integration.config.forwarding.destinations).toHaveLength(1);
  });
});
