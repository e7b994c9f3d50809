import type { IntegrationConfig } from '@icr/plugin-incoming-call-common';

/** JSON with object keys sorted, so that key order does not count. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** Whether two configs say the same, whatever the order of their keys. */
export function sameConfig(a: IntegrationConfig, b: IntegrationConfig) {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
