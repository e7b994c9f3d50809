import fc from 'fast-check';
import { fieldProblemsOf } from '../validation/fieldProblem';
import {
  type AlertRule,
  type AlertRuleInput,
  alertRulesSchema,
  countryOfNumber,
  describeAlertRuleActions,
  matchAlertRule,
} from './alertRules';
import {
  defaultIntegrationConfig,
  integrationConfigSchema,
} from './integrationConfig';

const rule = (
  name: string,
  match: AlertRuleInput['match'],
  actions: AlertRuleInput['actions'] = {},
): AlertRule => alertRulesSchema.parse([{ name, match, actions }])[0];

/** The problems of a list of rules, as a 400 answer gives them. */
const problemsOf = (rules: unknown) => {
  const result = alertRulesSchema.safeParse(rules);
  return result.success ? [] : fieldProblemsOf(result.error);
};

describe('alertRulesSchema', () => {
  it('defaults to no rules, and an integration without the field parses with none', () => {
    const { alertRules: _none, ...stored } = defaultIntegrationConfig({
      ref: 'group:default/platform',
      title: 'Platform',
    });
    expect(integrationConfigSchema.parse(stored).alertRules).toEqual([]);
    expect(alertRulesSchema.parse(undefined)).toEqual([]);
  });

  it('fills in the actions left out: no tags, no extra recipients, notify', () => {
    expect(rule('VIP', { type: 'number', value: '+14155550100' })).toEqual({
      name: 'VIP',
      match: { type: 'number', value: '+14155550100' },
      actions: { tags: [], extraRecipients: [], notify: true },
    });
  });

  it('normalises: trimmed values, a prefix gets its *, tags lower case, the country upper case', () => {
    const [prefix, country] = alertRulesSchema.parse([
      {
        name: ' VIP callers ',
        match: { type: 'prefix', value: ' +1415555 ' },
        actions: { priority: 'P1', tags: [' VIP ', 'Key-Account'] },
      },
      {
        name: 'Germany',
        match: { type: 'country', country: ' de ' },
        actions: {},
      },
    ]);
    expect(prefix.name).toBe('VIP callers');
    expect(prefix.match).toEqual({ type: 'prefix', value: '+1415555*' });
    expect(prefix.actions.tags).toEqual(['vip', 'key-account']);
    expect(country.match).toEqual({ type: 'country', country: 'DE' });
  });

  it.each([
    [
      { type: 'prefix', value: '1415*' },
      'match.value',
      'A prefix starts with + (e.g. +4930123 or +1900*)',
    ],
    [
      { type: 'prefix', value: '+1*4*' },
      'match.value',
      'A * may only stand at the end of an entry, where it makes it a prefix',
    ],
    [
      { type: 'prefix', value: '+' },
      'match.value',
      'A prefix has at least 3 characters (e.g. +1*)',
    ],
    [
      { type: 'number', value: '+1415 555' },
      'match.value',
      'A number to match holds only digits after the + (and an optional * at the end)',
    ],
    [
      { type: 'number', value: '+1415*' },
      'match.value',
      'An exact number has no *: choose "Prefix" to match every number that starts with it',
    ],
    [
      { type: 'country', country: 'XX' },
      'match.country',
      'Choose a country by its two-letter code (e.g. US, DE, GB)',
    ],
    [
      { type: 'area', value: '+1415' },
      'match.type',
      'Match a number, a prefix or a country',
    ],
  ])('refuses the match %j at %s: %s', (match, path, message) => {
    expect(problemsOf([{ name: 'R', match, actions: {} }])).toEqual([
      { path: `0.${path}`, message },
    ]);
  });

  it('says which action is wrong, at its field', () => {
    expect(
      problemsOf([
        {
          name: '',
          match: { type: 'number', value: '+14155550100' },
          actions: {
            priority: 'P0',
            tags: ['vip', 'VIP', 'two words', 'x'.repeat(33)],
            extraRecipients: ['user:default/ana', 'component:default/x'],
            notify: 'no',
          },
        },
      ]),
    ).toEqual([
      { path: '0.name', message: 'Name the rule' },
      {
        path: '0.actions.priority',
        message: 'Choose a priority from P1 to P5',
      },
      {
        path: '0.actions.tags.2',
        message:
          'A tag holds letters, digits and . _ : - (no spaces), starting with a letter or digit',
      },
      { path: '0.actions.tags.3', message: 'A tag is at most 32 characters' },
      { path: '0.actions.tags.1', message: 'Tag vip appears more than once' },
      {
        path: '0.actions.extraRecipients.1',
        message: expect.stringContaining('got kind "component"'),
      },
      {
        path: '0.actions.notify',
        message: 'Notify is on (true) or off (false)',
      },
    ]);
  });

  it('refuses two rules of one name, and more than 50 rules', () => {
    const r = {
      name: 'VIP',
      match: { type: 'number', value: '+14155550100' },
      actions: {},
    };
    expect(problemsOf([r, r])).toEqual([
      { path: '1', message: 'Rule VIP appears more than once' },
    ]);
    expect(
      problemsOf(
        Array.from({ length: 51 }, (_, i) => ({ ...r, name: `R${i}` })),
      ),
    ).toEqual([{ path: '', message: 'At most 50 rules' }]);
  });

  it("puts a rule's problems at its path in the integration config", () => {
    const result = integrationConfigSchema.safeParse({
      ...defaultIntegrationConfig({
        ref: 'group:default/platform',
        title: 'Platform',
      }),
      alertRules: [
        { name: 'VIP', match: { type: 'prefix', value: '1415*' }, actions: {} },
      ],
    });
    expect(result.success).toBe(false);
    expect(fieldProblemsOf(result.error!)).toEqual([
      {
        path: 'alertRules.0.match.value',
        message: 'A prefix starts with + (e.g. +4930123 or +1900*)',
      },
    ]);
  });
});

