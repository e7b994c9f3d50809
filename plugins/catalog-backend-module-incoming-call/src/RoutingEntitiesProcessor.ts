import {
  type Entity,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  getCompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  type CatalogProcessor,
  type CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATIONS,
  ROUTING_API_VERSION,
  contactMethodsSchema,
  describeZodError,
  escalationSpecSchema,
  routingTargetSchema,
  scheduleSpecSchema,
  userPhoneSchema,
} from '@icr/plugin-incoming-call-common';
import type { z } from 'zod';

const SPECS: Record<string, z.ZodType<{ owner: string }>> = {
  schedule: scheduleSpecSchema,
  escalation: escalationSpecSchema,
};

/** Annotations checked on built-in kinds, by kind. */
const ANNOTATION_SCHEMAS: Record<string, Record<string, z.ZodType>> = {
  user: {
    [ANNOTATIONS.phone]: userPhoneSchema,
    [ANNOTATIONS.contactMethods]: contactMethodsSchema,
  },
  group: { [ANNOTATIONS.routingTarget]: routingTargetSchema },
};

const kindOf = (entity: Entity) => entity.kind.toLocaleLowerCase('en-US');

function check<T>(
  entity: Entity,
  what: string,
  schema: z.ZodType<T>,
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `${entity.kind} ${entity.metadata.name}: ${what}: ${describeZodError(
        result.error,
      )}`,
    );
  }
  return result.data;
}

/**
 * Adds the `Schedule` and `Escalation` kinds (apiVersion
 * `incoming-call.backstage.io/v1alpha1`) with their owner relations, and
 * checks the incoming-call annotations on users and groups. Malformed data
 * becomes a processing error on the entity, with the field and the fix.
 *
 * @public
 */
export class RoutingEntitiesProcessor implements CatalogProcessor {
  getProcessorName() {
    return 'IncomingCallRoutingEntitiesProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    const schema = SPECS[kindOf(entity)];
    if (!schema || entity.apiVersion !== ROUTING_API_VERSION) {
      return false;
    }
    check(entity, 'spec', schema, entity.spec);
    return true;
  }

  async preProcessEntity(entity: Entity): Promise<Entity> {
    const annotations = entity.metadata.annotations ?? {};
    for (const [name, schema] of Object.entries(
      ANNOTATION_SCHEMAS[kindOf(entity)] ?? {},
    )) {
      if (annotations[name] !== undefined) {
        check(entity, `annotation ${name}`, schema, annotations[name]);
      }
    }
    return entity;
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const schema = SPECS[kindOf(entity)];
    if (schema && entity.apiVersion === ROUTING_API_VERSION) {
      const self = getCompoundEntityRef(entity);
      const owner = parseEntityRef(
        check(entity, 'spec', schema, entity.spec).owner,
      );
      emit(
        processingResult.relation({
          source: self,
          type: RELATION_OWNED_BY,
          target: owner,
        }),
      );
      emit(
        processingResult.relation({
          source: owner,
          type: RELATION_OWNER_OF,
          target: self,
        }),
      );
    }
    return entity;
  }
}
