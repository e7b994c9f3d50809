import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { AlertSearchOptions } from '@icr/plugin-incoming-call-react';
import type { AlertFilterValues } from './AlertFilters';

/**
 * The search the filters ask for; a filter not (yet) usable is left out
 * rather than sent to be refused: a team that is no entity ref, a caller
 * that is not (the start of) a phone number.
 */
export function searchOptionsOf(
  filters: AlertFilterValues,
): AlertSearchOptions {
  const caller = filters.caller.replace(/[\s()-]/g, '');
  return {
    team: teamRefOf(filters.team.trim()),
    status: filters.status || undefined,
    outcome: filters.outcome || undefined,
    from: isoOf(filters.from),
    to: isoOf(filters.to),
    caller: /^\+?[0-9]{1,15}$/.test(caller) ? caller : undefined,
  };
}

function teamRefOf(team: string): string | undefined {
  if (!team) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(team.toLocaleLowerCase('en-US'), {
        defaultKind: 'group',
        defaultNamespace: DEFAULT_NAMESPACE,
      }),
    );
  } catch {
    return undefined;
  }
}

/** A `datetime-local` value, read in the reader's time zone. */
function isoOf(local: string): string | undefined {
  const time = local ? new Date(local) : undefined;
  return time && !Number.isNaN(time.getTime()) ? time.toISOString() : undefined;
}
