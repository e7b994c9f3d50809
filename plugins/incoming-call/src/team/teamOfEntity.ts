import type { Entity } from '@backstage/catalog-model';
import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import type { TeamRef } from '@icr/plugin-incoming-call-react';

/** The team a Group entity stands for, as the backend names it. */
export function teamOfEntity(entity: Entity): TeamRef {
  return {
    namespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    name: entity.metadata.name,
  };
}

/** The name people know the team by. */
export function teamTitle(entity: Entity): string {
  const profile = entity.spec?.profile as { displayName?: string } | undefined;
  return entity.metadata.title ?? profile?.displayName ?? entity.metadata.name;
}
