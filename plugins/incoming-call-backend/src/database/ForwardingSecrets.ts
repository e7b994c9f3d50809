import { randomBytes } from 'node:crypto';
import { InputError } from '@backstage/errors';
import {
  type FieldProblem,
  type ForwardingSecret,
  type IntegrationConfig,
  isMaskedSecretUrl,
  maskSecretUrl,
} from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';

interface SecretRow {
  integration_id: string;
  destination_id: string;
  type: 'slack' | 'http';
  secret: string;
  created_at: number | string;
}

/**
 * A Slack destination saved with a mask that is not its stored URL's (a
 * new destination, or one whose URL is gone): the client must send the URL.
 */
export class MaskedSecretUrlError extends InputError {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map(p => `${p.path}: ${p.message}`).join('; '));
  }
}

/** A new HTTP destination's signing secret: 32 random bytes, hex. */
const newSigningSecret = () => randomBytes(32).toString('hex');

/**
 * Splits an integration's config being saved into what is stored as its
 * config (Slack URLs masked, HTTP destinations marked `secretSet`) and the
 * secrets, which live in `forwarding_secrets` only. A masked Slack URL sent
 * back unchanged keeps the stored one. `write` stores the secrets (after
 * the integration's row, which they reference) and drops those of removed
 * destinations; `created` are the new HTTP secrets, for the save's answer.
 */
export async function prepareForwardingSecrets(
  tx: Knex,
  integrationId: string,
  config: IntegrationConfig,
  now: number,
): Promise<{
  config: IntegrationConfig;
  created: ForwardingSecret[];
  write: () => Promise<void>;
}> {
  const stored = new Map(
    (
      await tx<SecretRow>('forwarding_secrets').where({
        integration_id: integrationId,
      })
    ).map(row => [row.destination_id, row]),
  );
  const rows: SecretRow[] = [];
  const created: ForwardingSecret[] = [];
  const problems: FieldProblem[] = [];
  const row = (
    destinationId: string,
    type: SecretRow['type'],
    secret: string,
  ) =>
    rows.push({
      integration_id: integrationId,
      destination_id: destinationId,
      type,
      secret,
      created_at: stored.get(destinationId)?.created_at ?? now,
    });

  const destinations = (config.forwarding?.destinations ?? []).map(
    (destination, index) => {
      const old = stored.get(destination.id);
      const kept = old?.type === destination.type ? old.secret : undefined;
      if (destination.type === 'slack') {
        let url = destination.webhookUrl;
        if (isMaskedSecretUrl(url)) {
          if (!kept || maskSecretUrl(kept) !== url) {
            problems.push({
              path: `forwarding.destinations.${index}.webhookUrl`,
              message: 'Paste the Slack webhook URL (this one is masked)',
            });
          }
          url = kept ?? url;
        }
        row(destination.id, 'slack', url);
        return { ...destination, webhookUrl: maskSecretUrl(url) };
      }
      const secret = kept ?? newSigningSecret();
      if (!kept) created.push({ destinationId: destination.id, secret });
      row(destination.id, 'http', secret);
      return { ...destination, secretSet: true };
    },
  );
  if (problems.length > 0) throw new MaskedSecretUrlError(problems);

  return {
    config: { ...config, forwarding: { destinations } },
    created,
    write: async () => {
      await tx('forwarding_secrets')
        .where({ integration_id: integrationId })
        .whereNotIn(
          'destination_id',
          rows.map(r => r.destination_id),
        )
        .delete();
      if (rows.length > 0) {
        await tx('forwarding_secrets')
          .insert(rows)
          .onConflict(['integration_id', 'destination_id'])
          .merge(['type', 'secret']);
      }
    },
  };
}

/** The stored secret of a destination, for sending to it. */
export async function forwardingSecretOf(
  db: Knex,
  integrationId: string,
  destinationId: string,
): Promise<string | undefined> {
  const row = await db<SecretRow>('forwarding_secrets')
    .where({ integration_id: integrationId, destination_id: destinationId })
    .first('secret');
  return row?.secret;
}
