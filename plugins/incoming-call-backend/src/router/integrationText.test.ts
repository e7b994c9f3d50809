import { mockCredentials } from '@backstage/backend-test-utils';
import { parseTwiml } from '@icr/phone-network-sim';
import {
  defaultIntegrationConfig,
  type IntegrationConfigInput,
} from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import request from 'supertest';
import twilio from 'twilio';
import {
  AUTH_TOKEN,
  PUBLIC_URL,
  startCallBackend,
} from '../__testUtils__/callBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { HOTLINE } from '../__testUtils__/platformIntegration';
import { RecordingTwilioClient } from '../__testUtils__/RecordingTwilioClient';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ana = mockCredentials.user.header('user:default/ana'); // Platform

/** Characters XML 1.0 cannot hold. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const config = (welcome: string): IntegrationConfigInput => ({
  ...defaultIntegrationConfig({
    ref: 'group:default/platform',
    title: 'Platform',
  }),
  numbers: [{ number: HOTLINE, country: 'US' }],
  recipients: ['user:default/ana'],
  welcome: { type: 'text', text: welcome },
});

describe.each(databases.eachSupportedId())(
  'Integration text a call cannot carry, on %s',
  id => {
    let server: Awaited<ReturnType<typeof startCallBackend>>['server'];
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(id);
      ({ server } = await startCallBackend(knex, new RecordingTwilioClient()));
    });

    const integrationPath =
      '/api/incoming-call/teams/default/platform/integration';
    const save = (welcome: string) =>
      request(server)
        .put(integrationPath)
        .set('Authorization', ana)
        .send(config(welcome));

    it('saves a vertical tab in the welcome as a space, and a call to the team gets valid TwiML', async () => {
      const saved = await save('Welcome\u000Bto Platform.');
      expect(saved.status).toBe(200);
      expect(saved.body.config.welcome).toEqual({
        type: 'text',
        text: 'Welcome to Platform.',
      });

      const params = {
        CallSid: `CA${'0'.repeat(31)}1`,
        From: '+4930555000',
        To: HOTLINE,
      };
      const answer = await request(server)
        .post('/api/incoming-call/webhooks/voice')
        .type('form')
        .set(
          'X-Twilio-Signature',
          twilio.getExpectedTwilioSignature(
            AUTH_TOKEN,
            `${PUBLIC_URL}/voice`,
            params,
          ),
        )
        .send(params);
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('text/xml');
      expect(answer.text).not.toMatch(NOT_XML);
      const said = parseTwiml(answer.text)
        .filter(verb => verb.name === 'Say')
        .map(verb => verb.text);
      expect(said).toContain('Welcome to Platform.');
    });

    it('refuses a NUL in the welcome with a 400 on the field, and writes nothing', async () => {
      const refused = await save('Welcome\u0000to Platform.');
      expect(refused.status).toBe(400);
      expect(refused.body.error.problems).toEqual([
        {
          path: 'welcome.text',
          message:
            'The message contains a character a call cannot carry (U+0000, at position 8): remove it',
        },
      ]);
      const read = await request(server)
        .get(integrationPath)
        .set('Authorization', ana);
      expect(read.status).toBe(404);
    });
  },
);
