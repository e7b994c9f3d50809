import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  type AudioFile,
  defaultIntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import request from 'supertest';
import { incomingCallPlugin } from '../plugin';
import { mp3WithId3Tag, wavFile } from '../__testUtils__/audioSamples';
import { permissionsFromDefaultPolicy } from '../__testUtils__/defaultPolicy';
import { exampleEntities } from '../__testUtils__/exampleEntities';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ana = mockCredentials.user.header('user:default/ana'); // Platform
const bob = mockCredentials.user.header('user:default/bob'); // Payments

const audioPath = '/api/incoming-call/teams/default/platform/audio';
const integrationPath = '/api/incoming-call/teams/default/platform/integration';
const config = defaultIntegrationConfig({
  ref: 'group:default/platform',
  title: 'Platform',
});

describe('audio API', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeEach(async () => {
    const knex = await databases.init('SQLITE_3');
    ({ server } = await startTestBackend({
      features: [
        incomingCallPlugin,
        permissionsFromDefaultPolicy(),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({ entities: exampleEntities }),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: { incomingCall: { audio: { maxUploadBytes: 4096 } } },
        }),
      ],
    }));
  });

  const upload = (name: string, data: Buffer, as = ana) =>
    request(server)
      .post(audioPath)
      .query({ name })
      .set('Authorization', as)
      .set('Content-Type', 'application/octet-stream')
      .send(data);

  it('stores an upload a team member makes and lists it', async () => {
    const data = mp3WithId3Tag();
    const res = await upload('C:\\fakepath\\welcome.mp3', data);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      teamRef: 'group:default/platform',
      name: 'welcome.mp3',
      format: 'mp3',
      contentType: 'audio/mpeg',
      size: data.length,
      createdBy: 'user:default/ana',
    });
    const list = await request(server).get(audioPath).set('Authorization', ana);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([res.body]);
    // The list is the team's own: others get 403.
    const outsider = await request(server)
      .get(audioPath)
      .set('Authorization', bob);
    expect(outsider.status).toBe(403);
  });

  it('refuses content that does not match the name, saying why', async () => {
    const res = await upload('welcome.mp3', wavFile());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'welcome.mp3 holds WAV audio, not MP3 audio: rename it to .wav and upload it again',
    );

    const png = await upload(
      'logo.png',
      Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'latin1'),
    );
    expect(png.status).toBe(400);
    expect(png.body.error.message).toBe(
      'Upload a .mp3, .wav, .gsm, .aif or .ulaw file; this one (logo.png) is a PNG image',
    );

    const unnamed = await request(server)
      .post(audioPath)
      .set('Authorization', ana)
      .send(mp3WithId3Tag());
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.message).toContain('Name the file');
  });

  it('refuses a file over the configured size limit with 413', async () => {
    const fiveKiB = Buffer.concat([wavFile(), Buffer.alloc(5120)]).subarray(
      0,
      5120,
    );
    const res = await upload('big.wav', fiveKiB);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe(
      'Audio uploads are limited to 4 KiB; this file is 5 KiB',
    );
    const list = await request(server).get(audioPath).set('Authorization', ana);
    expect(list.body).toEqual([]);
  });

  it('lets only the team upload and delete, and nobody anonymous read', async () => {
    const res = await upload('welcome.mp3', mp3WithId3Tag(), bob);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Only members of Platform may change its call routing',
    );
    const mine: AudioFile = (await upload('welcome.mp3', mp3WithId3Tag())).body;
    const del = await request(server)
      .delete(`${audioPath}/${mine.id}`)
      .set('Authorization', bob);
    expect(del.status).toBe(403);
    expect((await request(server).get(audioPath)).status).toBe(401);
  });

  it('saves an integration that plays the team own uploads, and no others', async () => {
    const mine: AudioFile = (await upload('welcome.mp3', mp3WithId3Tag())).body;
    const theirs: AudioFile = (
      await request(server)
        .post('/api/incoming-call/teams/default/payments/audio')
        .query({ name: 'theirs.mp3' })
        .set('Authorization', bob)
        .send(mp3WithId3Tag())
    ).body;

    const refused = await request(server)
      .put(integrationPath)
      .set('Authorization', ana)
      .send({
        ...config,
        welcome: { type: 'audio', audioId: mine.id },
        holdMusic: { audioId: theirs.id },
      });
    expect(refused.status).toBe(400);
    expect(refused.body.error.problems).toEqual([
      {
        path: 'holdMusic.audioId',
        message:
          "This audio file is not among the team's uploads: upload it, or choose another",
      },
    ]);

    const saved = await request(server)
      .put(integrationPath)
      .set('Authorization', ana)
      .send({
        ...config,
        welcome: { type: 'audio', audioId: mine.id },
        holdMusic: { audioId: mine.id },
      });
    expect(saved.status).toBe(200);
  });

  it('keeps a file the integration plays, and deletes it once it is not played', async () => {
    const mine: AudioFile = (await upload('welcome.mp3', mp3WithId3Tag())).body;
    await request(server)
      .put(integrationPath)
      .set('Authorization', ana)
      .send({
        ...config,
        welcome: { type: 'audio', audioId: mine.id },
        holdMusic: { audioId: mine.id },
      });

    const kept = await request(server)
      .delete(`${audioPath}/${mine.id}`)
      .set('Authorization', ana);
    expect(kept.status).toBe(409);
    expect(kept.body.error.message).toBe(
      'welcome.mp3 is still played as the welcome message and the hold music of Platform hotline: choose something else there and save before deleting it',
    );

    await request(server)
      .put(integrationPath)
      .set('Authorization', ana)
      .send(config);
    const deleted = await request(server)
      .delete(`${audioPath}/${mine.id}`)
      .set('Authorization', ana);
    expect(deleted.status).toBe(204);
    const again = await request(server)
      .delete(`${audioPath}/${mine.id}`)
      .set('Authorization', ana);
    expect(again.status).toBe(404);
  });
});
