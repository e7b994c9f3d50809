/**
 * Retries a check until it passes (or `timeoutMs`, ten seconds by default,
 * have gone by): for work webhooks start without holding up their answer.
 * A check that passes returns at once, so the limit costs only failures.
 */
export async function eventually(
  check: () => Promise<void> | void,
  { timeoutMs = 10_000 }: { timeoutMs?: number } = {},
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }
}
