import {
  MEDIA_LINK_SECONDS,
  secondsLeftOnMediaLink,
  signedMediaUrl,
} from './mediaSignature';

const key = Buffer.from('a key of 32 bytes for the tests!');
const baseUrl = 'https://calls.example.com/api/incoming-call/media';
const madeAt = new Date('2026-03-10T14:20:00Z');

const linkFor = (id: string, now = madeAt) =>
  new URL(signedMediaUrl({ id, baseUrl, key, now }));

const check = (url: URL, now: Date, id = url.pathname.split('/').pop()!) =>
  secondsLeftOnMediaLink({
    id: decodeURIComponent(id),
    expires: url.searchParams.get('expires') ?? undefined,
    signature: url.searchParams.get('signature') ?? undefined,
    key,
    now,
  });

describe('media links', () => {
  it('expire 24 hours after the hour they were made in', () => {
    const url = linkFor('a1');
    expect(url.origin + url.pathname).toBe(`${baseUrl}/a1`);
    const expires = new Date(Number(url.searchParams.get('expires')) * 1000);
    expect(expires.toISOString()).toBe('2026-03-11T15:00:00.000Z');
    expect(check(url, madeAt)).toBe(MEDIA_LINK_SECONDS + 40 * 60);
    expect(check(url, new Date('2026-03-11T14:59:59Z'))).toBe(1);
    expect(check(url, new Date('2026-03-11T15:00:00Z'))).toBeUndefined();
  });

  it('stay the same within an hour, so Twilio can cache the file', () => {
    expect(linkFor('a1', new Date('2026-03-10T14:00:01Z')).href).toBe(
      linkFor('a1', new Date('2026-03-10T14:59:59Z')).href,
    );
    expect(linkFor('a1', new Date('2026-03-10T15:00:01Z')).href).not.toBe(
      linkFor('a1').href,
    );
  });

  it('are refused when any part is changed', () => {
    const url = linkFor('a1');
    expect(check(url, madeAt, 'a2')).toBeUndefined();

    const later = new URL(url);
    later.searchParams.set(
      'expires',
      String(Number(url.searchParams.get('expires')) + 3600),
    );
    expect(check(later, madeAt)).toBeUndefined();

    const forged = new URL(url);
    forged.searchParams.set('signature', 'x'.repeat(43));
    expect(check(forged, madeAt)).toBeUndefined();

    expect(
      secondsLeftOnMediaLink({
        id: 'a1',
        expires: url.searchParams.get('expires') ?? undefined,
        signature: url.searchParams.get('signature') ?? undefined,
        key: Buffer.from('another key'),
        now: madeAt,
      }),
    ).toBeUndefined();
  });

  it('are refused without their parts, or with odd ones', () => {
    const url = linkFor('a1');
    const signature = url.searchParams.get('signature');
    for (const expires of [undefined, '', '-1', '1e12', ['1', '2']]) {
      expect(
        secondsLeftOnMediaLink({
          id: 'a1',
          expires,
          signature,
          key,
          now: madeAt,
        }),
      ).toBeUndefined();
    }
    expect(
      secondsLeftOnMediaLink({
        id: 'a1',
        expires: url.searchParams.get('expires'),
        signature: undefined,
        key,
        now: madeAt,
      }),
    ).toBeUndefined();
  });

  it('escape the id in the path', () => {
    const url = signedMediaUrl({ id: 'a/b c', baseUrl, key, now: madeAt });
    expect(url.startsWith(`${baseUrl}/a%2Fb%20c?expires=`)).toBe(true);
  });
});
