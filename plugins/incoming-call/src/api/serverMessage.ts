import { ResponseError } from '@backstage/errors';

/** What the server said went wrong (e.g. why it refused an upload). */
export function serverMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    return error.cause.message || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
