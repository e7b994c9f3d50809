import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  countryOfNumber,
  defaultIntegrationConfig,
  type IntegrationConfigInput,
  incomingCallNumberManagePermission,
} from '@icr/plugin-incoming-call-common';
import { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import type { Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import twilio from 'twilio';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  PUBLIC_ORIGIN,
  PUBLIC_URL,
  startCallBackend,
} from '../../__testUtils__/callBackend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { permissionsFromDefaultPolicy } from '../../__testUtils__/defaultPolicy';
import { eventually } from '../../__testUtils__/eventually';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ana = mockCredentials.user.header('user:default/ana'); // Platform
const bob = mockCredentials.user.header('user:default/bob'); // Payments
const platformPath = '/api/incoming-call/teams/default/platform';
const paymentsPath = '/api/incoming-call/teams/default/payments';

/** Numbers of the simulated network's catalogue. */
const SF_1 = '+14155550150';
const SF_2 = '+14155550151';
const NY_1 = '+12125550150';

/** A number the account had before, pointed elsewhere. */
const OWNED = '+14155550199';
const ELSEWHERE = {
  voiceUrl: 'https://elsewhere.example.com/voice',
  voiceFallbackUrl: '',
  statusCallback: 'https://elsewhere.example.com/status',
};

/** Platform's integration: a caller hears the welcome, then "try later". */
const platform = (
  numbers: IntegrationConfigInput['numbers'],
  changes: Partial<IntegrationConfigInput> = {},
): IntegrationConfigInput => ({
  ...defaultIntegrationConfig({
    ref: 'group:default/platform',
    title: 'Platform',
  }),
  recipients: ['user:default/ana'],
  usersToTry: 0,
  voicemail: { enabled: false, prompt: null },
  numbers,
  ...changes,
});

/** The plugin's URLs, as a number it holds is pointed at them. */
const PLUGIN_ROUTE = {
  voiceUrl: `${PUBLIC_URL}/voice`,
  voiceFallbackUrl: `${PUBLIC_URL}/voice-fallback`,
  statusCallback: `${PUBLIC_URL}/call-status`,
};

describe.each(databases.eachSupportedId())(
  'provisioning numbers through the simulated network on %s',
  id => {
    let knex: Knex;
    let network: SimulatedPhoneNetwork;
    let twilioClient: ReturnType<typeof twilio>;
    let servers: Awaited<ReturnType<typeof startCallBackend>>['server'][];

    /** Backend replicas on one database and one network. */
    async function start(
      replicas = 1,
      options: {
        config?: Record<string, unknown>;
        permissions?: ReturnType<typeof permissionsFromDefaultPolicy>;
      } = {},
    ) {
      knex = await databases.init(id);
      let root = '';
      network = new SimulatedPhoneNetwork({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        deliverTo: url => url.replace(PUBLIC_ORIGIN, root),
      });
      twilioClient = twilio(ACCOUNT_SID, AUTH_TOKEN, {
        httpClient: network.httpClient as any,
      });
      network.addNumber(OWNED, ELSEWHERE);
      servers = [];
      for (let i = 0; i < replicas; i++) {
        const backend = await startCallBackend(
          knex,
          network.httpClient,
          [options.permissions ?? permissionsFromDefaultPolicy()],
          options.config,
        );
        servers.push(backend.server);
      }
      root = `http://127.0.0.1:${(servers[0].address() as AddressInfo).port}`;
    }

    const api = (replica = 0) => request(servers[replica]);
    const save = (
      numbers: IntegrationConfigInput['numbers'],
      options: {
        version?: number;
        as?: string;
        replica?: number;
        changes?: Partial<IntegrationConfigInput>;
      } = {},
    ) =>
      api(options.replica)
        .put(`${platformPath}/integration`)
        .query(
          options.version === undefined ? {} : { version: options.version },
        )
        .set('Authorization', options.as ?? ana)
        .send(platform(numbers, options.changes));

    /** The number's voice settings, read back from the network. */
    const atNetwork = async (number: string) => {
      const [found] = await twilioClient.incomingPhoneNumbers.list({
        phoneNumber: number,
      });
      return (
        found && {
          sid: found.sid,
          voiceUrl: found.voiceUrl,
          voiceFallbackUrl: found.voiceFallbackUrl,
          statusCallback: found.statusCallback,
        }
      );
    };
    const accountNumbers = async () =>
      (await twilioClient.incomingPhoneNumbers.list())
        .map(n => n.phoneNumber)
        .sort();

    /** What a caller to `number` hears until the call ends. */
    const callHears = async (number: string) => {
      const call = network.call('+4930555000', number);
      await eventually(async () => {
        await network.settled();
        expect(network.get(call.sid).status).toBe('completed');
      });
      return network.get(call.sid).heard;
    };

    it('lists the countries Twilio sells in and searches by kind, area code and digits, priced', async () => {
      await start();
      const countries = await api()
        .get('/api/incoming-call/numbers/countries')
        .set('Authorization', ana);
      expect(countries.status).toBe(200);
      expect(countries.body.countries).toContainEqual({
        code: 'DE',
        name: 'Germany',
        types: ['local', 'toll-free', 'mobile'],
      });
      expect(countries.body.countries).toContainEqual({
        code: 'CA',
        name: 'Canada',
        types: ['local'],
      });

      const newYork = await api()
        .get(`${platformPath}/numbers/available`)
        .query({ country: 'US', type: 'local', areaCode: '212' })
        .set('Authorization', ana);
      expect(newYork.status).toBe(200);
      expect(newYork.body.numbers).toHaveLength(10);
      expect(newYork.body.numbers[0]).toEqual({
        number: NY_1,
        friendlyName: NY_1,
        locality: 'New York',
        region: 'NY',
        country: 'US',
        type: 'local',
        capabilities: { voice: true, sms: true, mms: false },
        monthlyPrice: { amount: 10, currency: 'USD' },
      });

      for (const [country, type] of [
        ['JP', 'mobile'],
        ['GB', 'toll-free'],
        ['AU', 'local'],
      ]) {
        const found = await api()
          .get(`${platformPath}/numbers/available`)
          .query({ country, type })
          .set('Authorization', ana);
        expect(found.body.numbers.length).toBeGreaterThan(0);
        // Each a valid number of the country, per libphonenumber.
        for (const n of found.body.numbers) {
          expect([n.number, countryOfNumber(n.number)]).toEqual([
            n.number,
            country,
          ]);
        }
      }

      const digits = await api()
        .get(`${platformPath}/numbers/available`)
        .query({ country: 'NL', type: 'mobile', contains: '123456*2' })
        .set('Authorization', ana);
      expect(
        digits.body.numbers.map((n: { number: string }) => n.number),
      ).toEqual(['+31612345652']);

      const bad = await api()
        .get(`${platformPath}/numbers/available`)
        .query({ country: 'germany', type: 'fax', areaCode: 'SF' })
        .set('Authorization', ana);
      expect(bad.status).toBe(400);
      expect(bad.body.error.problems).toEqual([
        {
          path: 'country',
          message: 'Use a two-letter country code (e.g. US, DE)',
        },
        { path: 'type', message: 'Choose one of local, toll-free, mobile' },
        {
          path: 'areaCode',
          message: 'An area code is 1 to 5 digits (e.g. 415)',
        },
      ]);
      const notSold = await api()
        .get(`${platformPath}/numbers/available`)
        .query({ country: 'CA', type: 'toll-free' })
        .set('Authorization', ana);
      expect(notSold.status).toBe(422);
      expect(notSold.body.error.message).toMatch(
        /^Twilio refused to search toll-free numbers in CA: The requested resource was not found \(error 20404\)$/,
      );
    });

    it('buys a number on save, pointed at the webhooks, and calls to it route to the team', async () => {
      await start();
      const saved = await save(
        [{ number: SF_1, country: 'US', source: 'buy' }],
        {
          version: 0,
        },
      );
      expect(saved.status).toBe(200);
      const bought = await atNetwork(SF_1);
      expect(bought).toEqual({
        sid: expect.stringMatching(/^PN/),
        ...PLUGIN_ROUTE,
      });
      expect(saved.body.config.numbers).toEqual([
        { number: SF_1, country: 'US', source: 'purchased', sid: bought!.sid },
      ]);
      // Saved with its integration: the purchase is settled.
      expect(await knex('number_purchases').select()).toEqual([]);

      expect(await callHears(SF_1)).toEqual([
        'You have reached the Platform support line. Please hold while we connect you to the engineer on call.',
        'Nobody is available right now. Please try again later. Goodbye.',
      ]);
      expect(
        await knex('alerts').where({ dialled_number: SF_1 }).pluck('team_ref'),
      ).toEqual(['group:default/platform']);

      // Saved again as read back (sid and all): nothing more is bought.
      const again = await api()
        .put(`${platformPath}/integration`)
        .query({ version: 1 })
        .set('Authorization', ana)
        .send({ ...saved.body.config, name: 'Platform line' });
      expect(again.status).toBe(200);
      expect(again.body.config.numbers).toEqual(saved.body.config.numbers);
      expect(await accountNumbers()).toEqual([OWNED, SF_1].sort());

      // Dropped from the config: released.
      const dropped = await save([], { version: 2 });
      expect(dropped.status).toBe(200);
      expect(await accountNumbers()).toEqual([OWNED]);
    });

    it("refuses 'purchased' and 'attached' from a client for numbers the integration does not hold so, and numbers not of their country", async () => {
      await start();
      const forged = await save([
        { number: SF_1, country: 'US', source: 'purchased', sid: 'PNforged' },
        { number: OWNED, country: 'US', source: 'attached' },
      ]);
      expect(forged.status).toBe(400);
      expect(forged.body.error.problems).toEqual([
        {
          path: 'numbers.0.source',
          message: `${SF_1} was not bought for this integration: to buy it, send it with source "buy"`,
        },
        {
          path: 'numbers.1.source',
          message: `${OWNED} is not attached to this integration: to attach it, send it with source "attach"`,
        },
      ]);

      const countries = await save([
        { number: SF_1, country: 'ZZ', source: 'buy' },
        { number: SF_2, country: 'germany', source: 'buy' },
        { number: '+493055500150', country: 'US', source: 'buy' },
        { number: '+14165550150', country: 'US', source: 'buy' },
      ]);
      expect(countries.status).toBe(400);
      expect(countries.body.error.problems).toEqual([
        {
          path: 'numbers.0.country',
          message:
            'ZZ is not a country code (use a two-letter ISO code, e.g. US, DE)',
        },
        {
          path: 'numbers.1.country',
          message: 'Use a two-letter country code (e.g. US, DE)',
        },
        {
          path: 'numbers.2.country',
          message:
            '+493055500150 is a number of Germany (DE), not of United States (US)',
        },
        {
          path: 'numbers.3.country',
          message:
            '+14165550150 is a number of Canada (CA), not of United States (US)',
        },
      ]);
      expect(await accountNumbers()).toEqual([OWNED]);
      expect(
        (
          await api()
            .get(`${platformPath}/integration`)
            .set('Authorization', ana)
        ).status,
      ).toBe(404);
    });

    it("a purchase Twilio refuses saves nothing and says why (422, Twilio's message)", async () => {
      await start();
      // Not in the network's catalogue: not for sale.
      const refused = await save([
        { number: SF_1, country: 'US', source: 'buy' },
        { number: '+14155550123', country: 'US', source: 'buy' },
      ]);
      expect(refused.status).toBe(422);
      expect(refused.body.error.message).toBe(
        'Twilio refused to sell +14155550123: PhoneNumber +14155550123 is not available (error 21422)',
      );
      // The first number, bought before the refusal, is released again.
      expect(await accountNumbers()).toEqual([OWNED]);
      expect(await knex('number_purchases').select()).toEqual([]);
      expect(
        (
          await api()
            .get(`${platformPath}/integration`)
            .set('Authorization', ana)
        ).status,
      ).toBe(404);
    });

    it('attaches a number the account has, remembering its voice settings, and restores them when it is let go', async () => {
      await start();
      const owned = await api()
        .get(`${platformPath}/numbers/owned`)
        .set('Authorization', ana);
      expect(owned.status).toBe(200);
      expect(owned.body.numbers).toEqual([
        {
          number: OWNED,
          sid: expect.stringMatching(/^PN/),
          friendlyName: OWNED,
          country: 'US',
          capabilities: { voice: true, sms: true, mms: false },
          voiceUrl: ELSEWHERE.voiceUrl,
        },
      ]);

      const unknown = await save([
        { number: SF_2, country: 'US', source: 'attach' },
      ]);
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.problems).toEqual([
        {
          path: 'numbers.0.number',
          message: `${SF_2} is not a number of the Twilio account: buy it instead`,
        },
      ]);

      const attached = await save([
        { number: OWNED, country: 'US', source: 'attach' },
      ]);
      expect(attached.status).toBe(200);
      expect(attached.body.config.numbers).toEqual([
        {
          number: OWNED,
          country: 'US',
          source: 'attached',
          sid: owned.body.numbers[0].sid,
          previous: ELSEWHERE,
        },
      ]);
      expect(await atNetwork(OWNED)).toEqual({
        sid: owned.body.numbers[0].sid,
        ...PLUGIN_ROUTE,
      });
      const listed = await api()
        .get(`${platformPath}/numbers/owned`)
        .set('Authorization', ana);
      expect(listed.body.numbers[0].teamRef).toBe('group:default/platform');
      expect(await callHears(OWNED)).toHaveLength(2);

      const letGo = await save([]);
      expect(letGo.status).toBe(200);
      expect(await atNetwork(OWNED)).toEqual({
        sid: owned.body.numbers[0].sid,
        ...ELSEWHERE,
      });
      // Attached numbers are the account's: never released.
      expect(await accountNumbers()).toEqual([OWNED]);
    });

    it('disabling keeps the numbers, and callers hear "not in service" in the integration\'s language', async () => {
      await start();
      const saved = await save([
        { number: SF_1, country: 'US', source: 'buy' },
      ]);
      const disabled = await api()
        .put(`${platformPath}/integration`)
        .set('Authorization', ana)
        .send({ ...saved.body.config, enabled: false, language: 'de-DE' });
      expect(disabled.status).toBe(200);
      expect(await atNetwork(SF_1)).toMatchObject(PLUGIN_ROUTE);
      expect(await callHears(SF_1)).toEqual([
        'Diese Nummer ist nicht in Betrieb. Auf Wiederhören.',
      ]);
    });

    it('deleting the integration releases bought numbers and restores attached ones, once', async () => {
      await start();
      const saved = await save([
        { number: SF_1, country: 'US', source: 'buy' },
        { number: OWNED, country: 'US', source: 'attach' },
      ]);
      expect(saved.status).toBe(200);

      const deleted = await api()
        .delete(`${platformPath}/integration`)
        .set('Authorization', ana);
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({ released: [SF_1], restored: [OWNED] });
      expect(await accountNumbers()).toEqual([OWNED]);
      expect(await atNetwork(OWNED)).toMatchObject(ELSEWHERE);
      expect(() => network.call('+4930555000', SF_1)).toThrow(
        'is not a number of this network',
      );
      // For sale again.
      const offers = await api()
        .get(`${platformPath}/numbers/available`)
        .query({ country: 'US', areaCode: '415' })
        .set('Authorization', ana);
      expect(
        offers.body.numbers.map((n: { number: string }) => n.number),
      ).toContain(SF_1);
      expect(
        (
          await api()
            .get(`${platformPath}/integration`)
            .set('Authorization', ana)
        ).status,
      ).toBe(404);
      expect(await knex('phone_numbers').select()).toEqual([]);

      const again = await api()
        .delete(`${platformPath}/integration`)
        .set('Authorization', ana);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ released: [], restored: [] });
      const outsider = await api()
        .delete(`${platformPath}/integration`)
        .set('Authorization', bob);
      expect(outsider.status).toBe(403);
    });

    it('two replicas saving at once buy the number once', async () => {
      await start(2);
      const [a, b] = await Promise.all([
        save([{ number: SF_1, country: 'US', source: 'buy' }], {
          version: 0,
          replica: 0,
        }),
        save([{ number: SF_1, country: 'US', source: 'buy' }], {
          version: 0,
          replica: 1,
        }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect(await accountNumbers()).toEqual([OWNED, SF_1].sort());

      // Different numbers at once: the save that loses buys nothing.
      const [c, d] = await Promise.all([
        save([{ number: SF_2, country: 'US', source: 'buy' }], {
          version: 1,
          replica: 0,
        }),
        save([{ number: NY_1, country: 'US', source: 'buy' }], {
          version: 1,
          replica: 1,
        }),
      ]);
      expect([c.status, d.status].sort()).toEqual([200, 409]);
      const won = c.status === 200 ? SF_2 : NY_1;
      // The winner's save dropped SF_1, which is released.
      expect(await accountNumbers()).toEqual([OWNED, won].sort());
      expect(await knex('number_purchases').select()).toEqual([]);
      expect(await knex('number_provisioning_locks').select()).toEqual([]);
    });

    it('caps the numbers per team and for the organisation: 409, nothing bought', async () => {
      await start(1, { config: { numbers: { maxPerTeam: 1, maxTotal: 2 } } });
      const two = await save([
        { number: SF_1, country: 'US', source: 'buy' },
        { number: SF_2, country: 'US', source: 'buy' },
      ]);
      expect(two.status).toBe(409);
      expect(two.body.error.message).toBe(
        'A team may hold at most 1 numbers (incomingCall.numbers.maxPerTeam); this save would give group:default/platform 2',
      );
      expect(await accountNumbers()).toEqual([OWNED]);

      expect(
        (await save([{ number: SF_1, country: 'US', source: 'buy' }])).status,
      ).toBe(200);
      const payments = (numbers: IntegrationConfigInput['numbers']) =>
        api()
          .put(`${paymentsPath}/integration`)
          .set('Authorization', bob)
          .send({
            ...platform(numbers),
            recipients: ['user:default/bob'],
          });
      expect(
        (await payments([{ number: SF_2, country: 'US', source: 'buy' }]))
          .status,
      ).toBe(200);
      // Platform holds one, Payments one: a third passes the organisation's cap.
      const third = await api()
        .put('/api/incoming-call/teams/default/engineering/integration')
        .set('Authorization', mockCredentials.user.header('user:default/carol'))
        .send({
          ...platform([{ number: NY_1, country: 'US', source: 'buy' }]),
        });
      expect(third.status).toBe(409);
      expect(third.body.error.message).toBe(
        'The organisation may hold at most 2 numbers (incomingCall.numbers.maxTotal); this save would make 3',
      );
      expect(await accountNumbers()).toEqual([OWNED, SF_1, SF_2].sort());
    });

    it('buying, attaching and listing the account need incoming-call.number.manage (403, nothing bought); other saves do not', async () => {
      // Ana may change Platform's routing, not its numbers.
      const permissions = mockServices.permissions.mock({
        authorize: jest.fn(async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        ) as any,
        authorizeConditional: jest.fn(async requests =>
          requests.map(({ permission }: { permission: { name: string } }) => ({
            result:
              permission.name === incomingCallNumberManagePermission.name
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          })),
        ) as any,
      }).factory;
      await start(1, { permissions });

      const buy = await save([{ number: SF_1, country: 'US', source: 'buy' }]);
      expect(buy.status).toBe(403);
      expect(buy.body.error.message).toBe(
        "Only those who manage Platform's phone numbers (incoming-call.number.manage) may buy, attach or release them",
      );
      expect(await accountNumbers()).toEqual([OWNED]);
      const attach = await save([
        { number: OWNED, country: 'US', source: 'attach' },
      ]);
      expect(attach.status).toBe(403);
      expect(await atNetwork(OWNED)).toMatchObject(ELSEWHERE);
      for (const path of ['numbers/owned', 'numbers/available?country=US']) {
        const res = await api()
          .get(`${platformPath}/${path}`)
          .set('Authorization', ana);
        expect(res.status).toBe(403);
      }
      expect((await save([])).status).toBe(200);
    });
  },
);
