/**
 * Who may call each HTTP route of the plugin and of the simulated network
 * (`/api/phone-network`). The backend README's access table is generated
 * from it (`accessMatrix.test.ts` fails when they differ, and writes the
 * table with `ICR_WRITE_ACCESS_TABLE=1`), and the test fails for a
 * registered route without a row.
 */
export type Caller =
  | 'none'
  | 'badToken'
  | 'outsider'
  | 'member'
  | 'responder'
  | 'service';

export const CALLERS: Caller[] = [
  'none',
  'badToken',
  'outsider',
  'member',
  'responder',
  'service',
];

/** Who passes: the others get 401 (no or bad token) or 403. */
export type Access =
  | 'public'
  | 'signed-twilio'
  | 'signed-in'
  | 'user'
  | 'member'
  | 'participant';

export const ACCESS: Record<Access, { who: string; allowed: Caller[] }> = {
  public: {
    who: 'anyone, no token',
    allowed: ['none', 'badToken', 'outsider', 'member', 'responder', 'service'],
  },
  'signed-twilio': {
    who: 'anonymous, with a valid Twilio signature (or media link signature) only; 403 otherwise, token or not',
    allowed: [],
  },
  'signed-in': {
    who: 'any signed-in user and service principals (`incoming-call.read`)',
    allowed: ['outsider', 'member', 'responder', 'service'],
  },
  user: {
    who: 'any signed-in user; services 403',
    allowed: ['outsider', 'member', 'responder'],
  },
  member: {
    who: 'members of the team (or of a group above it); others and services 403',
    allowed: ['member'],
  },
  participant: {
    who: "members of the alert's team and the call's responders (`incoming-call.alert.*`); others and services 403",
    allowed: ['member', 'responder'],
  },
};

export interface MatrixRow {
  route: string;
  access: Access;
  note?: string;
}

const ic = '/api/incoming-call';
const pn = '/api/phone-network';
const webhook = (name: string): MatrixRow => ({
  route: `POST ${ic}/webhooks/${name}`,
  access: 'signed-twilio',
});

