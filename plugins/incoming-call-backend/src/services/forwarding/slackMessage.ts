import type {
  ForwardedAlertEvent,
  ForwardingEventKind,
} from '@icr/plugin-incoming-call-common';

/** A Slack message as an incoming webhook takes it (Block Kit). */
export interface SlackMessage {
  /** The notification's text, and what clients without blocks show. */
  text: string;
  blocks: Array<Record<string, unknown>>;
}

const HEADLINES: Record<ForwardingEventKind, string> = {
  created: 'Incoming call',
  acknowledged: 'Acknowledged',
  closed: 'Closed',
  reopened: 'Reopened',
  voicemail: 'Voicemail left',
  note: 'Note added',
};

/** Slack's mrkdwn treats these three as markup. */
const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The Slack message of a forwarded event. An incoming webhook can neither
 * edit a message nor reply in a thread (that needs a bot token), so each
 * alert gets one full message when it is created (caller, team, status,
 * priority, link), and each later event a message of its own that names
 * the alert the same way, with its status at that point.
 */
export function slackMessage(forwarded: ForwardedAlertEvent): SlackMessage {
  const { alert, event } = forwarded;
  const caller = escape(alert.callerNumber);
  const team = escape(alert.teamName);
  const headline = HEADLINES[event.kind];
  const link = `<${alert.url}|Open the alert>`;
  const text = `${headline}: call from ${caller} to ${team} (${alert.priority}, ${alert.status})`;
  const fields = [
    `*Caller*\n${caller}`,
    `*Team*\n${team}`,
    `*Status*\n${alert.status}`,
    `*Priority*\n${alert.priority}`,
  ].map(field => ({ type: 'mrkdwn', text: field }));
  if (event.kind === 'created') {
    return {
      text,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `*${headline}* to ${escape(alert.integrationName)}\n${link}`,
          },
        },
        { type: 'section', fields },
        ...(alert.tags.length > 0
          ? [
              {
                type: 'context',
                elements: [
                  {
                    type: 'mrkdwn',
                    text: `Tags: ${escape(alert.tags.join(', '))}`,
                  },
                ],
              },
            ]
          : []),
      ],
    };
  }
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${headline}*: ${escape(
            event.message,
          )}\nCall from ${caller} to ${team} · ${alert.priority} · now ${
            alert.status
          } · ${link}`,
        },
      },
    ],
  };
}
