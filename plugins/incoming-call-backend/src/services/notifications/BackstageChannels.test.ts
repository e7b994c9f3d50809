import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import notificationsEmailModule from '@backstage/plugin-notifications-backend-module-email';
import { notificationService } from '@backstage/plugin-notifications-node';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { eventually } from '../../__testUtils__/eventually';
import { backstageChannels } from './BackstageChannels';
import type {
  NotificationChannel,
  NotificationDelivery,
} from './NotificationChannel';

jest.setTimeout(60_000);

/** Ana, as the catalog has her: the e-mail processor reads her address there. */
const ana = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'ana' },
  spec: { profile: { email: 'ana@example.com' }, memberOf: [] },
};

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server in the test process, keeping what it receives. */
async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', c => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom
            ? session.envelope.mailFrom.address
            : '',
          to: session.envelope.rcptTo.map(r => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

const delivery = (key: string): NotificationDelivery => ({
  key,
  reason: 'incoming-call',
  alert: {
    id: 'alert-1',
    teamRef: 'group:default/platform',
    teamTitle: 'Platform',
    integrationName: 'Platform hotline',
    callerNumber: '+4930555000',
    priority: 'P1',
    tags: ['vip'],
    link: 'http://localhost:3000/incoming-calls/alerts/alert-1',
  },
  user: {
    ref: 'user:default/ana',
    displayName: 'Ana',
    email: 'ana@example.com',
  },
});

/**
 * The `backstage` and `email` channels through Backstage's own
 * notifications backend and its e-mail processor, configured as the
 * backend README says, into a real SMTP server.
 */
describe('the Backstage and e-mail channels', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let channels: Map<string, NotificationChannel>;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    // Stands in for the incoming-call plugin: its notification service.
    const plugin = createBackendPlugin({
      pluginId: 'incoming-call',
      register(env) {
        env.registerInit({
          deps: { notifications: notificationService },
          async init({ notifications }) {
            channels = new Map(
              backstageChannels(notifications).map(c => [c.method, c]),
            );
          },
        });
      },
    });
    backend = await startTestBackend({
      features: [
        notificationsPlugin,
        notificationsEmailModule,
        plugin,
        catalogServiceMock.factory({ entities: [ana] }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            notifications: {
              processors: {
                email: {
                  transportConfig: {
                    transport: 'smtp',
                    hostname: '127.0.0.1',
                    port: smtp.port,
                    secure: false,
                  },
                  sender: 'incoming-calls@example.com',
                  filter: { excludedTopics: ['incoming-call'] },
                },
              },
              defaultSettings: {
                channels: [
                  {
                    id: 'Web',
                    origins: [
                      {
                        id: 'plugin:incoming-call',
                        enabled: true,
                        topics: [{ id: 'incoming-call-email', enabled: false }],
                      },
                    ],
                  },
                ],
              },
            },
          },
        }),
      ],
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await smtp?.close();
  });

  /** Ana's Backstage inbox, through the notifications backend's API. */
  const inbox = async () => {
    const port = (backend.server.address() as AddressInfo).port;
    const answer = await fetch(`http://127.0.0.1:${port}/api/notifications`, {
      headers: {
        Authorization: mockCredentials.user.header('user:default/ana'),
      },
    });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as {
      notifications: Array<{ payload: { title: string; topic?: string } }>;
    };
    return body.notifications.map(n => n.payload);
  };

  it("mails an e-mail notification to the user entity's address, with the alert's link, and keeps it out of the inbox", async () => {
    await channels.get('email')!.send(delivery('k-email'));

    await eventually(() => expect(smtp.received).toHaveLength(1));
    const [mail] = smtp.received;
    expect(mail.to).toEqual(['ana@example.com']);
    expect(mail.from).toBe('incoming-calls@example.com');
    expect(mail.raw).toContain(
      'Subject: [P1] Incoming call for Platform from +4930555000',
    );
    expect(mail.raw).toContain(
      'http://localhost:3000/incoming-calls/alerts/alert-1',
    );
    expect(await inbox()).toEqual([]);
  });

  it('puts a Backstage notification in the inbox, with its severity, and mails nothing', async () => {
    const before = smtp.received.length;
    await channels.get('backstage')!.send(delivery('k-backstage'));

    await eventually(async () =>
      expect(await inbox()).toEqual([
        expect.objectContaining({
          title: '[P1] Incoming call for Platform from +4930555000',
          topic: 'incoming-call',
          severity: 'critical',
          link: 'http://localhost:3000/incoming-calls/alerts/alert-1',
        }),
      ]),
    );
    // The inbox's notification went through the processors already (they
    // run as it is stored): the e-mail one was left out by its topic.
    await channels
      .get('email')!
      .send({ ...delivery('k-email-2'), reason: 'voicemail' });
    await eventually(() => expect(smtp.received).toHaveLength(before + 1));
    // Had the inbox's one been mailed, it would have come first.
    expect(smtp.received.slice(before).map(m => m.raw)).toEqual([
      expect.stringContaining('Subject: [P1] Voicemail for Platform'),
    ]);
  });

  it('refuses an e-mail notification of a user without an address', async () => {
    const d = delivery('k-none');
    await expect(
      channels
        .get('email')!
        .send({ ...d, user: { ...d.user, email: undefined } }),
    ).rejects.toThrow('the user has no e-mail address in the catalog');
  });
});
