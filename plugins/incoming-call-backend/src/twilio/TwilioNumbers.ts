import { CustomErrorBase } from '@backstage/errors';
import {
  type NumberCapabilities,
  type NumberCountry,
  type NumberType,
  NUMBER_TYPES,
} from '@icr/plugin-incoming-call-common';
import type { Twilio } from 'twilio';
import type { TwilioUrls } from './TwilioUrls';

/**
 * Twilio refused a number request (422: the number is not for sale, a
 * search it cannot run) or could not be reached or failed (502). The
 * message is Twilio's, with what was asked.
 */
export class TwilioNumberError extends CustomErrorBase {
  name = 'TwilioNumberError' as const;

  constructor(
    message: string,
    readonly statusCode: 422 | 502,
    /** Twilio's error code (e.g. 21422), when it gave one. */
    readonly twilioCode?: number,
  ) {
    super(message);
  }
}

/** What Twilio answered, as one of ours: `what` says what was asked. */
function numberError(what: string, error: unknown): TwilioNumberError {
  const { status, code, message } = error as {
    status?: number;
    code?: number;
    message?: string;
  };
  const said = message ? `: ${message}` : '';
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new TwilioNumberError(
      `Twilio refused to ${what}${said}${code ? ` (error ${code})` : ''}`,
      422,
      code,
    );
  }
  return new TwilioNumberError(
    `Twilio could not ${what}${said || ' (no answer)'}`,
    502,
    code,
  );
}

/** A number's voice settings at Twilio. */
export interface NumberRoute {
  voiceUrl: string;
  voiceFallbackUrl: string;
  statusCallback: string;
}

/** A number the account has. */
export interface AccountNumber extends NumberRoute {
  sid: string;
  number: string;
  friendlyName: string;
  capabilities: NumberCapabilities;
}

/** A number Twilio offers, before the plugin prices it. */
export interface OfferedNumber {
  number: string;
  friendlyName: string;
  locality?: string;
  region?: string;
  country: string;
  type: NumberType;
  capabilities: NumberCapabilities;
}

/** The kinds a country has, from the subresources Twilio lists for it. */
const SUBRESOURCES: Record<string, NumberType> = {
  local: 'local',
  toll_free: 'toll-free',
  mobile: 'mobile',
};

const capabilitiesOf = (c: Record<string, boolean> | undefined) => ({
  voice: Boolean(c?.voice),
  sms: Boolean(c?.sms ?? c?.SMS),
  mms: Boolean(c?.mms ?? c?.MMS),
});

const SEARCH_LIMIT = 20;

/**
 * Buying, searching, pointing and releasing the account's phone numbers
 * through the official SDK (real Twilio, or the simulated network through
 * its `httpClient`). A number the plugin holds points at its webhooks:
 * `/voice`, the fallback `/voice-fallback`, the status callback
 * `/call-status`.
 */
export class TwilioNumbers {
  constructor(
    private readonly client: Twilio,
    private readonly urls: () => Promise<TwilioUrls>,
  ) {}

  /** The countries Twilio sells numbers in, by name. */
  async countries(): Promise<NumberCountry[]> {
    try {
      const countries = await this.client.availablePhoneNumbers.list();
      return countries
        .map(c => ({
          code: c.countryCode,
          name: c.country,
          types: Object.keys(c.subresourceUris ?? {})
            .map(key => SUBRESOURCES[key])
            .filter((t): t is NumberType => t !== undefined)
            .sort((a, b) => NUMBER_TYPES.indexOf(a) - NUMBER_TYPES.indexOf(b)),
        }))
        .filter(c => c.types.length > 0)
        .sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      throw numberError('list the countries it sells numbers in', error);
    }
  }

