import {
  forwardingSchema,
  isMaskedSecretUrl,
  maskSecretUrl,
} from './forwarding';

const problems = (value: unknown) => {
  const result = forwardingSchema.safeParse(value);
  return result.success
    ? []
    : result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`);
};

const http = (url: string, id = '7d1c7f3e-3a55-4a4e-9d9a-0a2f3b6c1e01') => ({
  id,
  type: 'http',
  name: 'Incident bot',
  url,
  events: ['created'],
});

describe('forwardingSchema', () => {
  it('takes https URLs, and http only on this machine', () => {
    expect(
      problems({ destinations: [http('https://hooks.example.com/x')] }),
    ).toEqual([]);
    expect(
      problems({ destinations: [http('http://localhost:7007/hook')] }),
    ).toEqual([]);
    expect(
      problems({ destinations: [http('http://127.0.0.1:7007/hook')] }),
    ).toEqual([]);
    expect(
      problems({ destinations: [http('http://hooks.example.com/x')] }),
    ).toEqual([
      'destinations.0.url: The URL must start with https:// (http only for localhost)',
    ]);
    expect(problems({ destinations: [http('hooks.example.com')] })).toEqual([
      'destinations.0.url: The URL is not a URL (https://…)',
    ]);
  });

  it('limits the destinations, and needs an event and a distinct id for each', () => {
    const ids = [1, 2, 3, 4, 5, 6].map(
      n => `7d1c7f3e-3a55-4a4e-9d9a-0a2f3b6c1e0${n}`,
    );
    expect(
      problems({ destinations: ids.map(id => http('https://a.example', id)) }),
    ).toEqual(['destinations: At most 5 destinations per integration']);
    expect(
      problems({
        destinations: [
          http('https://a.example'),
          { ...http('https://b.example'), events: [] },
        ],
      }),
    ).toEqual([
      'destinations.1.events: Choose at least one event to forward',
      'destinations.1: Destination 7d1c7f3e-3a55-4a4e-9d9a-0a2f3b6c1e01 appears more than once',
    ]);
  });

  it('accepts a Slack URL or its mask, and masks it without the secret parts', () => {
    const url = 'https://hooks.slack.com/services/T0123/B0456/abcdefSECRET';
    const mask = maskSecretUrl(url);
    expect(mask).toBe('https://hooks.slack.com/services/T…/****');
    expect(isMaskedSecretUrl(mask)).toBe(true);
    expect(isMaskedSecretUrl(url)).toBe(false);
    expect(maskSecretUrl('https://chat.example/abc')).toBe(
      'https://chat.example/…/****',
    );
    const slack = (webhookUrl: string) => ({
      destinations: [
        {
          id: '7d1c7f3e-3a55-4a4e-9d9a-0a2f3b6c1e01',
          type: 'slack',
          name: '#support',
          webhookUrl,
          events: ['created', 'note'],
        },
      ],
    });
    expect(problems(slack(url))).toEqual([]);
    expect(problems(slack(mask))).toEqual([]);
    expect(problems(slack('not a url'))).toEqual([
      'destinations.0.webhookUrl: The Slack webhook URL is not a URL (https://…)',
    ]);
  });
});
