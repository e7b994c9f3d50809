import { incidentSchema } from './incident';
import { statusMessageInputSchema } from './statusMessage';

describe('incidentSchema', () => {
  it('defaults to grouping more than 10 calls in 5 minutes', () => {
    expect(incidentSchema.parse({})).toEqual({
      enabled: true,
      calls: 10,
      windowMinutes: 5,
    });
  });

  it.each([
    [
      { calls: 1 },
      'calls',
      'The number of calls must be between 2 and 1000 calls',
    ],
    [
      { calls: 2.5 },
      'calls',
      'The number of calls must be a whole number of calls',
    ],
    [
      { windowMinutes: 0 },
      'windowMinutes',
      'The window must be between 1 and 120 minutes',
    ],
    [
      { windowMinutes: 121 },
      'windowMinutes',
      'The window must be between 1 and 120 minutes',
    ],
  ])('refuses %j with a message at its field', (input, path, message) => {
    const result = incidentSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: [path], message }),
    ]);
  });
});

describe('statusMessageInputSchema', () => {
  it('takes a text or an uploaded audio file', () => {
    expect(
      statusMessageInputSchema.parse({
        message: { type: 'text', text: ' We know about the outage. ' },
      }),
    ).toEqual({ message: { type: 'text', text: 'We know about the outage.' } });
    expect(
      statusMessageInputSchema.parse({
        message: { type: 'audio', audioId: 'a1' },
      }),
    ).toEqual({ message: { type: 'audio', audioId: 'a1' } });
  });

  it('refuses a text TwiML cannot carry, and an empty one', () => {
    const bad = statusMessageInputSchema.safeParse({
      message: { type: 'text', text: 'We know\u0001' },
    });
    expect(bad.error?.issues[0]).toMatchObject({
      path: ['message', 'text'],
      message: expect.stringContaining('U+0001'),
    });
    expect(
      statusMessageInputSchema.safeParse({
        message: { type: 'text', text: ' ' },
      }).error?.issues[0].message,
    ).toBe('The message cannot be empty');
  });
});
