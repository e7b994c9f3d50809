import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  defaultIntegrationConfig,
  type IntegrationConfig,
  type IntegrationDialPlan,
  withLanguage,
} from '@icr/plugin-incoming-call-common';
import type { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import type { Knex } from 'knex';
import {
  PUBLIC_URL,
  startNetworkCallBackend,
} from '../../__testUtils__/callBackend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { eventually } from '../../__testUtils__/eventually';
import { bothArrived, inExpectedOrder } from '../../__testUtils__/racingEvents';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';
import { IntegrationStore } from '../../database/IntegrationStore';
import { OverrideStore } from '../../database/OverrideStore';
import { systemClock } from '../../lib/clock';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ANA = '+14155550101';
const CAROL = '+14155550103';
/** What a responder hears about a call from +4930555000 to the hotline. */
const announcement = (option?: string) =>
  `Incoming support call for Platform hotline. Caller: 4 9 3, 0 5 5, 5 0 0, 0.${
    option ? ` Option: ${option}.` : ''
  } Press 1 to take the call.`;

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
  'calls through the simulated phone network on %s',
  id => {
    let knex: Knex;
    let network: SimulatedPhoneNetwork;
    /** The plugin's API on the test server. */
    let api = '';
    /** The backend's scheduler: its tasks run when a test says so. */
    let scheduler: ReturnType<typeof mockServices.scheduler.mock>;
    const runTask = async (taskId: string) => {
      const [task] = scheduler.scheduleTask.mock.calls.find(
        ([t]) => t.id === taskId,
      )!;
      await (task.fn as (signal: AbortSignal) => Promise<void>)(
        new AbortController().signal,
      );
    };

    beforeEach(async () => {
      knex = await databases.init(id);
      scheduler = mockServices.scheduler.mock();
      const started = await startNetworkCallBackend(knex, [scheduler.factory]);
      network = started.network;
      api = `${started.root}/api/incoming-call`;
      await savePlatformIntegration(knex);
    });

    const timeline = async () => {
      const [alert] = await knex('alerts').select(
        'id',
        'status',
        'acknowledged_by',
      );
      const events = await knex('alert_events')
        .where({ alert_id: alert.id })
        .orderBy('seq')
        .pluck('type');
      return {
        status: alert.status,
        acknowledgedBy: alert.acknowledged_by,
        events,
      };
    };

    const messages = async () =>
      knex('alert_events').orderBy('seq').pluck('message');

    /**
     * The timeline of a call that ended in a voicemail: waits for both the
     * recording and the caller's status callback, which Twilio sends in
     * either order, and compares the rest in order.
     */
    const expectVoicemailTimeline = async (expected: string[]) => {
      await settle(network, async () =>
        expect(bothArrived((await timeline()).events)).toBe(true),
      );
      expect(inExpectedOrder((await timeline()).events, expected)).toEqual(
        expected,
      );
    };

    it('reaches the second responder when the first does not answer, and connects them', async () => {
      network.setPhone(ANA, { kind: 'no-answer' });
      network.setPhone(CAROL, { kind: 'answer', press: '1' });
      const caller = network.call('+4930555000', HOTLINE);

      await settle(network, () =>
        expect(network.get(caller.sid).bridgedWith).toBeDefined(),
      );
      const carol = network.get(network.get(caller.sid).bridgedWith!);
      expect(carol.to).toBe(CAROL);
      expect(caller.heard[0]).toContain(
        'You have reached the Platform support line',
      );
      expect(carol.heard).toEqual([announcement()]);

      network.hangUp(caller.sid);
      await settle(network, async () =>
        expect((await timeline()).status).toBe('closed'),
      );
      expect(await timeline()).toEqual({
        status: 'closed',
        acknowledgedBy: 'user:default/carol',
        events: [
          'call-received',
          'responder-dialled',
          'responder-outcome',
          'responder-dialled',
          'answered',
          'call-ended',
          'closed',
        ],
      });
      expect(network.get(carol.sid).status).toBe('completed');
    });

    it('leaves a voicemail when only a voicemail box answers', async () => {
      network.setPhone(ANA, { kind: 'voicemail-box' });
      network.setPhone(CAROL, { kind: 'busy' });
      const caller = network.call('+4930555000', HOTLINE, {
        voicemailSeconds: 12,
      });

      await settle(network, async () =>
        expect((await timeline()).events).toContain('voicemail'),
      );
      expect(caller.heard).toContain(
        'Nobody is available right now. Please leave a message after the tone.',
      );
      expect(caller.heard.at(-1)).toBe('Thank you. Goodbye.');
      // The box heard the prompt twice, then goodbye, and never confirmed.
      const box = network.calls().find(c => c.to === ANA)!;
      expect(box.heard).toEqual([announcement(), announcement(), 'Goodbye.']);
      expect(await messages()).toContain(
        'ana did not take the call (answered, but did not press 1)',
      );
      await settle(network, async () =>
        // A voicemail's alert stays open until someone handles it.
        expect(await knex('alerts').first('status', 'outcome')).toMatchObject({
          status: 'open',
          outcome: 'voicemail',
        }),
      );
      await expectVoicemailTimeline([
        'call-received',
        'responder-dialled',
        'responder-outcome',
        'responder-dialled',
        'responder-outcome',
        'note',
        'voicemail',
        'call-ended',
      ]);
    });

    it("cancels the responder's ringing phone when the caller hangs up first", async () => {
      network.setPhone(ANA, { kind: 'ring' });
      const caller = network.call('+4930555000', HOTLINE);
      const ringing = () => network.calls().find(c => c.to === ANA);
      await settle(network, () => expect(ringing()?.status).toBe('ringing'));
      expect(network.get(caller.sid).queue).toBe(`call-${caller.sid}`);

      network.hangUp(caller.sid);
      await settle(network, async () =>
        expect((await timeline()).status).toBe('closed'),
      );
      expect(ringing()?.status).toBe('canceled');
      expect((await timeline()).events).toEqual([
        'call-received',
        'responder-dialled',
        'caller-hung-up',
        'closed',
      ]);
      expect(network.calls().filter(c => c.to === CAROL)).toEqual([]);
    });

    it('ends the call when the caller hangs up in the queue on a number without a status callback (the Enqueue action says so)', async () => {
      // The number as configured by hand in Twilio's console: a voice URL,
      // no status callback.
      network.addNumber(HOTLINE, { voiceUrl: `${PUBLIC_URL}/voice` });
      network.setPhone(ANA, { kind: 'ring' });
      const caller = network.call('+4930555000', HOTLINE);
      expect(network.statusCallbackOf(caller.sid)).toBeUndefined();
      const ringing = () => network.calls().find(c => c.to === ANA);
      await settle(network, () => expect(ringing()?.status).toBe('ringing'));
      expect(network.get(caller.sid).queue).toBe(`call-${caller.sid}`);

      network.hangUp(caller.sid);
      await settle(network, async () =>
        expect((await timeline()).status).toBe('closed'),
      );
      expect(ringing()?.status).toBe('canceled');
      expect(await knex('alerts').first('status', 'outcome')).toEqual({
        status: 'closed',
        outcome: 'abandoned',
      });
      expect((await timeline()).events).toEqual([
        'call-received',
        'responder-dialled',
        'caller-hung-up',
        'closed',
      ]);
      expect(await knex('call_sessions').pluck('state')).toEqual(['ended']);
      expect(network.calls().filter(c => c.to === CAROL)).toEqual([]);
    });

    /** Changes the Platform integration as its team owner would. */
    const changeIntegration = async (changes: Partial<IntegrationConfig>) => {
      const integrations = new IntegrationStore(knex, systemClock);
      const current = (await integrations.getByTeam('group:default/platform'))!;
      await integrations.save({
        teamRef: current.teamRef,
        config: { ...current.config, ...changes },
        updatedBy: 'user:default/ana',
      });
    };

    it("greets and holds the caller in the integration's language, then takes a voicemail in it", async () => {
      await changeIntegration({
        language: 'de-DE',
        welcome: {
          type: 'text',
          text: 'Sie haben die Plattform-Hotline erreicht.',
        },
      });
      network.setPhone(ANA, { kind: 'no-answer' });
      network.setPhone(CAROL, { kind: 'busy' });
      const caller = network.call('+4930555000', HOTLINE, {
        voicemailSeconds: 8,
      });

      await settle(network, async () =>
        expect((await timeline()).events).toContain('voicemail'),
      );
      expect(caller.heard).toEqual([
        'Sie haben die Plattform-Hotline erreicht.',
        // Held in the caller's own queue while the phones rang: their
        // place in the line, then the plugin's wait tone.
        'Sie sind als Nächstes an der Reihe. Drücken Sie die 9, um stattdessen eine Nachricht zu hinterlassen.',
        expect.stringMatching(/^\[hold music .*\/built-in-wait-tone\?/),
        'Im Moment ist niemand erreichbar. Bitte hinterlassen Sie nach dem Signalton eine Nachricht.',
        'Vielen Dank. Auf Wiederhören.',
      ]);
    });

    it('speaks the suggested texts in the language switched to, and tells the responder in it', async () => {
      // What the editor offers when a team owner picks German.
      const { language, welcome, autoAttendant } = withLanguage(
        defaultIntegrationConfig({
          ref: 'group:default/platform',
          title: 'Platform',
        }),
        'de-DE',
      );
      await changeIntegration({
        language,
        welcome,
        autoAttendant: {
          ...autoAttendant,
          enabled: true,
          options: [
            { key: '1', label: 'Technik', recipients: ['user:default/ana'] },
          ],
        },
      });
      network.setPhone(ANA, { kind: 'answer', press: '1' });
      const caller = network.call('+4930555000', HOTLINE, { keys: ['1'] });

      await settle(network, () =>
        expect(network.get(caller.sid).bridgedWith).toBeDefined(),
      );
      expect(caller.heard.slice(0, 2)).toEqual([
        'Sie haben die Support-Hotline von Platform erreicht. Bitte bleiben Sie dran, wir verbinden Sie mit der Rufbereitschaft.',
        'Drücken Sie die 1 für den technischen Support.',
      ]);
      expect(network.get(network.get(caller.sid).bridgedWith!).heard).toEqual([
        'Eingehender Supportanruf für Platform hotline. Anrufer: 4 9 3, 0 5 5, 5 0 0, 0. Option: Technik. Drücken Sie 1, um den Anruf anzunehmen.',
      ]);
    });

    it('takes a voicemail without ringing anyone when users to try is 0', async () => {
      await changeIntegration({ usersToTry: 0 });
      const caller = network.call('+4930555000', HOTLINE, {
        voicemailSeconds: 5,
      });

      await settle(network, async () =>
        // A voicemail's alert stays open until someone handles it.
        expect(await knex('alerts').first('status', 'outcome')).toMatchObject({
          status: 'open',
          outcome: 'voicemail',
        }),
      );
      expect(network.calls()).toHaveLength(1);
      expect(caller.heard.slice(1)).toEqual([
        'Nobody is available right now. Please leave a message after the tone.',
        'Thank you. Goodbye.',
      ]);
      await expectVoicemailTimeline([
        'call-received',
        'note',
        'voicemail',
        'call-ended',
      ]);
    });

    it('asks the caller to try again later when nobody answers and voicemail is off', async () => {
      await changeIntegration({ voicemail: { enabled: false, prompt: null } });
      network.setPhone(ANA, { kind: 'busy' });
      network.setPhone(CAROL, { kind: 'no-answer' });
      const caller = network.call('+4930555000', HOTLINE);

      await settle(network, async () =>
        expect((await timeline()).status).toBe('closed'),
      );
      expect(caller.heard.at(-1)).toBe(
        'Nobody is available right now. Please try again later. Goodbye.',
      );
      expect(network.get(caller.sid).status).toBe('completed');
      expect((await timeline()).events).toEqual([
        'call-received',
        'responder-dialled',
        'responder-outcome',
        'responder-dialled',
        'responder-outcome',
        'note',
        'call-ended',
        'closed',
      ]);
    });

    it('greets the caller first, then takes a voicemail, when nobody can be dialled, and says why', async () => {
      // Dave has no phone number.
      await changeIntegration({ recipients: ['user:default/dave'] });
      const caller = network.call('+4930555000', HOTLINE, {
        voicemailSeconds: 6,
      });

      await settle(network, async () =>
        // A voicemail's alert stays open until someone handles it.
        expect(await knex('alerts').first('status', 'outcome')).toMatchObject({
          status: 'open',
          outcome: 'voicemail',
        }),
      );
      // Straight from the welcome to the voicemail: never queued, never
      // redirected out of a queue (which on Twilio cuts the welcome off).
      expect(caller.heard).toEqual([
        'You have reached the Platform support line. Please hold while we connect you to the engineer on call.',
        'Nobody is available right now. Please leave a message after the tone.',
        'Thank you. Goodbye.',
      ]);
      expect(network.calls()).toHaveLength(1);
      expect(await messages()).toContain(
        'Nobody can be dialled (user:default/dave has no phone number in the catalog): the caller was asked to leave a voicemail',
      );
      await expectVoicemailTimeline([
        'call-received',
        'note',
        'voicemail',
        'call-ended',
      ]);
    });

    it('greets the caller first, then asks them to try later, when nobody can be dialled and voicemail is off', async () => {
      await changeIntegration({
        recipients: ['user:default/dave'],
        voicemail: { enabled: false, prompt: null },
      });
      const caller = network.call('+4930555000', HOTLINE);

      await settle(network, async () =>
        expect((await timeline()).status).toBe('closed'),
      );
      expect(caller.heard).toEqual([
        'You have reached the Platform support line. Please hold while we connect you to the engineer on call.',
        'Nobody is available right now. Please try again later. Goodbye.',
      ]);
      expect(await messages()).not.toContain(
        expect.stringContaining('Nobody answered'),
      );
    });

    it('hangs up a responder who answered but has not confirmed when the caller hangs up', async () => {
      network.setPhone(ANA, { kind: 'ring' });
      const caller = network.call('+4930555000', HOTLINE);
      const ana = () => network.calls().find(c => c.to === ANA)!;
      await settle(network, () => expect(ana()?.status).toBe('ringing'));
      // Ana picks up by hand and listens to the prompt, pressing nothing.
      network.answer(ana().sid);
      await settle(network, () =>
        expect(ana().heard).toEqual([announcement()]),
      );

      network.hangUp(caller.sid);
      await settle(network, async () =>
        expect((await timeline()).status).toBe('closed'),
      );
      // `canceled` would leave her on the line (Twilio ignores it once a
      // leg is in progress); she is hung up before the prompt is over.
      expect(ana().status).toBe('completed');
      expect(ana().heard).toEqual([announcement()]);
      expect((await timeline()).events).toEqual([
        'call-received',
        'responder-dialled',
        'caller-hung-up',
        'closed',
      ]);
    });

    it('asks a responder who pressed nothing once more, and connects them when they press 1', async () => {
      network.setPhone(ANA, { kind: 'answer', press: '' });
      const caller = network.call('+4930555000', HOTLINE);
      const ana = () => network.calls().find(c => c.to === ANA)!;
      await settle(network, () =>
        expect(ana()?.heard).toEqual([announcement(), announcement()]),
      );
      network.press(ana().sid, '1');
      await settle(network, () =>
        expect(network.get(caller.sid).bridgedWith).toBe(ana().sid),
      );
      network.hangUp(caller.sid);
      await settle(network, async () =>
        expect((await timeline()).acknowledgedBy).toBe('user:default/ana'),
      );
    });

    describe('auto-attendant', () => {
      const menu = (options: IntegrationConfig['autoAttendant']['options']) =>
        changeIntegration({
          autoAttendant: {
            enabled: true,
            prompt: { type: 'text', text: 'Press 1 for Ana.' },
            options,
          },
        });
      const ANA_OPTION = {
        key: '1' as const,
        label: 'Ana',
        recipients: ['user:default/ana'],
      };

      it("rings only the chosen option's recipients, with * for any other key", async () => {
        await menu([
          ANA_OPTION,
          { key: '*', label: 'Anyone', recipients: ['user:default/carol'] },
        ]);
        network.setPhone(CAROL, { kind: 'answer', press: '1' });
        const caller = network.call('+4930555000', HOTLINE, { keys: ['7'] });

        await settle(network, () =>
          expect(network.get(caller.sid).bridgedWith).toBeDefined(),
        );
        const carol = network.get(network.get(caller.sid).bridgedWith!);
        expect(carol.to).toBe(CAROL);
        expect(carol.heard).toEqual([announcement('Anyone')]);
        expect(caller.heard).toContain('Press 1 for Ana.');
        expect(network.calls().filter(c => c.to === ANA)).toEqual([]);
        expect((await timeline()).events).toEqual([
          'call-received',
          'menu-choice',
          'responder-dialled',
          'answered',
        ]);
      });

      it('asks once more after a key that is no option, and ends the call after a second', async () => {
        await menu([ANA_OPTION]);
        const caller = network.call('+4930555000', HOTLINE, {
          keys: ['7', '9'],
        });

        await settle(network, async () =>
          expect((await timeline()).status).toBe('closed'),
        );
        expect(caller.heard).toEqual([
          'You have reached the Platform support line. Please hold while we connect you to the engineer on call.',
          'Press 1 for Ana.',
          'Sorry, that is not one of the options.',
          'Press 1 for Ana.',
          'Goodbye.',
        ]);
        expect(network.get(caller.sid).status).toBe('completed');
        expect(network.calls()).toHaveLength(1);
        expect((await timeline()).events).toEqual([
          'call-received',
          'menu-choice',
          'menu-choice',
          'call-ended',
          'closed',
        ]);
      });

      it('sends a caller who presses nothing to the * option', async () => {
        await menu([
          ANA_OPTION,
          { key: '*', label: 'Anyone', recipients: ['user:default/carol'] },
        ]);
        network.setPhone(CAROL, { kind: 'answer', press: '1' });
        const caller = network.call('+4930555000', HOTLINE, { keys: [''] });

        await settle(network, () =>
          expect(network.get(caller.sid).bridgedWith).toBeDefined(),
        );
        expect(network.get(network.get(caller.sid).bridgedWith!).to).toBe(
          CAROL,
        );
        expect(caller.heard).not.toContain(
          'Sorry, that is not one of the options.',
        );
        expect(await messages()).toContain(
          'The caller pressed nothing: Anyone',
        );
      });

      it('without a * option, asks a caller who pressed nothing once more, then says goodbye', async () => {
        await menu([ANA_OPTION]);
        const caller = network.call('+4930555000', HOTLINE, {
          keys: ['', ''],
        });

        await settle(network, async () =>
          expect((await timeline()).status).toBe('closed'),
        );
        expect(caller.heard).toEqual([
          'You have reached the Platform support line. Please hold while we connect you to the engineer on call.',
          'Press 1 for Ana.',
          'Sorry, we did not receive your choice.',
          'Press 1 for Ana.',
          'Goodbye.',
        ]);
        expect(network.calls()).toHaveLength(1);
        expect(await messages()).toEqual([
          expect.stringMatching(/^Call from/),
          'The caller pressed nothing: asked once more',
          'The caller pressed nothing: the call was ended after the second try',
          expect.stringMatching(/^The call ended/),
          'Closed: nobody answered and the caller left',
        ]);
      });

      it('greets, then takes a voicemail straight from the menu when the option has nobody to dial', async () => {
        await menu([
          { key: '1', label: 'Dave', recipients: ['user:default/dave'] },
        ]);
        const caller = network.call('+4930555000', HOTLINE, {
          keys: ['1'],
          voicemailSeconds: 4,
        });

        await settle(network, async () =>
          expect(await knex('alerts').first('status', 'outcome')).toMatchObject(
            {
              status: 'open',
              outcome: 'voicemail',
            },
          ),
        );
        expect(caller.heard).toEqual([
          'You have reached the Platform support line. Please hold while we connect you to the engineer on call.',
          'Press 1 for Ana.',
          'Nobody is available right now. Please leave a message after the tone.',
          'Thank you. Goodbye.',
        ]);
        expect(await messages()).toContain(
          'Nobody can be dialled (user:default/dave has no phone number in the catalog): the caller was asked to leave a voicemail',
        );
      });
    });

    it("rings an escalation's immediate party first, and its later rule once its delay is over", async () => {
      // The escalation: whoever is on call for Platform primary at once,
      // Carol after 5 minutes. Ana takes the schedule for now.
      await changeIntegration({
        recipients: ['escalation:default/platform-escalation'],
      });
      const now = Date.now();
      await new OverrideStore(knex, systemClock).create({
        scheduleRef: 'schedule:default/platform-primary',
        userRef: 'user:default/ana',
        start: new Date(now - 3_600_000),
        end: new Date(now + 3_600_000),
        createdBy: 'user:default/ana',
      });
      network.setPhone(ANA, { kind: 'no-answer' });
      network.setPhone(CAROL, { kind: 'answer', press: '1' });
      // The dial plan the team's owners see on the team page.
      const plan: IntegrationDialPlan = await fetch(
        `${api}/teams/default/platform/dial-plan`,
        { headers: { Authorization: mockCredentials.user.header() } },
      ).then(r => r.json());
      expect(
        plan.recipients!.tiers.slice(0, 2).map(t => ({
          delayMinutes: t.delayMinutes,
          users: t.users.map(u => u.userRef),
        })),
      ).toEqual([
        { delayMinutes: 0, users: ['user:default/ana'] },
        { delayMinutes: 5, users: ['user:default/carol'] },
      ]);

      const caller = network.call('+4930555000', HOTLINE);
      await settle(network, async () =>
        expect(await messages()).toContain(
          'Waiting until 5 min into the call to dial carol (platform-escalation, rule 2)',
        ),
      );
      // Ana was rung; Carol, who would answer, was not rung early.
      const responders = () =>
        network
          .calls()
          .filter(c => c.sid !== caller.sid)
          .map(c => c.to);
      expect(responders()).toEqual([ANA]);
      expect(network.get(caller.sid).status).toBe('in-progress');

      // Five minutes on (Date moves on, for the network too; timers and the
      // test's waits run as before), the sweep that runs every 5 s rings
      // Carol, who takes the call.
      jest.useFakeTimers({
        now: Date.now() + 5 * 60_000,
        advanceTimers: true,
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
      try {
        await runTask('incoming-call-sweep');
        await settle(network, () =>
          expect(network.get(caller.sid).bridgedWith).toBeDefined(),
        );
        expect(responders()).toEqual([ANA, CAROL]);
        expect(network.get(network.get(caller.sid).bridgedWith!).to).toBe(
          CAROL,
        );
        network.hangUp(caller.sid);
        await settle(network, async () =>
          expect((await timeline()).status).toBe('closed'),
        );
      } finally {
        jest.useRealTimers();
      }
      expect((await timeline()).acknowledgedBy).toBe('user:default/carol');
    });

    it('rejects a blocked caller on the network', async () => {
      const integrations = new IntegrationStore(knex, systemClock);
      const current = (await integrations.getByTeam('group:default/platform'))!;
      await integrations.save({
        teamRef: current.teamRef,
        config: { ...current.config, blocklist: ['+4930*'] },
        updatedBy: 'user:default/ana',
      });
      const caller = network.call('+4930555000', HOTLINE);
      await settle(network, () =>
        expect(network.get(caller.sid).status).toBe('busy'),
      );
      expect(Number((await knex('alerts').count({ n: '*' }))[0].n)).toBe(0);
    });
  },
);
