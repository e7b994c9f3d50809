import { mockCredentials } from '@backstage/backend-test-utils';
import {
  type AlertRuleInput,
  type AlertWithTimeline,
  alertRulesSchema,
  type Integration,
  type IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import type { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import type { Knex } from 'knex';
import { startNetworkCallBackend } from '../../__testUtils__/callBackend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { eventually } from '../../__testUtils__/eventually';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ANA = '+14155550101';
const BOB = '+14155550102';
const CAROL = '+14155550103';
/** A caller in the VIP prefix. */
const VIP_CALLER = '+14155559042';
const ana = mockCredentials.user.header('user:default/ana'); // Platform

const VIP_RULE: AlertRuleInput = {
  name: 'VIP callers',
  match: { type: 'prefix', value: '+1415555*' },
  actions: {
    priority: 'P1',
    tags: ['vip'],
    extraRecipients: ['user:default/bob'],
  },
};
const QUIET_GERMANY: AlertRuleInput = {
  name: 'Germany, quietly',
  match: { type: 'country', country: 'DE' },
  actions: { priority: 'P4', tags: ['de'], notify: false },
};

/** Waits until the network is quiet and the backend's work shows. */
const settle = (
  network: SimulatedPhoneNetwork,
  check: () => Promise<void> | void,
) =>
  eventually(async () => {
    await network.settled();
    await check();
  });

describe.each(databases.eachSupportedId())(
  'alert rules through the simulated phone network on %s',
  id => {
    let knex: Knex;
    let network: SimulatedPhoneNetwork;
    let api = '';

    beforeEach(async () => {
      knex = await databases.init(id);
      const started = await startNetworkCallBackend(knex);
      network = started.network;
      api = `${started.root}/api/incoming-call`;
    });

    /** Ana and Carol are the plan's own recipients. */
    const saveRules = (
      rules: AlertRuleInput[],
      changes: Partial<IntegrationConfig> = {},
    ) =>
      savePlatformIntegration(knex, {
        alertRules: alertRulesSchema.parse(rules),
        ...changes,
      });

    /** The alert of the call from `caller` (VIP_CALLER by default), through the API. */
    const theAlert = async (
      caller = VIP_CALLER,
    ): Promise<AlertWithTimeline> => {
      const [{ id: alertId }] = await knex('alerts')
        .where({ caller_number: caller })
        .select('id');
      const answer = await fetch(`${api}/alerts/${alertId}`, {
        headers: { Authorization: ana },
      });
      expect(answer.status).toBe(200);
      return answer.json();
    };
    const dialled = () =>
      network
        .calls()
        .filter(c => c.from === HOTLINE)
        .map(c => c.to);

    it("makes a VIP caller's alert P1, tagged vip, and dials the rule's extra recipient after the plan's own", async () => {
      await saveRules([VIP_RULE, QUIET_GERMANY]);
      network.setPhone(ANA, { kind: 'busy' });
      network.setPhone(CAROL, { kind: 'busy' });
      network.setPhone(BOB, { kind: 'answer', press: '1' });
      const caller = network.call(VIP_CALLER, HOTLINE);

      await settle(network, () =>
        expect(network.get(caller.sid).bridgedWith).toBeDefined(),
      );
      expect(network.get(network.get(caller.sid).bridgedWith!).to).toBe(BOB);
      // Ana and Carol (the immediate tier, in random order), then Bob.
      const legs = dialled();
      expect(legs).toHaveLength(3);
      expect(new Set(legs.slice(0, 2))).toEqual(new Set([ANA, CAROL]));
      expect(legs[2]).toBe(BOB);

      const alert = await theAlert();
      expect(alert).toMatchObject({
        priority: 'P1',
        tags: ['vip'],
        alertRule: 'VIP callers',
        notificationsMuted: false,
        answeredBy: 'user:default/bob',
      });
      const lines = alert.events.map(e => `${e.type}: ${e.message}`);
      expect(lines.slice(0, 2)).toEqual([
        `call-received: Call from ${VIP_CALLER} to ${HOTLINE} (Platform hotline)`,
        "rule-matched: Rule 'VIP callers' matched: P1, tagged vip, also rings 1 more recipient",
      ]);
      expect(lines).toContain(
        "responder-dialled: Dialling bob (an extra recipient of rule 'VIP callers')",
      );
      // Bob may read the alert: he is one of the call's responders.
      const asBob = await fetch(`${api}/alerts/${alert.id}`, {
        headers: {
          Authorization: mockCredentials.user.header('user:default/bob'),
        },
      });
      expect(asBob.status).toBe(200);
    });

    it("adds the rule's extra recipient to the plan of the menu option the caller chooses", async () => {
      await saveRules([VIP_RULE], {
        autoAttendant: {
          enabled: true,
          prompt: { type: 'text', text: 'Press 1 for Ana.' },
          options: [
            { key: '1', label: 'Ana', recipients: ['user:default/ana'] },
          ],
        },
      });
      network.setPhone(ANA, { kind: 'busy' });
      network.setPhone(BOB, { kind: 'answer', press: '1' });
      const caller = network.call(VIP_CALLER, HOTLINE, { keys: ['1'] });

      await settle(network, () =>
        expect(network.get(caller.sid).bridgedWith).toBeDefined(),
      );
      expect(dialled()).toEqual([ANA, BOB]);
      expect((await theAlert()).priority).toBe('P1');
    });

    it('leaves a caller no rule matches at P3 without tags, and mutes the notifications where the rule says so', async () => {
      await saveRules([VIP_RULE, QUIET_GERMANY]);
      network.setPhone(ANA, { kind: 'answer', press: '1' });
      const outsider = network.call('+33155550100', HOTLINE);
      await settle(network, () =>
        expect(network.get(outsider.sid).bridgedWith).toBeDefined(),
      );
      network.hangUp(outsider.sid);
      const plain = await theAlert('+33155550100');
      expect(plain).toMatchObject({
        priority: 'P3',
        tags: [],
        notificationsMuted: false,
      });
      expect(plain.alertRule).toBeUndefined();
      expect(plain.events.map(e => e.type)).not.toContain('rule-matched');
      await settle(network, () =>
        expect(network.get(outsider.sid).status).toBe('completed'),
      );

      const german = network.call('+4930555000', HOTLINE);
      await settle(network, () =>
        expect(network.get(german.sid).bridgedWith).toBeDefined(),
      );
      expect(await theAlert('+4930555000')).toMatchObject({
        priority: 'P4',
        tags: ['de'],
        alertRule: 'Germany, quietly',
        notificationsMuted: true,
      });
      const [session] = await knex('call_sessions')
        .where({ call_sid: german.sid })
        .pluck('data');
      expect(JSON.parse(session).context.notificationsMuted).toBe(true);
    });

    describe('saving rules through the API', () => {
      const integrationUrl = () => `${api}/teams/default/platform/integration`;
      const stored = async (): Promise<Integration> =>
        (
          await fetch(integrationUrl(), { headers: { Authorization: ana } })
        ).json();
      const save = async (rules: unknown[]) => {
        const { config, version } = await stored();
        return fetch(`${integrationUrl()}?version=${version}`, {
          method: 'PUT',
          headers: { Authorization: ana, 'Content-Type': 'application/json' },
          // The stored config as the editor sends it back, with these rules.
          body: JSON.stringify({ ...config, alertRules: rules }),
        });
      };

      beforeEach(() => saveRules([]));

      it('refuses a bad pattern with 400 and a message at its field, and saves nothing', async () => {
        const before = await stored();
        const refused = await save([
          VIP_RULE,
          {
            ...VIP_RULE,
            name: 'Typo',
            match: { type: 'prefix', value: '1415*' },
          },
        ]);
        expect(refused.status).toBe(400);
        expect((await refused.json()).error.problems).toEqual([
          {
            path: 'alertRules.1.match.value',
            message: 'A prefix starts with + (e.g. +4930123 or +1900*)',
          },
        ]);
        const after = await stored();
        expect(after.version).toBe(before.version);
        expect(after.config.alertRules).toEqual([]);
      });

      it('refuses an extra recipient the catalog does not know, at its field', async () => {
        const refused = await save([
          {
            ...VIP_RULE,
            actions: { extraRecipients: ['user:default/nobody'] },
          },
        ]);
        expect(refused.status).toBe(400);
        expect((await refused.json()).error.problems).toEqual([
          {
            path: 'alertRules.0.actions.extraRecipients.0',
            message: 'There is no user user:default/nobody in the catalog',
          },
        ]);
      });

      it('saves valid rules normalised: the prefix gets its *, the tags lower case', async () => {
        const saved = await save([
          {
            ...VIP_RULE,
            match: { type: 'prefix', value: '+1415555' },
            actions: { ...VIP_RULE.actions, tags: ['VIP'] },
          },
        ]);
        expect(saved.status).toBe(200);
        expect((await stored()).config.alertRules).toEqual([
          {
            name: 'VIP callers',
            match: { type: 'prefix', value: '+1415555*' },
            actions: {
              priority: 'P1',
              tags: ['vip'],
              extraRecipients: ['user:default/bob'],
              notify: true,
            },
          },
        ]);
      });
    });
  },
);
