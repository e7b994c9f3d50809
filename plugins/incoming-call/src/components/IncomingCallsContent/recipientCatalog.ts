import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogApi } from '@backstage/plugin-catalog-react';
import {
  RECIPIENT_KINDS,
  recipientDisplayName,
} from '@icr/plugin-incoming-call-common';

/** A recipient as the editor shows it: by name, with its kind. */
export interface Recipient {
  ref: string;
  name: string;
  /** What kind of recipient it is, in words (`Team` for a group). */
  kindLabel: string;
}

const KIND_LABELS: Record<(typeof RECIPIENT_KINDS)[number], string> = {
  user: 'User',
  group: 'Team',
  schedule: 'Schedule',
  escalation: 'Escalation',
};

/** Only what a recipient's name and kind are read from. */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile.displayName',
];

/** The names a recipient is found by as one types. */
const SEARCHED_FIELDS = [
  'metadata.name',
  'metadata.title',
  'spec.profile.displayName',
];

const SEARCH_LIMIT = 10;

export function kindLabelOf(ref: string): string {
  const kind = parseEntityRef(ref).kind as keyof typeof KIND_LABELS;
  return KIND_LABELS[kind] ?? kind;
}

function recipientOf(entity: Entity): Recipient {
  const ref = stringifyEntityRef(entity);
  return {
    ref,
    name: recipientDisplayName(entity),
    kindLabel: kindLabelOf(ref),
  };
}

/** Users, teams, schedules and escalations whose name contains the term. */
export async function searchRecipients(
  catalog: CatalogApi,
  term: string,
): Promise<Recipient[]> {
  const { items } = await catalog.queryEntities({
    filter: { kind: [...RECIPIENT_KINDS] },
    fullTextFilter: { term, fields: SEARCHED_FIELDS },
    fields: FIELDS,
    limit: SEARCH_LIMIT,
    orderFields: { field: 'metadata.name', order: 'asc' },
    totalItems: 'exclude',
  });
  return items.map(recipientOf);
}

/** The recipients the catalog knows among the refs, by ref. */
export async function describeRecipients(
  catalog: CatalogApi,
  refs: readonly string[],
): Promise<Map<string, Recipient>> {
  if (refs.length === 0) {
    return new Map();
  }
  const { items } = await catalog.getEntitiesByRefs({
    entityRefs: [...refs],
    fields: FIELDS,
  });
  return new Map(
    items.flatMap(entity => {
      if (!entity) return [];
      const recipient = recipientOf(entity);
      return [[recipient.ref, recipient]];
    }),
  );
}
