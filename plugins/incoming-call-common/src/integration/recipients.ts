import type { Entity } from '@backstage/catalog-model';
import { z } from 'zod';
import { entityRefSchema } from '../validation/entityRef';

/**
 * Who a call may be routed to: a user, a team (its default routing target),
 * a schedule (whoever is on call) or an escalation. Dialled in list order.
 *
 * @public
 */
export const RECIPIENT_KINDS = [
  'user',
  'group',
  'schedule',
  'escalation',
] as const;

/** @public */
export const recipientRefSchema = entityRefSchema(RECIPIENT_KINDS);

/** @public */
export const recipientListSchema = z
  .array(recipientRefSchema)
  .max(50, 'At most 50 recipients')
  .superRefine((refs, ctx) => {
    refs.forEach((ref, index) => {
      if (refs.indexOf(ref) !== index) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `${ref} is already in the list`,
        });
      }
    });
  });

/**
 * The name a recipient goes by: a user's or team's profile display name,
 * else the entity's title, else its name.
 *
 * @public
 */
export function recipientDisplayName(entity: Entity): string {
  const profile = (entity.spec?.profile ?? {}) as { displayName?: unknown };
  return typeof profile.displayName === 'string' && profile.displayName
    ? profile.displayName
    : entity.metadata.title ?? entity.metadata.name;
}