  /** Numbers for sale in a country, of a kind, maybe with an area code or digits. */
  async search(query: {
    country: string;
    type: NumberType;
    areaCode?: string;
    contains?: string;
  }): Promise<OfferedNumber[]> {
    const country = this.client.availablePhoneNumbers(query.country);
    const filters = {
      ...(query.areaCode && { areaCode: Number(query.areaCode) }),
      ...(query.contains && { contains: query.contains }),
      limit: SEARCH_LIMIT,
    };
    try {
      // The three lists answer alike; the SDK types them apart.
      const offers = await {
        local: () => country.local.list(filters),
        'toll-free': () => country.tollFree.list(filters),
        mobile: () => country.mobile.list(filters),
      }[query.type]();
      return offers.map(o => ({
        number: o.phoneNumber,
        friendlyName: o.friendlyName,
        ...(o.locality && { locality: o.locality }),
        ...(o.region && { region: o.region }),
        country: o.isoCountry ?? query.country,
        type: query.type,
        capabilities: capabilitiesOf(
          o.capabilities as unknown as Record<string, boolean>,
        ),
      }));
    } catch (error) {
      throw numberError(
        `search ${query.type} numbers in ${query.country}`,
        error,
      );
    }
  }

  /**
   * Buys `number` under the friendly name `purchaseKey`, pointed at the
   * plugin's webhooks; returns its SID.
   */
  async buy(number: string, purchaseKey: string): Promise<string> {
    const route = (await this.urls()).numberRoute();
    try {
      const bought = await this.client.incomingPhoneNumbers.create({
        phoneNumber: number,
        friendlyName: purchaseKey,
        ...route,
      });
      return bought.sid;
    } catch (error) {
      throw numberError(`sell ${number}`, error);
    }
  }

  /** The account's number, if it has it. */
  async find(number: string): Promise<AccountNumber | undefined> {
    try {
      const [found] = await this.client.incomingPhoneNumbers.list({
        phoneNumber: number,
        limit: 1,
      });
      return found && toAccountNumber(found);
    } catch (error) {
      throw numberError(`look up ${number}`, error);
    }
  }

  /** The SID of the number bought under `purchaseKey`, if Twilio sold it. */
  async findPurchase(purchaseKey: string): Promise<string | undefined> {
    try {
      const [found] = await this.client.incomingPhoneNumbers.list({
        friendlyName: purchaseKey,
        limit: 1,
      });
      return found?.sid;
    } catch (error) {
      throw numberError(`look up the purchase ${purchaseKey}`, error);
    }
  }

  /** Every number the account has. */
  async owned(): Promise<AccountNumber[]> {
    try {
      const numbers = await this.client.incomingPhoneNumbers.list();
      return numbers.map(toAccountNumber);
    } catch (error) {
      throw numberError('list the account’s numbers', error);
    }
  }

  /** Points a number the account has at the plugin's webhooks. */
  async attach(sid: string, number: string): Promise<void> {
    await this.setRoute(sid, number, (await this.urls()).numberRoute());
  }

  /** Gives a number back the voice settings it had before it was attached. */
  async restore(sid: string, number: string, previous: NumberRoute) {
    await this.setRoute(sid, number, previous);
  }

  /** Releases a number; one Twilio no longer has counts as released. */
  async release(sid: string, number: string): Promise<void> {
    try {
      await this.client.incomingPhoneNumbers(sid).remove();
    } catch (error) {
      if ((error as { status?: number }).status === 404) return;
      throw numberError(`release ${number}`, error);
    }
  }

  private async setRoute(sid: string, number: string, route: NumberRoute) {
    try {
      await this.client.incomingPhoneNumbers(sid).update(route);
    } catch (error) {
      throw numberError(`point ${number} at new voice URLs`, error);
    }
  }
}

function toAccountNumber(n: {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  voiceUrl: string;
  voiceFallbackUrl: string;
  statusCallback: string;
  capabilities: unknown;
}): AccountNumber {
  return {
    sid: n.sid,
    number: n.phoneNumber,
    friendlyName: n.friendlyName,
    voiceUrl: n.voiceUrl ?? '',
    voiceFallbackUrl: n.voiceFallbackUrl ?? '',
    statusCallback: n.statusCallback ?? '',
    capabilities: capabilitiesOf(n.capabilities as Record<string, boolean>),
  };
}
