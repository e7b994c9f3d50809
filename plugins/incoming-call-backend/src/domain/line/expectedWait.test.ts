import { expectedWait } from './expectedWait';

describe('expectedWait', () => {
  it('divides the position by the answers per minute, rounded up', () => {
    // 15 answers in 15 minutes: one a minute.
    expect(expectedWait(4, 15)).toEqual({ kind: 'about', minutes: 4 });
    // 6 in 15 minutes: 0.4 a minute, so 3 callers take 7.5 minutes.
    expect(expectedWait(3, 6)).toEqual({ kind: 'about', minutes: 8 });
  });

  it('says at least a minute, however fast the team answers', () => {
    expect(expectedWait(1, 90)).toEqual({ kind: 'about', minutes: 1 });
  });

  it('caps the wait at 30 minutes', () => {
    expect(expectedWait(2, 1)).toEqual({ kind: 'about', minutes: 30 });
    expect(expectedWait(3, 1)).toEqual({ kind: 'more-than', minutes: 30 });
  });

  it('knows nothing without recent answers', () => {
    expect(expectedWait(5, 0)).toEqual({ kind: 'unknown' });
  });
});
