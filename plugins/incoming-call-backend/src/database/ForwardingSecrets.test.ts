import {
  defaultIntegrationConfig,
  type ForwardingDestination,
} from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { systemClock } from '../lib/clock';
import { MaskedSecretUrlError } from './ForwardingSecrets';
import { IntegrationStore } from './IntegrationStore';
import { applyMigrations } from './migrations';

const databases = createTestDatabases();
const teamRef = 'group:default/platform';
const slack: ForwardingDestination = {
  id: '7d1c7f3e-3a55-4a4e-9d9a-0a2f3b6c1e01',
  type: 'slack',
  name: '#support',
  webhookUrl: 'https://hooks.slack.com/services/T0123/B0456/secretpart',
  events: ['created'],
};
const http: ForwardingDestination = {
  id: '7d1c7f3e-3a55-4a4e-9d9a-0a2f3b6c1e02',
  type: 'http',
  name: 'Bot',
  url: 'https://bot.example.com/hook',
  events: ['created', 'closed'],
};
const MASK = 'https://hooks.slack.com/services/T…/****';

describe.each(databases.eachSupportedId())('forwarding secrets on %s', id => {
  let knex: Knex;
  let store: IntegrationStore;
  const save = (destinations: ForwardingDestination[]) =>
    store.save({
      teamRef,
      config: {
        ...defaultIntegrationConfig({ ref: teamRef, title: 'Platform' }),
        forwarding: { destinations },
      },
      updatedBy: 'user:default/ana',
    });
  const secrets = () =>
    knex('forwarding_secrets').orderBy('destination_id').pluck('secret');

  beforeEach(async () => {
    knex = await databases.init(id);
    await applyMigrations(knex);
    store = new IntegrationStore(knex, systemClock);
  });

  it('keeps Slack URLs and signing secrets out of the config, and each secret until its destination goes', async () => {
    const first = await save([slack, http]);
    expect(first.config.forwarding.destinations).toEqual([
      { ...slack, webhookUrl: MASK },
      { ...http, secretSet: true },
    ]);
    const [{ secret }] = first.forwardingSecrets!;
    expect(await secrets()).toEqual([slack.webhookUrl, secret]);
    const stored = await knex('integrations').first('config');
    expect(stored.config).not.toContain('secretpart');
    expect(stored.config).not.toContain(secret);

    // Sent back as read: nothing changes, no secret is shown again.
    const again = await save(
      (await store.getByTeam(teamRef))!.config.forwarding.destinations,
    );
    expect(again.forwardingSecrets).toBeUndefined();
    expect(await secrets()).toEqual([slack.webhookUrl, secret]);

    await save([{ ...http, secretSet: true }]);
    expect(await secrets()).toEqual([secret]);
  });

  it('refuses a mask that is not the stored URL of its destination, and writes nothing', async () => {
    await save([slack]);
    const other = { ...slack, id: http.id, webhookUrl: MASK };
    const refused = save([{ ...slack, webhookUrl: MASK }, other]);
    await expect(refused).rejects.toThrow(MaskedSecretUrlError);
    await expect(refused).rejects.toMatchObject({
      problems: [
        {
          path: 'forwarding.destinations.1.webhookUrl',
          message: 'Paste the Slack webhook URL (this one is masked)',
        },
      ],
    });
    expect((await store.getByTeam(teamRef))!.version).toBe(1);
    expect(await secrets()).toEqual([slack.webhookUrl]);
  });

  it('forgets the secrets with the integration', async () => {
    await save([slack, http]);
    expect(await store.delete(teamRef)).toBe(true);
    expect(await secrets()).toEqual([]);
  });
});
