import { isDataError } from './dataErrors';

const withCode = (code: string) =>
  Object.assign(new Error(`failed: ${code}`), { code });

describe('isDataError', () => {
  it.each([
    '22001', // a value too long for its column
    '22021', // a NUL byte in text
    '22P05', // \u0000 in JSON
    '22P02', // text that is not a number
    '23502', // NULL in a NOT NULL column
    '23505', // a unique key taken
    '54000', // a row too large
    'SQLITE_CONSTRAINT_NOTNULL',
    'SQLITE_CONSTRAINT',
    'SQLITE_MISMATCH',
    'SQLITE_TOOBIG',
  ])('counts %s as the data of a statement', code => {
    expect(isDataError(withCode(code))).toBe(true);
  });

  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    '08006', // connection failure
    '57P01', // administrator shutdown
    '53300', // too many connections
    '40P01', // deadlock (retried by retryTransient, not split)
    'SQLITE_BUSY',
    'SQLITE_IOERR',
  ])('does not count %s', code => {
    expect(isDataError(withCode(code))).toBe(false);
  });

  it('counts what our code throws over a value, and not an error without a code', () => {
    expect(isDataError(new RangeError('Invalid time value'))).toBe(true);
    expect(isDataError(new TypeError('x is undefined'))).toBe(true);
    const timeout = new Error('Knex: Timeout acquiring a connection.');
    timeout.name = 'KnexTimeoutError';
    expect(isDataError(timeout)).toBe(false);
    expect(isDataError(undefined)).toBe(false);
  });
});
