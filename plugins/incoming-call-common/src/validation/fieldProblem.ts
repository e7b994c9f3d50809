import type { z } from 'zod';

/**
 * One field's problem in a 400 answer (`error.problems`), at the field's
 * path in the request (e.g. `numbers.0.number`), so a client can show it
 * next to that field.
 *
 * @public
 */
export interface FieldProblem {
  path: string;
  message: string;
}

/** Each zod issue as a {@link FieldProblem}. @public */
export function fieldProblemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map(issue => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/**
 * Every problem of a zod result on one line a person can act on
 * (`layers.0.start: Write the start as ...; owner: ...`).
 *
 * @public
 */
export function describeZodError(error: z.ZodError): string {
  return fieldProblemsOf(error)
    .map(p => (p.path ? `${p.path}: ${p.message}` : p.message))
    .join('; ');
}
