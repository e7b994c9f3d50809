import { matchLine, unavailableTo } from './matchLine';

const want = (...names: string[]) =>
  names.map((userRef, index) => ({ index, userRef }));

describe('matching the line', () => {
  const line = [
    { callSid: 'C1', wants: want('ana', 'bob') },
    { callSid: 'C2', wants: want('ana') },
    { callSid: 'C3', wants: want('bob', 'carol') },
    { callSid: 'C4', wants: want('carol') },
  ];

  it('gives each caller, first come first served, the first free responder they want', () => {
    expect(matchLine(line, new Set())).toEqual([
      { callSid: 'C1', userRef: 'ana' },
      { callSid: 'C3', userRef: 'bob' },
      { callSid: 'C4', userRef: 'carol' },
    ]);
    expect(matchLine(line, new Set(['ana']))).toEqual([
      { callSid: 'C1', userRef: 'bob' },
      { callSid: 'C3', userRef: 'carol' },
    ]);
    expect(matchLine(line, new Set(['ana', 'bob', 'carol']))).toEqual([]);
  });

  it('keeps for the callers ahead the responders the line gives them, not all they want', () => {
    expect([...unavailableTo('C3', line, new Set())].sort()).toEqual(['ana']);
    expect([...unavailableTo('C4', line, new Set())].sort()).toEqual([
      'ana',
      'bob',
    ]);
    // A caller not in the line yet comes after everyone.
    expect([...unavailableTo('C9', line, new Set(['dave']))].sort()).toEqual([
      'ana',
      'bob',
      'carol',
      'dave',
    ]);
    expect([...unavailableTo('C1', line, new Set(['bob']))]).toEqual(['bob']);
  });
});
