import {
  defaultIntegrationConfig,
  integrationConfigSchema,
} from './integrationConfig';

const valid = {
  ...defaultIntegrationConfig({
    ref: 'group:default/platform',
    title: 'Platform',
  }),
  recipients: ['escalation:platform-escalation'],
};

const problems = (value: unknown) => {
  const result = integrationConfigSchema.safeParse(value);
  return result.success
    ? []
    : result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`);
};

const withMenu = (label: string, prompt: string) => ({
  ...valid,
  autoAttendant: {
    enabled: true,
    prompt: { type: 'text', text: prompt },
    options: [{ key: '1', label, recipients: ['user:ana'] }],
  },
});

describe('text that ends up in TwiML', () => {
  it('turns a vertical tab or form feed into a space', () => {
    const parsed = integrationConfigSchema.parse({
      ...withMenu('Sales\u000Bteam', 'Press 1\u000Cfor sales'),
      name: 'Main\u000Bline',
      welcome: { type: 'text', text: 'Welcome\u000Bto Platform\u000B' },
    });
    expect(parsed.welcome).toEqual({
      type: 'text',
      text: 'Welcome to Platform',
    });
    expect(parsed.name).toBe('Main line');
    expect(parsed.autoAttendant.prompt).toEqual({
      type: 'text',
      text: 'Press 1 for sales',
    });
    expect(parsed.autoAttendant.options[0].label).toBe('Sales team');
  });

  it('keeps tabs, newlines, carriage returns and characters outside the BMP', () => {
    const text = 'Hello\tthere\r\nwelcome 📞 — ü';
    const parsed = integrationConfigSchema.parse({
      ...valid,
      welcome: { type: 'text', text },
    });
    expect(parsed.welcome).toEqual({ type: 'text', text });
  });

  it.each([
    ['U+0000', '\u0000'],
    ['U+0008', '\u0008'],
    ['U+001F', '\u001F'],
    ['U+FFFE', '\uFFFE'],
    ['U+FFFF', '\uFFFF'],
    ['U+D83D', '\uD83D'],
    ['U+DCDE', '\uDCDE'],
  ])('refuses %s in each field it would reach, naming the field', (code, c) => {
    expect(
      problems({
        ...withMenu(`Sales${c}`, `Press 1${c}`),
        name: `Main${c}`,
        welcome: { type: 'text', text: `Hi${c}` },
        voicemail: { enabled: true, prompt: { type: 'text', text: `${c}` } },
      }),
    ).toEqual([
      `name: The name contains a character a call cannot carry (${code}, at position 5): remove it`,
      `welcome.text: The message contains a character a call cannot carry (${code}, at position 3): remove it`,
      `autoAttendant.prompt.text: The message contains a character a call cannot carry (${code}, at position 8): remove it`,
      `autoAttendant.options.0.label: The option name contains a character a call cannot carry (${code}, at position 6): remove it`,
      `voicemail.prompt.text: The message contains a character a call cannot carry (${code}, at position 1): remove it`,
    ]);
  });
});
