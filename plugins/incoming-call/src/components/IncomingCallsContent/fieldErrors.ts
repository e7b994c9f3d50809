import { ResponseError } from '@backstage/errors';
import {
  type FieldProblem,
  fieldProblemsOf,
} from '@icr/plugin-incoming-call-common';

/** The first problem with each field, keyed by its path (e.g. `numbers.0.number`). */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(
  error: Parameters<typeof fieldProblemsOf>[0],
): FieldErrors {
  return byPath(fieldProblemsOf(error));
}

/** The field problems of a 400 answer to a save, if that is what the error is. */
export function serverFieldErrorsOf(error: unknown): FieldErrors {
  if (!ResponseError.is(error) || error.statusCode !== 400) {
    return {};
  }
  const { problems } = error.body.error as { problems?: unknown };
  return Array.isArray(problems) ? byPath(problems.filter(isProblem)) : {};
}

/**
 * MUI TextField props that show the problem with one field, or else its hint.
 * Several paths name problems reported on the field and on its list item.
 */
export function errorProps(
  errors: FieldErrors,
  path: string | string[],
  hint?: string,
) {
  const paths = typeof path === 'string' ? [path] : path;
  const message = paths.map(p => errors[p]).find(Boolean);
  return message
    ? { error: true, helperText: message }
    : { error: false, helperText: hint };
}

/** The first problem with a field or anything inside it (a list's items). */
export function firstErrorWithin(
  errors: FieldErrors,
  path: string,
): string | undefined {
  if (errors[path]) {
    return errors[path];
  }
  const key = Object.keys(errors).find(k => k.startsWith(`${path}.`));
  return key ? errors[key] : undefined;
}

function byPath(problems: FieldProblem[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const { path, message } of problems) {
    errors[path] ??= message;
  }
  return errors;
}

function isProblem(value: unknown): value is FieldProblem {
  const problem = value as Partial<FieldProblem> | null;
  return (
    typeof problem?.path === 'string' && typeof problem?.message === 'string'
  );
}
