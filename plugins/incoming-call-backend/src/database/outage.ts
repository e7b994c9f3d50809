import { isDataError } from './dataErrors';

/** Node's socket errors: the database cannot be reached. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Whether an error says the store cannot be reached (refused or reset
 * connections, a pool that gave no connection in time, a server shutting
 * down), as opposed to a statement refused for its data or a conflict.
 * PostgreSQL's connection exceptions (`08…`), operator intervention
 * (`57P…`: shutdown, crash) and insufficient resources (`53…`) count.
 */
export function isOutage(error: unknown): boolean {
  if (error === undefined || error === null || isDataError(error)) {
    return false;
  }
  const { code, name, message } = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
  };
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code)) return true;
    if (/^(08|57P|53)/.test(code)) return true;
  }
  if (name === 'KnexTimeoutError') return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|connect ECONNREFUSED|Timeout acquiring a connection|Client has encountered a connection error|socket hang up/i.test(
      message,
    )
  );
}
