import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATIONS,
  ROUTING_API_VERSION,
} from '@icr/plugin-incoming-call-common';
import { RoutingEntitiesProcessor } from './RoutingEntitiesProcessor';

const processor = new RoutingEntitiesProcessor();
const location = { type: 'file', target: 'routing.yaml' };

const escalation = (spec: unknown): Entity => ({
  apiVersion: ROUTING_API_VERSION,
  kind: 'Escalation',
  metadata: { name: 'platform-escalation' },
  spec: spec as Entity['spec'],
});

describe('RoutingEntitiesProcessor', () => {
  it('accepts a valid escalation and emits its owner relations', async () => {
    const entity = escalation({
      owner: 'group:platform',
      rules: [{ delayMinutes: 0, recipients: ['user:ana'] }],
    });
    await expect(processor.validateEntityKind(entity)).resolves.toBe(true);

    const emit = jest.fn();
    await processor.postProcessEntity(entity, location, emit);
    expect(
      emit.mock.calls.map(([r]) => [
        r.relation.type,
        r.relation.source.name,
        r.relation.target.name,
      ]),
    ).toEqual([
      ['ownedBy', 'platform-escalation', 'platform'],
      ['ownerOf', 'platform', 'platform-escalation'],
    ]);
  });

  it('turns a malformed spec into an error naming the field and the fix', async () => {
    await expect(
      processor.validateEntityKind(
        escalation({
          owner: 'group:platform',
          rules: [{ delayMinutes: -5, recipients: [] }],
        }),
      ),
    ).rejects.toThrow(
      'Escalation platform-escalation: spec: rules.0.delayMinutes: Too small: expected number to be >=0; rules.0.recipients: A rule needs at least one recipient',
    );
  });

  describe('schedules', () => {
    const schedule = (spec: object): Entity => ({
      apiVersion: ROUTING_API_VERSION,
      kind: 'Schedule',
      metadata: { name: 'platform-primary' },
      spec: {
        owner: 'group:platform',
        timeZone: 'Europe/Berlin',
        layers: [
          {
            name: 'Weekly',
            start: '2026-03-02T09:00',
            rotation: 'weekly',
            participants: ['user:ana', 'user:bob'],
          },
          {
            name: 'Weekend nights',
            start: '2026-03-06T20:00',
            rotation: 'weekly',
            participants: ['user:dave'],
          },
        ],
        ...spec,
      },
    });

    it('accepts layers that are all on call (the default) or where the last one on duty wins', async () => {
      for (const layering of [
        {},
        { layering: 'cumulative' },
        { layering: 'override' },
      ]) {
        await expect(
          processor.validateEntityKind(schedule(layering)),
        ).resolves.toBe(true);
      }
    });

    it('refuses an unknown layering, saying which there are', async () => {
      await expect(
        processor.validateEntityKind(schedule({ layering: 'last-wins' })),
      ).rejects.toThrow(
        'Schedule platform-primary: spec: layering: Layering is cumulative (every layer with someone on duty is on call) or override (the last such layer wins)',
      );
    });

    it('refuses two layers of the same name, which an override could not tell apart', async () => {
      const layer = {
        name: 'Weekly',
        start: '2026-03-02T09:00',
        rotation: 'weekly',
        participants: ['user:ana'],
      };
      await expect(
        processor.validateEntityKind(schedule({ layers: [layer, layer] })),
      ).rejects.toThrow(
        'Schedule platform-primary: spec: layers.1.name: Another layer is already named "Weekly": give each layer its own name, as overrides name layers',
      );
    });
  });

  it('leaves other kinds and other apiVersions to other processors', async () => {
    await expect(
      processor.validateEntityKind({
        ...escalation({}),
        apiVersion: 'backstage.io/v1alpha1',
      }),
    ).resolves.toBe(false);
    await expect(
      processor.validateEntityKind({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
      }),
    ).resolves.toBe(false);
  });

  it('checks the phone and contact-method annotations of users', async () => {
    const user = (annotations: Record<string, string>): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'ana', annotations },
      spec: {},
    });
    await expect(
      processor.preProcessEntity(user({ [ANNOTATIONS.phone]: '+14155550101' })),
    ).resolves.toBeDefined();
    await expect(
      processor.preProcessEntity(
        user({ [ANNOTATIONS.phone]: '(415) 555-0101' }),
      ),
    ).rejects.toThrow(
      /^User ana: annotation incoming-call.backstage.io\/phone: Enter the number in E.164 form/,
    );
    await expect(
      processor.preProcessEntity(
        user({ [ANNOTATIONS.contactMethods]: 'email,pager' }),
      ),
    ).rejects.toThrow(
      /Contact methods are a comma-separated list of backstage, email, sms/,
    );
  });

  it('checks the routing target of groups', async () => {
    await expect(
      processor.preProcessEntity({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: {
          name: 'platform',
          annotations: { [ANNOTATIONS.routingTarget]: 'component:default/api' },
        },
        spec: {},
      }),
    ).rejects.toThrow(/Expected a reference to a schedule, escalation, user/);
  });
});
