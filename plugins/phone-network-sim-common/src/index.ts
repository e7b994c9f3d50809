/**
 * What the simulated phone network shows of a call, and the words of its
 * test-call API. No dependencies, so the node-only simulator, its backend
 * plugin and its frontend plugin all import the same types.
 *
 * @packageDocumentation
 */

export * from './calls';
export * from './messages';
export * from './testCalls';
