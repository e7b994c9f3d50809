import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';

/**
 * A catalog entity reference of one of the given kinds, normalised to its
 * full form (`kind:namespace/name`, lower-case kind).
 *
 * @public
 */
export function entityRefSchema(kinds: readonly string[]) {
  const allowed = kinds.map(k => k.toLocaleLowerCase('en-US'));
  return z
    .string()
    .trim()
    .transform((value, ctx) => {
      try {
        const ref = parseEntityRef(value, { defaultNamespace: 'default' });
        const kind = ref.kind.toLocaleLowerCase('en-US');
        if (!allowed.includes(kind)) {
          ctx.addIssue({
            code: 'custom',
            message: `Expected a reference to a ${kinds.join(', ')} (e.g. ${
              allowed[0]
            }:default/name), got kind "${ref.kind}"`,
          });
          return z.NEVER;
        }
        return stringifyEntityRef({ ...ref, kind });
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: `"${value}" is not an entity reference; write kind:namespace/name (e.g. ${allowed[0]}:default/name)`,
        });
        return z.NEVER;
      }
    });
}
