import { mockServices } from '@backstage/backend-test-utils';
import {
  defaultIntegrationConfig,
  type IntegrationConfig,
  integrationConfigSchema,
  type IntegrationConfigInput,
} from '@icr/plugin-incoming-call-common';
import { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import type { Knex } from 'knex';
import twilio from 'twilio';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  PUBLIC_URL,
} from '../../__testUtils__/callBackend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { IntegrationStore } from '../../database/IntegrationStore';
import { applyMigrations } from '../../database/migrations';
import { NumberStore } from '../../database/NumberStore';
import { systemClock } from '../../lib/clock';
import { TwilioNumbers } from '../../twilio/TwilioNumbers';
import { TwilioUrls } from '../../twilio/TwilioUrls';
import { NumberProvisioning } from './NumberProvisioning';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const TEAM = 'group:default/platform';
const SF_1 = '+14155550150';
const SF_2 = '+14155550151';

const config = (
  numbers: IntegrationConfigInput['numbers'],
): IntegrationConfig =>
  integrationConfigSchema.parse({
    ...defaultIntegrationConfig({ ref: TEAM, title: 'Platform' }),
    numbers,
  });

describe.each(databases.eachSupportedId())(
  'a save that fails after the purchase, on %s',
  id => {
    let knex: Knex;
    let network: SimulatedPhoneNetwork;
    let client: ReturnType<typeof twilio>;
    /** The integration store, whose next save fails while this is set. */
    let failNextSave: Error | undefined;
    let provisioning: NumberProvisioning;

    beforeEach(async () => {
      knex = await databases.init(id);
      await applyMigrations(knex);
      network = new SimulatedPhoneNetwork({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
      });
      client = twilio(ACCOUNT_SID, AUTH_TOKEN, {
        httpClient: network.httpClient as any,
      });
      const integrations = new IntegrationStore(knex, systemClock);
      // The database failing the integration's write, after the purchase.
      const failing = Object.create(integrations, {
        save: {
          value: (options: Parameters<IntegrationStore['save']>[0]) => {
            const error = failNextSave;
            failNextSave = undefined;
            return error ? Promise.reject(error) : integrations.save(options);
          },
        },
      }) as IntegrationStore;
      provisioning = new NumberProvisioning({
        integrations: failing,
        numbers: new NumberStore(knex, systemClock),
        twilio: new TwilioNumbers(
          client,
          async () => new TwilioUrls({ webhooks: PUBLIC_URL, audio: a => a }),
        ),
        caps: { maxPerTeam: 5, maxTotal: 50 },
        monthlyPrice: { amount: 10, currency: 'USD' },
        logger: mockServices.logger.mock(),
        clock: systemClock,
      });
    });

    const save = (numbers: IntegrationConfigInput['numbers']) =>
      provisioning.save({
        teamRef: TEAM,
        config: config(numbers),
        updatedBy: 'user:default/ana',
      });
    const accountNumbers = async () =>
      (await client.incomingPhoneNumbers.list()).map(n => [
        n.phoneNumber,
        n.sid,
      ]);

    it('finishes the purchase on the next attempt, without buying again', async () => {
      failNextSave = new Error('Connection terminated unexpectedly');
      await expect(
        save([{ number: SF_1, country: 'US', source: 'buy' }]),
      ).rejects.toThrow('Connection terminated unexpectedly');
      const [[number, sid]] = await accountNumbers();
      expect(number).toBe(SF_1);
      expect(await knex('integrations').select()).toEqual([]);

      const saved = await save([
        { number: SF_1, country: 'US', source: 'buy' },
      ]);
      expect(saved.config.numbers).toEqual([
        { number: SF_1, country: 'US', source: 'purchased', sid },
      ]);
      expect(await accountNumbers()).toEqual([[SF_1, sid]]);
      expect(await knex('number_purchases').select()).toEqual([]);
    });

    it('releases it on the next attempt when that no longer asks for it', async () => {
      failNextSave = new Error('Connection terminated unexpectedly');
      await expect(
        save([{ number: SF_1, country: 'US', source: 'buy' }]),
      ).rejects.toThrow();
      const saved = await save([
        { number: SF_2, country: 'US', source: 'buy' },
      ]);
      expect(saved.config.numbers.map(n => n.number)).toEqual([SF_2]);
      expect((await accountNumbers()).map(([n]) => n)).toEqual([SF_2]);
      expect(await knex('number_purchases').select()).toEqual([]);
    });

    it("finds a purchase whose answer was lost by its friendly name, and a replica's dead lock expires", async () => {
      // Twilio sold the number, the replica died before noting the SID.
      const key = 'incoming-call 7d4f1a2e-lost-answer';
      const sold = await client.incomingPhoneNumbers.create({
        phoneNumber: SF_1,
        friendlyName: key,
      });
      await knex('number_purchases').insert({
        number: SF_1,
        team_ref: TEAM,
        purchase_key: key,
        sid: null,
        created_at: Date.now(),
      });
      await knex('number_provisioning_locks').insert({
        team_ref: TEAM,
        holder: 'a replica that died',
        expires_at: Date.now() - 1,
      });

      const saved = await save([
        { number: SF_1, country: 'US', source: 'buy' },
      ]);
      expect(saved.config.numbers[0].sid).toBe(sold.sid);
      expect(await accountNumbers()).toEqual([[SF_1, sold.sid]]);
      expect(await knex('number_provisioning_locks').select()).toEqual([]);
    });

    it('refuses a save while another holds the lock, buying nothing', async () => {
      await knex('number_provisioning_locks').insert({
        team_ref: TEAM,
        holder: 'another replica',
        expires_at: Date.now() + 60_000,
      });
      await expect(
        save([{ number: SF_1, country: 'US', source: 'buy' }]),
      ).rejects.toThrow(
        "Another save of group:default/platform's numbers is in progress; try again in a moment",
      );
      expect(await accountNumbers()).toEqual([]);
    });
  },
);
