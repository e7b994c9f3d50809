import type { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import type { Knex } from 'knex';
import { mp3WithId3Tag, ulawSamples } from '../__testUtils__/audioSamples';
import {
  PUBLIC_ORIGIN,
  startNetworkCallBackend,
} from '../__testUtils__/callBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { eventually } from '../__testUtils__/eventually';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../__testUtils__/platformIntegration';
import { AudioStore } from '../database/AudioStore';
import { systemClock } from '../lib/clock';

jest.setTimeout(60_000);

const databases = createTestDatabases();
/** Where Twilio fetches media: next to the webhooks. */
const PUBLIC_MEDIA = `${PUBLIC_ORIGIN}/api/incoming-call/media`;

describe.each(databases.eachSupportedId())(
  'uploaded audio on a call through the simulated network on %s',
  id => {
    let knex: Knex;
    let network: SimulatedPhoneNetwork;
    let localRoot = '';

    /** Fetches a public URL from the test server, as Twilio would. */
    const fetchPublic = (url: string) =>
      fetch(url.replace(PUBLIC_ORIGIN, localRoot));

    beforeEach(async () => {
      knex = await databases.init(id);
      ({ network, root: localRoot } = await startNetworkCallBackend(knex));
    });

    it('plays the uploaded welcome and hold music from signed links that serve the bytes, and only those', async () => {
      const audio = new AudioStore(knex, systemClock);
      const welcomeBytes = mp3WithId3Tag();
      const welcome = await audio.create({
        teamRef: 'group:default/platform',
        name: 'welcome.mp3',
        format: 'mp3',
        data: welcomeBytes,
        createdBy: 'user:default/ana',
      });
      const music = await audio.create({
        teamRef: 'group:default/platform',
        name: 'music.ulaw',
        format: 'ulaw',
        data: ulawSamples(8000),
        createdBy: 'user:default/ana',
      });
      await savePlatformIntegration(knex, {
        welcome: { type: 'audio', audioId: welcome.id },
        holdMusic: { audioId: music.id },
      });
      // Nobody picks up: the caller stays in the queue with the music.
      network.setPhone('+14155550101', { kind: 'ring' });
      network.setPhone('+14155550103', { kind: 'ring' });

      const caller = network.call('+4930555000', HOTLINE);
      await eventually(async () => {
        await network.settled();
        expect(caller.heard).toHaveLength(3);
      });

      const signed = (audioId: string) =>
        new RegExp(
          `^${PUBLIC_MEDIA}/${audioId}\\?expires=\\d+&signature=[\\w-]+$`,
        );
      // The line's wait document: the caller's place, then the music.
      const [welcomeLine, place, musicLine] = caller.heard;
      expect(place).toBe(
        'You are next in line. Press 9 to leave a voicemail instead.',
      );
      const welcomeUrl = /^\[audio (.+)\]$/.exec(welcomeLine)?.[1] ?? '';
      const musicUrl = /^\[hold music (.+)\]$/.exec(musicLine)?.[1] ?? '';
      expect(welcomeUrl).toMatch(signed(welcome.id));
      expect(musicUrl).toMatch(signed(music.id));

      const served = await fetchPublic(welcomeUrl);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('audio/mpeg');
      expect(served.headers.get('cache-control')).toMatch(
        /^public, max-age=\d+, immutable$/,
      );
      expect(Buffer.from(await served.arrayBuffer()).equals(welcomeBytes)).toBe(
        true,
      );
      const musicServed = await fetchPublic(musicUrl);
      expect(musicServed.headers.get('content-type')).toBe('audio/ulaw');

      const tampered = welcomeUrl.replace(/.$/, c => (c === 'A' ? 'B' : 'A'));
      expect((await fetchPublic(tampered)).status).toBe(403);
      // A signature is good for its own file only.
      const otherFile = welcomeUrl.replace(welcome.id, music.id);
      expect((await fetchPublic(otherFile)).status).toBe(403);
      const unsigned = `${PUBLIC_MEDIA}/${welcome.id}`;
      const refused = await fetchPublic(unsigned);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toBe(
        'This media link is not valid, or it has expired',
      );

      network.hangUp(caller.sid);
      await network.settled();
    });
  },
);
