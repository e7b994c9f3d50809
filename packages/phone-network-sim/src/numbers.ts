import { rfc2822 } from './webhooks';

/**
 * Where the network sends calls to one of the backend's numbers.
 *
 * @public
 */
export interface NumberRoute {
  voiceUrl: string;
  statusCallback?: string;
}

export interface IncomingNumber extends NumberRoute {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  createdAt: number;
}

/**
 * Made-up local numbers the network offers per country, from ranges kept
 * for fiction where the country has one (so none rings a real person).
 */
const LOCAL_RANGES: Record<string, { prefix: string; locality: string }> = {
  US: { prefix: '+141555501', locality: 'San Francisco' },
  CA: { prefix: '+141655501', locality: 'Toronto' },
  GB: { prefix: '+4420794600', locality: 'London' },
  DE: { prefix: '+4930555001', locality: 'Berlin' },
  FR: { prefix: '+331990001', locality: 'Paris' },
  ES: { prefix: '+349155500', locality: 'Madrid' },
  IT: { prefix: '+3906555001', locality: 'Roma' },
  NL: { prefix: '+312055500', locality: 'Amsterdam' },
  SE: { prefix: '+468555001', locality: 'Stockholm' },
  BR: { prefix: '+551155501', locality: 'São Paulo' },
  JP: { prefix: '+81355501', locality: 'Tokyo' },
  AU: { prefix: '+612555001', locality: 'Sydney' },
};

/** The numbers the network can sell in a country; undefined for one it does not serve. */
export function availableNumbers(
  country: string,
  owned: (number: string) => boolean,
) {
  const range = LOCAL_RANGES[country.toUpperCase()];
  if (!range) return undefined;
  return Array.from(
    { length: 50 },
    (_, i) => `${range.prefix}${String(50 + i).padStart(2, '0')}`,
  )
    .filter(number => !owned(number))
    .map(number => ({
      friendly_name: number,
      phone_number: number,
      lata: null,
      locality: range.locality,
      rate_center: null,
      latitude: null,
      longitude: null,
      region: null,
      postal_code: null,
      iso_country: country.toUpperCase(),
      address_requirements: 'none',
      beta: false,
      capabilities: { voice: true, SMS: true, MMS: false, fax: false },
    }));
}

/** An incoming number as the REST API shows it (snake_case, like Twilio). */
export function incomingNumberResource(accountSid: string, n: IncomingNumber) {
  return {
    sid: n.sid,
    account_sid: accountSid,
    friendly_name: n.friendlyName,
    phone_number: n.phoneNumber,
    voice_url: n.voiceUrl,
    voice_method: 'POST',
    status_callback: n.statusCallback ?? '',
    status_callback_method: 'POST',
    capabilities: { voice: true, sms: true, mms: false, fax: false },
    origin: 'twilio',
    status: 'in-use',
    api_version: '2010-04-01',
    date_created: rfc2822(n.createdAt),
    date_updated: rfc2822(n.createdAt),
    uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
  };
}
