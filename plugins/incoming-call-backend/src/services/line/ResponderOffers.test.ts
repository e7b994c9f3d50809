import { mockServices } from '@backstage/backend-test-utils';
import type { CallSession } from '../../domain/engine/callSession';
import { TwilioUrls } from '../../twilio/TwilioUrls';
import { ResponderOffers, type ResponderLine } from './ResponderOffers';

const HOOKS = 'https://calls.example.com/api/incoming-call/webhooks';
const urls = new TwilioUrls({
  webhooks: HOOKS,
  audio: (id: string) => `https://calls.example.com/media/${id}`,
});
const CALL = `CA${'1'.repeat(32)}`;
const NEXT = `CA${'2'.repeat(32)}`;
const LEG = `CA${'3'.repeat(32)}`;
const CAROL = 'user:default/carol';

/** A call answered by Carol (plan[1]) on LEG, in French. */
const answeredCall = (flow: Partial<CallSession['flow']> = {}) =>
  ({
    callSid: CALL,
    integrationId: 'i1',
    alertId: 'a1',
    version: 3,
    context: { language: 'fr-FR', queue: `queue-${CALL}` },
    flow: {
      state: 'ended',
      voicemail: true,
      plan: [{ userRef: 'user:default/ana' }, { userRef: CAROL }],
      answeredBy: CAROL,
      answeredOn: LEG,
      ...flow,
    },
  } as unknown as CallSession);

/** The line as LineService keeps it, by hand: who waits, who took whom. */
function lineDouble(
  waiting: Array<{ callSid: string; callerNumber: string; queue: string }>,
) {
  const taken: Array<{ userRef: string; legSid: string }> = [];
  const away: string[] = [];
  const line: ResponderLine = {
    nextFor: async () =>
      waiting[0] && { ...waiting[0], language: 'de-DE' as const },
    takeNext: async (userRef, legSid) => {
      const next = waiting.shift();
      if (!next) return undefined;
      taken.push({ userRef, legSid });
      return { callSid: next.callSid, queue: next.queue, index: 4 };
    },
    stopTaking: async userRef => {
      away.push(userRef);
    },
  };
  return { line, taken, away };
}

function offersWith(session: CallSession | undefined, line: ResponderLine) {
  return new ResponderOffers({
    calls: { getSession: async sid => (sid === CALL ? session : undefined) },
    line,
    urls: async () => urls,
    logger: mockServices.logger.mock(),
  });
}

const waitingCaller = {
  callSid: NEXT,
  callerNumber: '+4930555000',
  queue: `queue-${NEXT}`,
};
const afterCall = {
  callSid: CALL,
  index: 1,
  legSid: LEG,
  legStatus: 'in-progress',
  dialStatus: 'completed',
};

describe('ResponderOffers after a call', () => {
  it('offers the first caller waiting for the responder, in their language, on the URL of this leg', async () => {
    const { line } = lineDouble([waitingCaller]);
    const twiml = await offersWith(answeredCall(), line).afterCall(afterCall);
    expect(twiml).toContain(
      `<Gather numDigits="1" timeout="10" action="${HOOKS}/next-caller?call=${CALL}&amp;leg=1">`,
    );
    expect(twiml).toContain(
      'Ein weiterer Anrufer wartet: 4 9 3, 0 5 5, 5 0 0, 0.',
    );
    expect(twiml).not.toContain('raccroché');
  });

  it('says nobody else waits, in the language of the call, and hangs up', async () => {
    const { line } = lineDouble([]);
    expect(
      await offersWith(answeredCall(), line).afterCall(afterCall),
    ).toContain(
      '<Say language="fr-FR" voice="Polly.Lea">Plus personne n\'attend. Merci.</Say><Hangup/>',
    );
  });

  it('says first that the caller left when the bridge never happened', async () => {
    const { line } = lineDouble([waitingCaller]);
    const twiml = await offersWith(answeredCall(), line).afterCall({
      ...afterCall,
      dialStatus: 'no-answer',
    });
    expect(twiml).toMatch(
      /<Response><Say language="fr-FR"[^>]*>L'appelant a raccroché.*<Gather/,
    );
  });

  it('offers nobody to a responder who hung up (Twilio ignores the answer)', async () => {
    const { line } = lineDouble([waitingCaller]);
    const nextFor = jest.spyOn(line, 'nextFor');
    const twiml = await offersWith(answeredCall(), line).afterCall({
      ...afterCall,
      legStatus: 'completed',
    });
    expect(nextFor).not.toHaveBeenCalled();
    expect(twiml).not.toContain('<Gather');
  });

  it.each([
    ['an unknown call', undefined],
    ['a call answered on another leg', answeredCall({ answeredOn: NEXT })],
    [
      'a call answered by someone else',
      answeredCall({ answeredBy: 'user:default/ana' }),
    ],
  ])('offers nothing on %s', async (_, session) => {
    const { line } = lineDouble([waitingCaller]);
    const nextFor = jest.spyOn(line, 'nextFor');
    const twiml = await offersWith(session, line).afterCall(afterCall);
    expect(nextFor).not.toHaveBeenCalled();
    expect(twiml).toContain('<Hangup/>');
    expect(twiml).not.toContain('<Gather');
  });
});

describe('ResponderOffers at the key of the offer', () => {
  const key = (digits: string) => ({
    callSid: CALL,
    index: 1,
    legSid: LEG,
    digits,
  });

  it('1 takes the next caller on the same leg and bridges to their queue, the offer coming again after that call', async () => {
    const { line, taken } = lineDouble([waitingCaller]);
    const twiml = await offersWith(answeredCall(), line).nextCaller(key('1'));
    expect(taken).toEqual([{ userRef: CAROL, legSid: LEG }]);
    expect(twiml).toContain(
      `<Dial action="${HOOKS}/after-call?call=${NEXT}&amp;leg=4"><Queue>queue-${NEXT}</Queue></Dial>`,
    );
  });

  it('1 when nobody waits any more: nobody else is waiting', async () => {
    const { line, taken } = lineDouble([]);
    const twiml = await offersWith(answeredCall(), line).nextCaller(key('1'));
    expect(taken).toEqual([]);
    expect(twiml).toContain("Plus personne n'attend.");
    expect(twiml).not.toContain('<Dial');
  });

  it('2 stops the responder taking calls for an hour', async () => {
    const { line, away, taken } = lineDouble([waitingCaller]);
    const twiml = await offersWith(answeredCall(), line).nextCaller(key('2'));
    expect(away).toEqual([CAROL]);
    expect(taken).toEqual([]);
    expect(twiml).toContain(
      "Vous ne recevrez plus d'appels de la file d'attente pendant l'heure qui vient.",
    );
    expect(twiml).toContain('<Hangup/>');
  });

  it.each(['3', '*', ''])(
    '%p says goodbye and changes nothing',
    async digits => {
      const { line, away, taken } = lineDouble([waitingCaller]);
      const twiml = await offersWith(answeredCall(), line).nextCaller(
        key(digits),
      );
      expect([away, taken]).toEqual([[], []]);
      expect(twiml).toContain('Au revoir.</Say><Hangup/>');
    },
  );

  it('refuses a key on a leg of a call someone else answered', async () => {
    const { line, away, taken } = lineDouble([waitingCaller]);
    const offers = offersWith(answeredCall({ answeredOn: NEXT }), line);
    await offers.nextCaller(key('1'));
    await offers.nextCaller(key('2'));
    expect([away, taken]).toEqual([[], []]);
  });
});
