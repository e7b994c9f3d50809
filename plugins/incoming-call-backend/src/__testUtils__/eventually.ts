/**
 * Retries a check until it passes (or about three seconds have gone by):
 * for work webhooks start without holding up their answer.
 */
export async function eventually(
  check: () => Promise<void> | void,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await check();
      return;
    } catch (error) {
      if (attempt > 150) throw error;
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }
}
