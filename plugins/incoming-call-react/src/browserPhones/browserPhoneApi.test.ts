import type { BrowserPhone } from './BrowserPhone';
import { createBrowserPhones } from './browserPhoneApi';

const otherPhone: BrowserPhone = { connect: jest.fn() };

describe('createBrowserPhones', () => {
  it('has Twilio’s phone and no other by default', () => {
    const phones = createBrowserPhones();

    expect(phones.phoneFor('twilio')).toBeDefined();
    expect(phones.phoneFor('simulated-network')).toBeUndefined();
  });

  it('adds the phones of other providers, which may replace Twilio’s', () => {
    const phones = createBrowserPhones({
      'simulated-network': otherPhone,
      twilio: otherPhone,
    });

    expect(phones.phoneFor('simulated-network')).toBe(otherPhone);
    expect(phones.phoneFor('twilio')).toBe(otherPhone);
  });
});
