import {
  type Entity,
  type GroupEntity,
  type UserEntity,
  RELATION_MEMBER_OF,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATIONS,
  DEFAULT_CONTACT_METHODS,
  type RoutingSnapshot,
  type RoutingTeam,
  type RoutingUser,
  contactMethodsSchema,
  describeZodError,
  escalationSpecSchema,
  routingTargetSchema,
  scheduleSpecSchema,
  userPhoneSchema,
} from '@icr/plugin-incoming-call-common';
import type { z } from 'zod';

/** Told about each piece of catalog data the snapshot had to leave out. */
export type SnapshotProblemHandler = (
  entityRef: string,
  problem: string,
) => void;

function displayName(entity: Entity): string {
  const profile = (entity.spec?.profile ?? {}) as { displayName?: string };
  return profile.displayName ?? entity.metadata.title ?? entity.metadata.name;
}

function groupRefs(refs: readonly string[] | undefined): string[] {
  return (refs ?? []).map(ref =>
    stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ),
  );
}

/**
 * Turns catalog entities into the model routing reads. Pure, so it can be
 * tested and benchmarked without a catalog. Data the catalog processor would
 * have rejected is left out and reported, never thrown.
 */
export function buildSnapshot(
  entities: Iterable<Entity>,
  onProblem: SnapshotProblemHandler = () => {},
): RoutingSnapshot {
  const snapshot: RoutingSnapshot = {
    users: new Map(),
    teams: new Map(),
    schedules: new Map(),
    escalations: new Map(),
  };

  const parse = <T>(
    ref: string,
    what: string,
    schema: z.ZodType<T>,
    value: unknown,
  ) => {
    const result = schema.safeParse(value);
    if (!result.success) {
      onProblem(ref, `${what}: ${describeZodError(result.error)}`);
      return undefined;
    }
    return result.data;
  };

  for (const entity of entities) {
    const ref = stringifyEntityRef(entity);
    const annotations = entity.metadata.annotations ?? {};
    switch (entity.kind.toLocaleLowerCase('en-US')) {
      case 'user': {
        const user = entity as UserEntity;
        const relations = (entity.relations ?? [])
          .filter(r => r.type === RELATION_MEMBER_OF)
          .map(r => r.targetRef);
        const phoneValue = annotations[ANNOTATIONS.phone];
        const methodsValue = annotations[ANNOTATIONS.contactMethods];
        const routingUser: RoutingUser = {
          ref,
          displayName: displayName(entity),
          phone:
            phoneValue === undefined
              ? undefined
              : parse(ref, ANNOTATIONS.phone, userPhoneSchema, phoneValue),
          email: user.spec?.profile?.email,
          contactMethods:
            (methodsValue !== undefined &&
              parse(
                ref,
                ANNOTATIONS.contactMethods,
                contactMethodsSchema,
                methodsValue,
              )) ||
            DEFAULT_CONTACT_METHODS,
          memberOf: [
            ...new Set(
              relations.length ? relations : groupRefs(user.spec?.memberOf),
            ),
          ],
        };
        snapshot.users.set(ref, routingUser);
        break;
      }
      case 'group': {
        const group = entity as GroupEntity;
        const targetValue = annotations[ANNOTATIONS.routingTarget];
        const team: RoutingTeam = {
          ref,
          displayName: displayName(entity),
          parent: group.spec?.parent
            ? groupRefs([group.spec.parent])[0]
            : undefined,
          members: [],
          routingTarget:
            targetValue === undefined
              ? undefined
              : parse(
                  ref,
                  ANNOTATIONS.routingTarget,
                  routingTargetSchema,
                  targetValue,
                ),
        };
        snapshot.teams.set(ref, team);
        break;
      }
      case 'schedule': {
        const spec = parse(ref, 'spec', scheduleSpecSchema, entity.spec);
        if (spec) {
          snapshot.schedules.set(ref, {
            ...spec,
            ref,
            displayName: displayName(entity),
          });
        }
        break;
      }
      case 'escalation': {
        const spec = parse(ref, 'spec', escalationSpecSchema, entity.spec);
        if (spec) {
          snapshot.escalations.set(ref, {
            ...spec,
            ref,
            displayName: displayName(entity),
          });
        }
        break;
      }
      default:
        break;
    }
  }

  // Membership is recorded on users; teams list their members for lookups.
  for (const user of snapshot.users.values()) {
    for (const teamRef of user.memberOf) {
      snapshot.teams.get(teamRef)?.members.push(user.ref);
    }
  }
  return snapshot;
}
