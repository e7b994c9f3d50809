/**
 * SQLSTATE classes of PostgreSQL errors that come from the data a statement
 * carries, not from the database being unwell: a data exception (a value
 * too long, a NUL byte, text that is not a number: `22`), an integrity
 * constraint (`23`), a program limit (a row too large: `54`).
 */
const POSTGRES_DATA_CLASSES = new Set(['22', '23', '54']);

/** SQLite's result codes for a statement refused for its data. */
const SQLITE_DATA_CODES =
  /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)(_[A-Z]+)?$/;

/**
 * Whether an error came from what a statement carries (some value in it),
 * so that the same statement without that value would succeed: a batch
 * failing so is worth splitting to find the value. Anything else (the
 * database unreachable, a pool timeout, a connection reset, shutdown) is
 * not: it would fail every part of the batch too, only later. Errors our
 * own code throws over a value it cannot handle (`TypeError`,
 * `RangeError`, such as an invalid date) count as data errors.
 */
export function isDataError(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return false;
  if (/^[0-9A-Z]{5}$/.test(code)) {
    return POSTGRES_DATA_CLASSES.has(code.slice(0, 2));
  }
  return SQLITE_DATA_CODES.test(code);
}

/**
 * Whether an insert lost the race for a unique key (or primary key) to
 * another: the row it meant to write is there already.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