export const ACCESS_MATRIX: MatrixRow[] = [
  { route: `GET ${ic}/health`, access: 'public' },
  { route: `GET ${ic}/media/:id`, access: 'signed-twilio' },
  ...[
    'voice',
    'voicemail-done',
    'recording',
    'transcription',
    'call-status',
    'menu',
    'responder-answer',
    'responder-confirm',
    'browser-connect',
    'leg-status',
    'queue-left',
    // The line: a waiting caller's wait document and its key, a
    // responder's offer of the next caller after a call.
    'line-wait',
    'line-key',
    'after-call',
    'next-caller',
    // Degraded mode (the database unreachable) and Twilio's fallback URL.
    'voice-fallback',
    'degraded-dial',
    'degraded-confirm',
    'degraded-recording',
    'degraded-voicemail-done',
  ].map(webhook),
  {
    route: `GET ${ic}/teams/:namespace/:name/integration`,
    access: 'signed-in',
  },
  {
    route: `PUT ${ic}/teams/:namespace/:name/integration`,
    access: 'member',
    note: 'buying, attaching or letting go of numbers also needs `incoming-call.number.manage`',
  },
  {
    route: `DELETE ${ic}/teams/:namespace/:name/integration`,
    access: 'member',
    note: 'releasing and restoring its numbers also needs `incoming-call.number.manage`',
  },
  { route: `GET ${ic}/numbers/countries`, access: 'signed-in' },
  ...['available', 'owned'].map(
    (list): MatrixRow => ({
      route: `GET ${ic}/teams/:namespace/:name/numbers/${list}`,
      access: 'member',
      note: '`incoming-call.number.manage` on the team',
    }),
  ),
  {
    route: `GET ${ic}/alerts`,
    access: 'user',
    note: 'lists only the alerts the user may read',
  },
  {
    route: `GET ${ic}/teams/:namespace/:name/alerts`,
    access: 'participant',
    note: 'lists only the alerts the user may read; 403 for someone neither in the team nor a responder of any of its calls',
  },
  { route: `GET ${ic}/alerts/:id`, access: 'participant' },
  { route: `POST ${ic}/alerts/:id/acknowledge`, access: 'participant' },
  { route: `POST ${ic}/alerts/:id/close`, access: 'participant' },
  { route: `POST ${ic}/alerts/:id/reopen`, access: 'participant' },
  { route: `POST ${ic}/alerts/:id/notes`, access: 'participant' },
  { route: `GET ${ic}/alerts/:id/voicemail`, access: 'participant' },
  { route: `POST ${ic}/alerts/:id/browser-pickup`, access: 'participant' },
  {
    route: `GET ${ic}/teams/:namespace/:name/on-call`,
    access: 'signed-in',
    note: "responders' phones only for members",
  },
  {
    route: `GET ${ic}/teams/:namespace/:name/dial-plan`,
    access: 'signed-in',
    note: "responders' phones only for members",
  },
  {
    route: `GET ${ic}/schedules/:namespace/:name/on-call`,
    access: 'signed-in',
    note: "responders' phones only for members of the owner",
  },
  {
    route: `GET ${ic}/schedules/:namespace/:name/overrides`,
    access: 'signed-in',
  },
  {
    route: `POST ${ic}/schedules/:namespace/:name/overrides`,
    access: 'member',
    note: "members of the schedule's owner",
  },
  {
    route: `DELETE ${ic}/schedules/:namespace/:name/overrides/:id`,
    access: 'member',
    note: "members of the schedule's owner",
  },
  { route: `GET ${ic}/teams/:namespace/:name/audio`, access: 'member' },
  { route: `POST ${ic}/teams/:namespace/:name/audio`, access: 'member' },
  { route: `DELETE ${ic}/teams/:namespace/:name/audio/:id`, access: 'member' },
  // Without `?team=`, the organisation's figures.
  ...['usage', 'analytics'].map(
    (name): MatrixRow => ({
      route: `GET ${ic}/${name}`,
      access: 'user',
      note: "the organisation's (`incoming-call.usage.organisation.read`); with `?team=`, members of the team (or of a group above it) only (`incoming-call.usage.read`), others 403",
    }),
  ),
  { route: `GET ${ic}/teams/:namespace/:name/forwarding`, access: 'member' },
  // Outage mode: the team's open incident (counts only) and status message.
  { route: `GET ${ic}/teams/:namespace/:name/incident`, access: 'signed-in' },
  {
    route: `GET ${ic}/teams/:namespace/:name/status-message`,
    access: 'signed-in',
  },
  ...['PUT', 'DELETE'].map(
    (method): MatrixRow => ({
      route: `${method} ${ic}/teams/:namespace/:name/status-message`,
      access: 'member',
      note: '`incoming-call.routing.update` on the team',
    }),
  ),
  // Outage mode: the line of waiting callers.
  {
    route: `GET ${ic}/line`,
    access: 'user',
    note: 'callers only where the user may read their alert (`incoming-call.alert.read`); the others are only counted',
  },
  ...['PUT', 'DELETE'].map(
    (method): MatrixRow => ({
      route: `${method} ${ic}/line/away`,
      access: 'user',
      note: 'the signed-in user stops (resumes) taking calls, for themselves only',
    }),
  ),
  ...[
    'POST /calls',
    'GET /calls',
    'POST /calls/:sid/hangup',
    'POST /calls/:sid/press',
    'POST /calls/:sid/answer',
    'GET /phones',
    'PUT /phones/:number',
    'POST /clients/calls',
  ].map(
    (r): MatrixRow => ({
      route: r.replace(' ', ` ${pn}`),
      access: 'user',
      note: "only the user's own calls (others' answer 404)",
    }),
  ),
  {
    route: `GET ${pn}/messages`,
    access: 'user',
    note: "only the SMS of the user's own phone and of the phones their test calls rang",
  },
];

/** The README's table, from the matrix. */
export function renderAccessTable(): string {
  const lines = [
    '| route | who may call it | none | bad token | outsider | member | responder | service |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of ACCESS_MATRIX) {
    const { who, allowed } = ACCESS[row.access];
    const cells = CALLERS.map(c => {
      if (allowed.includes(c)) return 'yes';
      if (row.access === 'signed-twilio') return '403';
      return c === 'none' || c === 'badToken' ? '401' : '403';
    });
    lines.push(
      `| \`${row.route}\` | ${who}${
        row.note ? `; ${row.note}` : ''
      } | ${cells.join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
