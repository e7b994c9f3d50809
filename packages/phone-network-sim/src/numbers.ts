import { rfc2822 } from './webhooks';

/**
 * Where the network sends calls to one of the backend's numbers.
 *
 * @public
 */
export interface NumberRoute {
  voiceUrl: string;
  /** Twilio's fallback URL; kept and shown, calls follow `voiceUrl`. */
  voiceFallbackUrl?: string;
  statusCallback?: string;
}

export interface IncomingNumber extends NumberRoute {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  createdAt: number;
}

/** The kinds of number Twilio sells, as the REST paths spell them. */
const NUMBER_TYPES = {
  Local: 'local',
  TollFree: 'toll_free',
  Mobile: 'mobile',
} as const;

type NumberTypePath = keyof typeof NUMBER_TYPES;

/** Numbers `prefix` + 50…59, each valid in its country (per libphonenumber). */
interface NumberRange {
  prefix: string;
  locality?: string;
  region?: string;
}

/**
 * The numbers the network sells, per country and kind: ranges kept for
 * fiction where the country has one (US and Canadian 555-01xx, Ofcom's
 * drama numbers, ACMA's), so none rings a real person; ten numbers a range,
 * the same every time.
 */
const CATALOGUE: Record<
  string,
  { name: string } & Partial<Record<NumberTypePath, NumberRange[]>>
> = {
  US: {
    name: 'United States',
    Local: [
      { prefix: '+141555501', locality: 'San Francisco', region: 'CA' },
      { prefix: '+121255501', locality: 'New York', region: 'NY' },
    ],
    TollFree: [{ prefix: '+180055501' }, { prefix: '+188855501' }],
  },
  CA: {
    name: 'Canada',
    Local: [
      { prefix: '+141655501', locality: 'Toronto', region: 'ON' },
      { prefix: '+160455501', locality: 'Vancouver', region: 'BC' },
    ],
  },
  GB: {
    name: 'United Kingdom',
    Local: [{ prefix: '+4420794600', locality: 'London' }],
    TollFree: [{ prefix: '+4480815700' }],
    Mobile: [{ prefix: '+4474001234' }],
  },
  DE: {
    name: 'Germany',
    Local: [{ prefix: '+4930555001', locality: 'Berlin' }],
    TollFree: [{ prefix: '+4980012345' }],
    Mobile: [{ prefix: '+49151234567' }],
  },
  FR: {
    name: 'France',
    Local: [{ prefix: '+331990001', locality: 'Paris' }],
    TollFree: [{ prefix: '+338001234' }],
    Mobile: [{ prefix: '+336123456' }],
  },
  NL: {
    name: 'Netherlands',
    Local: [{ prefix: '+312055500', locality: 'Amsterdam' }],
    TollFree: [{ prefix: '+318001234' }],
    Mobile: [{ prefix: '+316123456' }],
  },
  AU: {
    name: 'Australia',
    Local: [{ prefix: '+612555001', locality: 'Sydney', region: 'NSW' }],
    TollFree: [{ prefix: '+6118001601' }],
    Mobile: [{ prefix: '+614915701' }],
  },
  JP: {
    name: 'Japan',
    Local: [{ prefix: '+813555001', locality: 'Tokyo' }],
    TollFree: [{ prefix: '+811201234' }],
    Mobile: [{ prefix: '+8190123456' }],
  },
};

const RANGE_SIZE = 10;

const numbersOf = (range: NumberRange) =>
  Array.from({ length: RANGE_SIZE }, (_, i) => `${range.prefix}${50 + i}`);

/** Whether the network sells `number` (owned or not). */
export function inCatalogue(number: string): boolean {
  return Object.values(CATALOGUE).some(country =>
    Object.keys(NUMBER_TYPES).some(type =>
      (country[type as NumberTypePath] ?? []).some(range =>
        numbersOf(range).includes(number),
      ),
    ),
  );
}

/** The countries the network sells numbers in (`GET /AvailablePhoneNumbers.json`). */
export function availableCountries(accountSid: string) {
  const base = `/2010-04-01/Accounts/${accountSid}/AvailablePhoneNumbers`;
  return Object.entries(CATALOGUE).map(([code, country]) => ({
    country_code: code,
    country: country.name,
    uri: `${base}/${code}.json`,
    beta: false,
    subresource_uris: Object.fromEntries(
      Object.entries(NUMBER_TYPES)
        .filter(([type]) => country[type as NumberTypePath])
        .map(([type, key]) => [key, `${base}/${code}/${type}.json`]),
    ),
  }));
}

/**
 * Twilio's `Contains`: digits, with `*` for any one digit, anywhere in the
 * number.
 */
function containsPattern(contains: string): RegExp {
  return new RegExp(contains.replace(/[^0-9*]/g, '').replace(/\*/g, '\\d'));
}

/**
 * The numbers the network sells in a country of a kind (`Local`,
 * `TollFree`, `Mobile`), not owned, filtered like Twilio by `AreaCode`
 * (the three digits after +1) and `Contains`; undefined for a country or
 * kind it does not sell.
 */
export function availableNumbers(
  country: string,
  type: string,
  filters: { AreaCode?: string; Contains?: string },
  owned: (number: string) => boolean,
) {
  const code = country.toUpperCase();
  const ranges = CATALOGUE[code]?.[type as NumberTypePath];
  if (!ranges) return undefined;
  const contains = filters.Contains && containsPattern(filters.Contains);
  return ranges.flatMap(range =>
    numbersOf(range)
      .filter(
        number =>
          !owned(number) &&
          (!filters.AreaCode || number.startsWith(`+1${filters.AreaCode}`)) &&
          (!contains || contains.test(number.slice(1))),
      )
      .map(number => ({
        friendly_name: number,
        phone_number: number,
        lata: null,
        locality: range.locality ?? null,
        rate_center: null,
        latitude: null,
        longitude: null,
        region: range.region ?? null,
        postal_code: null,
        iso_country: code,
        address_requirements: 'none',
        beta: false,
        capabilities: {
          voice: true,
          SMS: type !== 'TollFree',
          MMS: type === 'Mobile',
          fax: false,
        },
      })),
  );
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
    voice_fallback_url: n.voiceFallbackUrl ?? '',
    voice_fallback_method: 'POST',
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
