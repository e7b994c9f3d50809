import type { ForwardedAlertEvent } from '@icr/plugin-incoming-call-common';
import { slackMessage } from './slackMessage';

const forwarded = (
  event: Partial<ForwardedAlertEvent['event']>,
): ForwardedAlertEvent => ({
  type: `alert.${event.kind ?? 'note'}`,
  version: 1,
  alert: {
    id: 'a1',
    url: 'https://backstage.example.com/incoming-calls/alerts/a1',
    teamRef: 'group:default/platform',
    teamName: 'Platform & Ops',
    integrationId: 'i1',
    integrationName: 'Platform hotline',
    callerNumber: '+4930555000',
    dialledNumber: '+14155550100',
    status: 'acknowledged',
    priority: 'P1',
    tags: ['vip'],
    outcome: 'answered',
    acknowledgedBy: 'user:default/ana',
    answeredBy: 'user:default/ana',
    createdAt: '2026-12-12T10:00:00.000Z',
  },
  event: {
    id: 'e1',
    kind: 'note',
    type: 'note',
    at: '2026-12-12T10:05:00.000Z',
    message: 'Called back',
    userRef: null,
    actorRef: 'user:default/ana',
    ...event,
  },
});

describe('slackMessage', () => {
  it('names the alert in every message, with its status then', () => {
    const message = slackMessage(forwarded({}));
    expect(message.text).toBe(
      'Note added: call from +4930555000 to Platform &amp; Ops (P1, acknowledged)',
    );
    expect(message.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Note added*: Called back\nCall from +4930555000 to Platform &amp; Ops · P1 · now acknowledged · <https://backstage.example.com/incoming-calls/alerts/a1|Open the alert>',
        },
      },
    ]);
  });

  it("keeps a note's text from mentioning the channel or linking elsewhere", () => {
    const { blocks } = slackMessage(
      forwarded({ message: '<!channel> see <https://evil.example|here>' }),
    );
    const text = (blocks[0].text as { text: string }).text;
    expect(text).toContain(
      '&lt;!channel&gt; see &lt;https://evil.example|here&gt;',
    );
    expect(text).not.toContain('<!channel>');
  });

  it('gives a new alert the caller, team, status, priority and tags', () => {
    const { blocks } = slackMessage(
      forwarded({ kind: 'created', type: 'call-received' }),
    );
    expect(blocks.map(b => b.type)).toEqual(['section', 'section', 'context']);
    expect(JSON.stringify(blocks)).toContain('Tags: vip');
  });
});
