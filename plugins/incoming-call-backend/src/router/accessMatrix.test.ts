import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The simulated network's routes are part of the matrix.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import phoneNetworkPlugin, {
  incomingCallModulePhoneNetworkSim,
} from '@icr/plugin-phone-network-sim-backend';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { AlertStore } from '../database/AlertStore';
import { incomingCallPlugin } from '../plugin';
import { exampleEntities } from '../__testUtils__/exampleEntities';
import { permissionsFromDefaultPolicy } from '../__testUtils__/defaultPolicy';
import {
  ACCESS,
  ACCESS_MATRIX,
  CALLERS,
  type Caller,
  renderAccessTable,
} from './accessMatrix';

jest.setTimeout(120_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** Every route registered on an express app, as "METHOD /path". */
function routesOf(handle: any, prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of handle?.stack ?? []) {
    if (layer.route) {
      for (const m of Object.keys(layer.route.methods)) {
        out.push(`${m.toUpperCase()} ${prefix}${layer.route.path}`);
      }
    } else if (layer.handle?.stack) {
      const mount = layer.regexp?.fast_slash
        ? ''
        : String(layer.regexp?.source ?? '')
            .replace(/^\^/, '')
            .replace('\\/?(?=\\/|$)', '')
            .replace(/\\\//g, '/');
      out.push(...routesOf(layer.handle, prefix + mount));
    }
  }
  return out;
}

const headers: Record<Caller, string | undefined> = {
  none: undefined,
  badToken: mockCredentials.user.invalidHeader(),
  outsider: mockCredentials.user.header('user:default/bob'),
  member: mockCredentials.user.header('user:default/ana'),
  responder: mockCredentials.user.header('user:default/dave'),
  service: mockCredentials.service.header(),
};

const README = resolve(__dirname, '../../README.md');
const START = '<!-- access-matrix:start -->';
const END = '<!-- access-matrix:end -->';

describe('the access matrix', () => {
  it('is the README table', () => {
    const readme = readFileSync(README, 'utf8');
    const table = `${START}\n${renderAccessTable()}\n${END}`;
    const current = readme.slice(
      readme.indexOf(START),
      readme.indexOf(END) + END.length,
    );
    if (process.env.ICR_WRITE_ACCESS_TABLE) {
      writeFileSync(README, readme.replace(current, table));
      return;
    }
    // Regenerate with ICR_WRITE_ACCESS_TABLE=1 after changing the matrix.
    expect(current).toBe(table);
  });

  it('holds for every route and caller on a real backend', async () => {
    const knex = await databases.init('SQLITE_3');
    const { server } = await startTestBackend({
      features: [
        incomingCallPlugin,
        phoneNetworkPlugin,
        incomingCallModulePhoneNetworkSim,
        permissionsFromDefaultPolicy(),
        // A request without a token is anonymous (the mock's default is a user).
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({ entities: exampleEntities }),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            incomingCall: {
              simulatedNetwork: true,
              twilio: { accountSid: 'AC123', authToken: 'test-token' },
            },
          },
        }),
      ],
    });

    // Every registered route has a row, and every row a route.
    const app = server.listeners('request')[0] as any;
    const registered = routesOf(app._router)
      .filter(r => !/\/\.(backstage|well-known)\//.test(r))
      .filter(r => /\/api\/(incoming-call|phone-network)\//.test(r));
    expect([...new Set(registered)].sort()).toEqual(
      ACCESS_MATRIX.map(r => r.route).sort(),
    );

    // An alert of Platform whose call rang Dave (in no team).
    const alert = await new AlertStore(knex).create({
      teamRef: 'group:default/platform',
      integrationId: 'int-1',
      callerNumber: '+14155550999',
      dialledNumber: '+14155550000',
      priority: 'high' as any,
      tags: [],
      responderRefs: ['user:default/dave'],
      at: new Date(),
    });
    const pathOf = (route: string) =>
      route
        .replace(/^\w+ /, '')
        .replace(':namespace/:name', 'default/platform')
        .replace(
          'schedules/default/platform',
          'schedules/default/platform-primary',
        )
        .replace('alerts/:id', `alerts/${alert.id}`)
        .replace(':id', 'missing')
        .replace(':sid', 'CA00000000000000000000000000000000')
        .replace(':number', '+14155550101');

    const wrong: string[] = [];
    for (const row of ACCESS_MATRIX) {
      const method = row.route.split(' ')[0].toLowerCase() as 'get';
      for (const caller of CALLERS) {
        let req = request(server)[method](pathOf(row.route));
        const header = headers[caller];
        if (header) req = req.set('Authorization', header);
        const { status } = await req.send(method === 'get' ? undefined : {});
        const allowed = ACCESS[row.access].allowed.includes(caller);
        const denied =
          row.access === 'signed-twilio' ||
          (caller !== 'none' && caller !== 'badToken')
            ? 403
            : 401;
        if (allowed ? status === 401 || status === 403 : status !== denied) {
          wrong.push(
            `${row.route} as ${caller}: ${status}, expected ${
              allowed ? 'not 401/403' : denied
            }`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);

    // Responders' phones: for members only.
    const planUsers = async (caller: Caller) =>
      (
        await request(server)
          .get('/api/incoming-call/teams/default/platform/on-call')
          .set('Authorization', headers[caller]!)
      ).body.plan.tiers.flatMap((t: any) => t.users);
    const seen = await planUsers('member');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((u: any) => u.phone?.startsWith('+'))).toBe(true);
    for (const caller of ['outsider', 'responder', 'service'] as const) {
      const users = await planUsers(caller);
      expect(users.map((u: any) => u.userRef)).toEqual(
        seen.map((u: any) => u.userRef),
      );
      expect(users.some((u: any) => 'phone' in u)).toBe(false);
    }
  });
});
