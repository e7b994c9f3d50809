import { performance } from 'node:perf_hooks';

/** The p-th quantile of sorted timings (nearest rank). */
export function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/**
 * A read's timer for the benchmarks: runs a read `warmUp` times untimed,
 * then `runs` times timed, and prints p50/p99 against the target. Returns
 * whether the target was met.
 */
export function createMeasure(options: {
  runs: number;
  warmUp: number;
  targetP99Ms: number;
  labelWidth: number;
  digits: number;
}) {
  const { runs, warmUp, targetP99Ms, labelWidth, digits } = options;
  return async function measure(
    label: string,
    read: () => Promise<unknown>,
    check: (result: any) => void,
  ): Promise<boolean> {
    for (let i = 0; i < warmUp; i++) check(await read());
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const result = await read();
      times.push(performance.now() - started);
      check(result);
    }
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 0.5);
    const p99 = percentile(times, 0.99);
    const ok = p99 < targetP99Ms;
    console.log(
      `${label.padEnd(labelWidth)} p50 ${p50
        .toFixed(digits)
        .padStart(6)} ms  p99 ${p99
        .toFixed(digits)
        .padStart(6)} ms  (target p99 < ${targetP99Ms} ms) ${
        ok ? 'OK' : 'MISS'
      }`,
    );
    return ok;
  };
}
