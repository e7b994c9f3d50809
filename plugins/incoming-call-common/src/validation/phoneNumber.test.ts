import {
  E164_MESSAGE,
  e164Schema,
  formatPhoneNumber,
  isE164,
} from './phoneNumber';

describe('E.164', () => {
  it.each(['+14155550100', '+4930123456', '+81355501001', '+123456789012345'])(
    'accepts %s',
    n => expect(isE164(n)).toBe(true),
  );

  it.each([
    '14155550100',
    '+04155550100',
    '+1415555010012345',
    '+1 415 555 0100',
    '+1',
    '',
  ])('rejects %j with a message that says how to write it', n => {
    const result = e164Schema.safeParse(n);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe(E164_MESSAGE);
  });

  it('trims surrounding spaces', () => {
    expect(e164Schema.parse(' +14155550100 ')).toBe('+14155550100');
  });
});

describe('formatPhoneNumber', () => {
  it("groups a number's digits as its country writes them", () => {
    expect(formatPhoneNumber('+14155550150')).toBe('+1 415 555 0150');
    expect(formatPhoneNumber('+4930123456')).toBe('+49 30 123456');
    expect(formatPhoneNumber('+442071838750')).toBe('+44 20 7183 8750');
  });

  it('leaves text that is not a number as it is', () => {
    expect(formatPhoneNumber('anonymous')).toBe('anonymous');
  });
});
