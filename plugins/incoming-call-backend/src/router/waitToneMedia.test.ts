import express from 'express';
import request from 'supertest';
import type { AudioStore } from '../database/AudioStore';
import { signedMediaUrl } from '../domain/audio/mediaSignature';
import { WAIT_TONE_ID, waitToneWav } from '../domain/audio/waitTone';
import { createMediaRouter } from './mediaRouter';

const KEY = Buffer.from('media-signing-key');
const NOW = Date.parse('2026-03-10T12:00:00Z');

describe('the built-in wait tone on the media route', () => {
  const read: string[] = [];
  const app = express().use(
    createMediaRouter({
      audio: {
        content: async (id: string) => {
          read.push(id);
          return undefined;
        },
      } as unknown as AudioStore,
      signingKey: KEY,
      clock: { now: () => NOW },
    }),
  );
  const link = (id: string) =>
    signedMediaUrl({ id, baseUrl: '/media', key: KEY, now: new Date(NOW) });

  it('serves the tone through a signed link, without the audio store', async () => {
    const res = await request(app)
      .get(link(WAIT_TONE_ID))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(Buffer.compare(res.body, waitToneWav())).toBe(0);
    expect(read).toEqual([]);
  });

  it('refuses the tone without a valid signature', async () => {
    const res = await request(app).get(
      `/media/${WAIT_TONE_ID}?expires=99999999999&signature=forged`,
    );
    expect(res.status).toBe(403);
  });
});
