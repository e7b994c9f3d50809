/**
 * PostgreSQL's codes for a statement that lost a race with another one (a
 * deadlock, a serialization failure) and may simply be run again.
 */
const TRANSIENT_CODES = new Set(['40P01', '40001']);

/**
 * Runs a statement of its own (not in a transaction: the lost race rolled
 * it back, and nothing else), again when it lost such a race: batches of
 * rows from several replicas can meet in an order no sorting fully rules
 * out (the planner picks the join order).
 */
export async function retryTransient<T>(
  work: () => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: unknown } | undefined)?.code;
      if (attempt >= attempts || !TRANSIENT_CODES.has(String(code))) {
        throw error;
      }
    }
  }
}
