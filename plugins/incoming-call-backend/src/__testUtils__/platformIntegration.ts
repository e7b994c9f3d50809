import {
  type IntegrationConfig,
  defaultIntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import { IntegrationStore } from '../database/IntegrationStore';
import { systemClock } from '../lib/clock';

/** The hotline number the call tests dial. */
export const HOTLINE = '+14155550100';

/**
 * Saves the Platform team's integration for call tests: the hotline number,
 * and Ana (+14155550101) then Carol (+14155550103) as recipients, unless
 * `changes` say otherwise.
 */
export async function savePlatformIntegration(
  knex: Knex,
  changes: Partial<IntegrationConfig> = {},
) {
  await new IntegrationStore(knex, systemClock).save({
    teamRef: 'group:default/platform',
    config: {
      ...defaultIntegrationConfig({
        ref: 'group:default/platform',
        title: 'Platform',
      }),
      numbers: [{ number: HOTLINE, country: 'US', source: 'attached' }],
      recipients: ['user:default/ana', 'user:default/carol'],
      ...changes,
    },
    updatedBy: 'user:default/ana',
  });
}
