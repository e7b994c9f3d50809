/**
 * Retries a check until it passes (or `timeoutMs`, about three seconds by
 * default, have gone by): for work webhooks start without holding up their
 * answer.
 */
export async function eventually(
  check: () => Promise<void> | void,
  { timeoutMs = 3_000 }: { timeoutMs?: number } = {},
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
