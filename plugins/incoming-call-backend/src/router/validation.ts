import { InputError } from '@backstage/errors';
import {
  type FieldProblem,
  fieldProblemsOf,
} from '@icr/plugin-incoming-call-common';
import type { z } from 'zod';

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
    throw new ValidationError(fieldProblemsOf(result.error));
  }
  return result.data;
}
