import type { z } from 'zod';

/**
 * A list refinement that flags repeated values, at the index of each
 * repeat: "`what` `key` appears more than once".
 */
export function unique<T>(key: (item: T) => string, what: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const k = key(item);
      if (seen.has(k)) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `${what} ${k} appears more than once`,
        });
      }
      seen.add(k);
    });
  };
}
