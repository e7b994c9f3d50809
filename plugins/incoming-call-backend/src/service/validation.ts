import { InputError } from '@backstage/errors';
import type { z } from 'zod';

/** One field's problem, at its path in the request (e.g. `numbers.0.number`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * Invalid request input. Carries a message per field so a client can show
 * each problem next to its field.
 */
export class ValidationError extends InputError {
  constructor(readonly problems: FieldProblem[]) {
    super(
      problems
        .map(p => (p.path ? `${p.path}: ${p.message}` : p.message))
        .join('; '),
    );
  }
}

/** Parses request input, or throws a {@link ValidationError} naming every bad field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError(
      result.error.issues.map(issue => ({
        path: issue.path.join('.'),
        message: issue.message,
      })),
    );
  }
  return result.data;
}
