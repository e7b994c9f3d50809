/**
 * The shared model of incoming call routing: types, zod schemas, validation
 * and permissions used by both the backend and the frontend.
 *
 * @packageDocumentation
 */

export * from './validation/phoneNumber';
export * from './validation/blocklist';
export * from './validation/entityRef';
export * from './validation/fieldProblem';
export * from './integration/languages';
export * from './integration/recipients';
export * from './integration/integrationConfig';
export * from './numbers/numbers';
export * from './integration/forwarding';
export * from './integration/alertRules';
export * from './integration/incident';
export * from './integration/statusMessage';
export { withLanguage } from './integration/suggestedTexts';
export * from './integration/audio';
export * from './alert/alert';
export * from './alert/browserPickup';
export * from './catalog/annotations';
export * from './catalog/catalogEntities';
export * from './catalog/snapshot';
export * from './permissions/permissions';
export * from './roster/roster';
export * from './usage/usage';
export * from './line/line';
