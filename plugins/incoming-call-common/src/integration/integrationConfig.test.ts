import {
  defaultIntegrationConfig,
  integrationConfigSchema,
} from './integrationConfig';

const problems = (value: unknown) => {
  const result = integrationConfigSchema.safeParse(value);
  return result.success
    ? []
    : result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`);
};

const valid = {
  ...defaultIntegrationConfig({
    ref: 'group:default/platform',
    title: 'Platform',
  }),
  recipients: ['escalation:platform-escalation'],
};

describe('integrationConfigSchema', () => {
  it('accepts a complete config and normalises references', () => {
    const parsed = integrationConfigSchema.parse(valid);
    expect(parsed.recipients).toEqual([
      'escalation:default/platform-escalation',
    ]);
  });

  it('starts a team from a valid default that routes to the team itself', () => {
    const config = defaultIntegrationConfig({
      ref: 'group:default/platform',
      title: 'Platform',
    });
    expect(config.recipients).toEqual(['group:default/platform']);
    expect(problems(config)).toEqual([]);
  });

  it('accepts voicemail only without recipients', () => {
    expect(problems({ ...valid, recipients: [], usersToTry: 0 })).toEqual([]);
  });

  it('names each bad field', () => {
    expect(
      problems({
        ...valid,
        recipients: ['user:ana', 'component:api'],
        language: 'xx-XX',
        usersToTry: 51,
        ringTimeoutSeconds: 5,
        numbers: [
          { number: '+14155550100', country: 'US' },
          { number: '+14155550100', country: 'us' },
        ],
        welcome: { type: 'text', text: '   ' },
        notification: { mode: 'delayed' },
        autoAttendant: {
          enabled: true,
          prompt: { type: 'text', text: 'Press 1' },
          options: [],
        },
      }),
    ).toEqual(
      expect.arrayContaining([
        'recipients.1: Expected a reference to a user, group, schedule, escalation (e.g. user:default/name), got kind "component"',
        expect.stringMatching(/^language: Choose one of en-US/),
        'usersToTry: At most 50',
        'ringTimeoutSeconds: Ring timeout must be between 10 and 60 seconds',
        'numbers.1.country: Use a two-letter country code (e.g. US, DE)',
        'numbers.1: Number +14155550100 appears more than once',
        'welcome.text: The message cannot be empty',
        'notification.delayMinutes: Delayed notifications need a delay in minutes (1-60)',
        'autoAttendant.options: An enabled auto-attendant needs at least one option',
      ]),
    );
  });

  it('says the range of a number field in its own words', () => {
    expect(problems({ ...valid, ringTimeoutSeconds: 61 })).toEqual([
      'ringTimeoutSeconds: Ring timeout must be between 10 and 60 seconds',
    ]);
    expect(problems({ ...valid, ringTimeoutSeconds: 12.5 })).toEqual([
      'ringTimeoutSeconds: Ring timeout must be a whole number of seconds',
    ]);
    expect(
      problems({
        ...valid,
        notification: { mode: 'delayed', delayMinutes: 0 },
      }),
    ).toEqual([
      'notification.delayMinutes: The delay must be between 1 and 60 minutes',
    ]);
  });

  it('refuses the same recipient twice, however it is written', () => {
    expect(
      problems({ ...valid, recipients: ['user:ana', 'user:default/ana'] }),
    ).toEqual(['recipients.1: user:default/ana is already in the list']);
  });

  it('asks for recipients when calls would be dialled to nobody', () => {
    expect(problems({ ...valid, recipients: [] })).toEqual([
      'recipients: Add at least one recipient, or set users to try to 0 for voicemail only',
    ]);
  });

  it('refuses two auto-attendant options on the same key', () => {
    const option = { key: '1', label: 'Support', recipients: ['user:ana'] };
    expect(
      problems({
        ...valid,
        autoAttendant: {
          enabled: true,
          prompt: { type: 'text', text: 'Press 1' },
          options: [option, option],
        },
      }),
    ).toEqual(['autoAttendant.options.1: Key 1 appears more than once']);
  });
});
