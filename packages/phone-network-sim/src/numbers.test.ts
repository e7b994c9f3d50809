import twilio from 'twilio';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  PUBLIC,
  startTwimlBackend,
  type TwimlBackend,
} from './__testUtils__/twimlBackend';

describe('numbers for sale, through the official twilio SDK', () => {
  let backend: TwimlBackend;
  let client: ReturnType<typeof twilio>;
  beforeEach(async () => {
    backend = await startTwimlBackend();
    client = twilio(ACCOUNT_SID, AUTH_TOKEN, {
      httpClient: backend.network.httpClient as any,
    });
  });
  afterEach(() => backend.close());

  it('lists the countries it sells in, with the kinds of number in each', async () => {
    const countries = await client.availablePhoneNumbers.list();
    const byCode = new Map(countries.map(c => [c.countryCode, c]));
    expect([...byCode.keys()].sort()).toEqual(
      ['AU', 'CA', 'DE', 'FR', 'GB', 'JP', 'NL', 'US'].sort(),
    );
    expect(byCode.get('DE')).toMatchObject({
      country: 'Germany',
      subresourceUris: {
        local: expect.stringMatching(
          /\/AvailablePhoneNumbers\/DE\/Local\.json$/,
        ),
        toll_free: expect.stringMatching(/\/DE\/TollFree\.json$/),
        mobile: expect.stringMatching(/\/DE\/Mobile\.json$/),
      },
    });
    // Canada: local numbers only (toll-free +1 numbers are the US's).
    expect(Object.keys(byCode.get('CA')!.subresourceUris)).toEqual(['local']);
  });

  it('filters by kind, area code and digits, like Twilio', async () => {
    const tollFree = await client.availablePhoneNumbers('US').tollFree.list();
    expect(tollFree.map(n => n.phoneNumber.slice(0, 5))).toEqual(
      expect.arrayContaining(['+1800', '+1888']),
    );
    expect(tollFree.every(n => /^\+18(00|88)/.test(n.phoneNumber))).toBe(true);
    const newYork = await client
      .availablePhoneNumbers('US')
      .local.list({ areaCode: 212 });
    expect(newYork).toHaveLength(10);
    expect(newYork[0]).toMatchObject({
      phoneNumber: '+12125550150',
      locality: 'New York',
      region: 'NY',
    });
    const digits = await client
      .availablePhoneNumbers('GB')
      .mobile.list({ contains: '12345*' });
    expect(digits.map(n => n.phoneNumber)).toEqual(
      Array.from({ length: 10 }, (_, i) => `+44740012345${i}`),
    );
    expect(digits[0].capabilities).toMatchObject({ voice: true, MMS: true });
    expect(
      await client.availablePhoneNumbers('US').local.list({ contains: '999' }),
    ).toEqual([]);
    await expect(
      client.availablePhoneNumbers('CA').tollFree.list(),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('sells a number once, with its fallback URL, and takes it back on release', async () => {
    const bought = await client.incomingPhoneNumbers.create({
      phoneNumber: '+493055500150',
      voiceUrl: `${PUBLIC}/voice`,
      voiceFallbackUrl: `${PUBLIC}/voice-fallback`,
      statusCallback: `${PUBLIC}/call-status`,
      friendlyName: 'purchase-1',
    });
    expect(bought).toMatchObject({
      voiceFallbackUrl: `${PUBLIC}/voice-fallback`,
      friendlyName: 'purchase-1',
    });
    expect(
      (
        await client.incomingPhoneNumbers.list({ friendlyName: 'purchase-1' })
      ).map(n => n.sid),
    ).toEqual([bought.sid]);
    const offers = await client.availablePhoneNumbers('DE').local.list();
    expect(offers.map(o => o.phoneNumber)).not.toContain('+493055500150');

    const restored = await client
      .incomingPhoneNumbers(bought.sid)
      .update({ voiceFallbackUrl: '' });
    expect(restored.voiceFallbackUrl).toBe('');
    await client.incomingPhoneNumbers(bought.sid).remove();
    expect(
      (await client.availablePhoneNumbers('DE').local.list()).map(
        o => o.phoneNumber,
      ),
    ).toContain('+493055500150');
  });

  it("refuses a number it does not sell (21422) and an area code without numbers (21452), in Twilio's shape", async () => {
    await expect(
      client.incomingPhoneNumbers.create({ phoneNumber: '+4930123456' }),
    ).rejects.toMatchObject({
      status: 400,
      code: 21422,
      message: 'PhoneNumber +4930123456 is not available',
    });
    await expect(
      client.incomingPhoneNumbers.create({ areaCode: '907' }),
    ).rejects.toMatchObject({ status: 400, code: 21452 });
    const byArea = await client.incomingPhoneNumbers.create({
      areaCode: '604',
    });
    expect(byArea.phoneNumber).toBe('+16045550150');
  });
});
