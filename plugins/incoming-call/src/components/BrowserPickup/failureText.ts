import { ResponseError } from '@backstage/errors';

/**
 * The backend's own words when it refused (who may take the call, or that
 * the caller is no longer waiting), rather than "Request failed with 403".
 */
export function failureText(error: Error): string {
  return ResponseError.is(error) ? error.cause.message : error.message;
}
