import { ResponseError } from '@backstage/errors';

/** The backend refused to show or change it: the user lacks the permission. */
export function isForbidden(error: unknown): boolean {
  return ResponseError.is(error) && error.statusCode === 403;
}
