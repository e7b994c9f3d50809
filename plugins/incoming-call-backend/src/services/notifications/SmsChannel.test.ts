import { ConfigReader } from '@backstage/config';
import { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import {
  twilioMessagesFromConfig,
  type TwilioMessages,
} from '../../twilio/TwilioMessages';
import type { NotificationDelivery } from './NotificationChannel';
import { createSmsChannel } from './SmsChannel';

const ACCOUNT_SID = 'AC123';
const AUTH_TOKEN = 'test-auth-token';
const SMS_FROM = '+14155550100';
const ANA = '+14155550101';

const delivery = (
  user: Partial<NotificationDelivery['user']> = {},
): NotificationDelivery => ({
  key: 'alert-42:0:user:default/ana:sms',
  reason: 'incoming-call',
  alert: {
    id: '42',
    teamRef: 'group:default/platform',
    teamTitle: 'Platform',
    integrationName: 'Platform hotline',
    callerNumber: '+4930555000',
    priority: 'P1',
    tags: ['vip'],
    link: 'https://backstage.example.com/incoming-call/alerts/42',
  },
  user: {
    ref: 'user:default/ana',
    displayName: 'Ana Alvarez',
    phone: ANA,
    ...user,
  },
});

/** The SMS sender over the simulated network, as the plugin builds it. */
function messagesOn(network: SimulatedPhoneNetwork, smsFrom?: string) {
  return twilioMessagesFromConfig(
    new ConfigReader({
      incomingCall: {
        twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, smsFrom },
      },
    }),
    network.httpClient as any,
  );
}

describe('the SMS channel, on the simulated phone network', () => {
  let network: SimulatedPhoneNetwork;
  let messages: TwilioMessages | undefined;
  beforeEach(() => {
    network = new SimulatedPhoneNetwork({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
    });
    network.addNumber(SMS_FROM, {
      voiceUrl: 'https://calls.example.com/voice',
    });
    messages = messagesOn(network, SMS_FROM);
  });

  it("puts the alert's priority, reason, team, caller and link on the user's phone", async () => {
    await createSmsChannel(messages).send(delivery());
    await network.settled();

    expect(network.inbox(ANA).map(m => [m.from, m.body])).toEqual([
      [
        SMS_FROM,
        '[P1] Incoming call for Platform from +4930555000 https://backstage.example.com/incoming-call/alerts/42',
      ],
    ]);
  });

  it('sends through a Messaging Service when smsFrom is one', async () => {
    const service = `MG${'0'.repeat(31)}1`;
    network.addMessagingService(service, [SMS_FROM]);
    await createSmsChannel(messagesOn(network, service)).send({
      ...delivery(),
      reason: 'voicemail',
    });
    await network.settled();

    expect(network.inbox(ANA).map(m => [m.from, m.body])).toEqual([
      [
        SMS_FROM,
        '[P1] Voicemail for Platform from +4930555000 https://backstage.example.com/incoming-call/alerts/42',
      ],
    ]);
  });

  it('fails with a clear message for a user without a phone number, sending nothing', async () => {
    await expect(
      createSmsChannel(messages).send(delivery({ phone: undefined })),
    ).rejects.toThrow(
      new Error(
        'Ana Alvarez has no phone number in the catalog (annotation incoming-call.backstage.io/phone)',
      ),
    );
    expect(network.messages()).toEqual([]);
  });

  it("turns Twilio's refusals into readable errors, not the SDK's error objects", async () => {
    const badNumber = createSmsChannel(messages).send(
      delivery({ phone: '+0049' }),
    );
    await expect(badNumber).rejects.toThrow(
      "Twilio refused the SMS to +0049 with error 21211: Invalid 'To' Phone Number: +0049 (https://www.twilio.com/docs/errors/21211)",
    );
    await expect(badNumber).rejects.toEqual(expect.any(Error));
    await expect(badNumber).rejects.not.toHaveProperty('code');

    // A number the account does not own.
    await expect(
      createSmsChannel(messagesOn(network, '+14155550999')).send(delivery()),
    ).rejects.toThrow(
      /^Twilio refused the SMS to \+14155550101 with error 21606: The From phone number \+14155550999 is not/,
    );
    expect(network.messages()).toEqual([]);
  });

  it('says what to configure when no sender is set', async () => {
    expect(messagesOn(network)).toBeUndefined();
    await expect(createSmsChannel(undefined).send(delivery())).rejects.toThrow(
      'SMS is not configured: set incomingCall.twilio.smsFrom',
    );
  });

  it('refuses a sender that is neither a number nor a Messaging Service at start', () => {
    expect(() => messagesOn(network, 'Platform')).toThrow(
      "incomingCall.twilio.smsFrom is 'Platform': give a phone number",
    );
  });
});