describe('countryOfNumber', () => {
  it.each([
    ['+14155550100', 'US'], // San Francisco
    ['+12125550123', 'US'], // New York
    ['+14165550100', 'CA'], // Toronto
    ['+16045550100', 'CA'], // Vancouver
    ['+18095550100', 'DO'], // +1 is not only the US and Canada
    ['+4930555000', 'DE'],
    ['+442071234567', 'GB'],
  ])('%s is in %s', (number, country) => {
    expect(countryOfNumber(number)).toBe(country);
  });

  it('tells no country for a number too short to be one', () => {
    expect(countryOfNumber('+1900')).toBeUndefined();
  });
});

describe('matchAlertRule', () => {
  const vip = rule(
    'VIP callers',
    { type: 'prefix', value: '+1415555*' },
    { priority: 'P1', tags: ['vip'] },
  );
  const ceo = rule(
    'CEO',
    { type: 'number', value: '+14155550199' },
    { priority: 'P2' },
  );
  const canada = rule(
    'Canada',
    { type: 'country', country: 'CA' },
    { tags: ['ca'] },
  );
  const us = rule('US', { type: 'country', country: 'US' }, { priority: 'P4' });

  it('takes the first rule that matches, in order', () => {
    expect(matchAlertRule([vip, ceo], '+14155550199')).toEqual({
      rule: vip,
      index: 0,
    });
    expect(matchAlertRule([ceo, vip], '+14155550199')).toEqual({
      rule: ceo,
      index: 0,
    });
    expect(matchAlertRule([ceo, vip], '+14155550100')).toEqual({
      rule: vip,
      index: 1,
    });
    expect(matchAlertRule([us, vip], '+14155550100')?.rule).toBe(us);
  });

  it('matches none when no rule catches the caller, or there are no rules', () => {
    expect(matchAlertRule([vip, ceo, canada], '+4930555000')).toBeUndefined();
    expect(matchAlertRule([], '+14155550100')).toBeUndefined();
  });

  it('matches an exact number only in full', () => {
    expect(matchAlertRule([ceo], '+14155550199')?.rule).toBe(ceo);
    expect(matchAlertRule([ceo], '+141555501990')).toBeUndefined();
    expect(matchAlertRule([ceo], '+1415555019')).toBeUndefined();
  });

  it('matches a prefix at the start of the number only', () => {
    expect(matchAlertRule([vip], '+1415555')?.rule).toBe(vip); // the prefix itself
    expect(matchAlertRule([vip], '+14155550100')?.rule).toBe(vip);
    expect(matchAlertRule([vip], '+1415556')).toBeUndefined();
    expect(matchAlertRule([vip], '+141555')).toBeUndefined(); // shorter than it
    expect(matchAlertRule([vip], '+44141555500')).toBeUndefined(); // inside, not at the start
    const plusOne = rule('All of +1', { type: 'prefix', value: '+1*' });
    expect(matchAlertRule([plusOne], '+14165550100')?.rule).toBe(plusOne);
    expect(matchAlertRule([plusOne], '+4930555000')).toBeUndefined();
  });

  it('matches a prefix in a draft that still lacks its *, as the saved rule will', () => {
    const draft: AlertRule = {
      ...vip,
      match: { type: 'prefix', value: '+1415555' },
    };
    expect(matchAlertRule([draft], '+14155550100')?.rule).toBe(draft);
  });

  it('tells the US from Canada among +1 numbers by the area code', () => {
    expect(matchAlertRule([canada, us], '+14165550100')?.rule).toBe(canada);
    expect(matchAlertRule([canada, us], '+14155550100')?.rule).toBe(us);
    expect(matchAlertRule([canada], '+14155550100')).toBeUndefined();
    expect(matchAlertRule([us], '+16045550100')).toBeUndefined();
  });

  it('matches no rule for a withheld caller ID, however broad the rule', () => {
    const everyone = [
      rule('+2', { type: 'prefix', value: '+2*' }),
      rule('+7', { type: 'prefix', value: '+7*' }),
      rule('+8', { type: 'prefix', value: '+8*' }),
      rule('Lesotho', { type: 'country', country: 'LS' }),
      rule('Exact', { type: 'number', value: '+266696687' }),
    ];
    for (const caller of [
      'anonymous',
      'Restricted',
      '',
      '+266696687', // ANONYMOUS on a keypad
      '+7378742833', // RESTRICTED
      '+8656696', // UNKNOWN
      '+86282452253', // UNAVAILABLE
      'client:ana',
    ]) {
      expect(matchAlertRule(everyone, caller)).toBeUndefined();
    }
  });

  it('a prefix rule matches exactly the numbers that start with its digits (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9]\d{0,6}$/),
        fc.stringMatching(/^[1-9]\d{5,13}$/),
        (prefixDigits, numberDigits) => {
          const prefix = rule('P', {
            type: 'prefix',
            value: `+${prefixDigits}*`,
          });
          const caller = `+${numberDigits}`;
          expect(matchAlertRule([prefix], caller) !== undefined).toBe(
            numberDigits.startsWith(prefixDigits),
          );
          // The rule's own prefix followed by any digits always matches.
          expect(
            matchAlertRule(
              [prefix],
              `+${prefixDigits}${numberDigits}`.slice(0, 16),
            ),
          ).toBeDefined();
        },
      ),
    );
  });
});

describe('describeAlertRuleActions', () => {
  it('says the priority (P3 when the rule sets none), tags, extra recipients and muted notifications', () => {
    expect(
      describeAlertRuleActions(
        rule(
          'VIP',
          { type: 'prefix', value: '+1415*' },
          { priority: 'P1', tags: ['vip'] },
        ),
      ),
    ).toBe('P1, tagged vip');
    expect(
      describeAlertRuleActions(
        rule(
          'Quiet',
          { type: 'country', country: 'DE' },
          {
            tags: ['de', 'eu'],
            extraRecipients: ['user:default/dave'],
            notify: false,
          },
        ),
      ),
    ).toBe('P3, tagged de, eu, also rings 1 more recipient, no notifications');
  });
});
