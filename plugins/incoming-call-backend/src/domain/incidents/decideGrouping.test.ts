import { DEFAULT_INCIDENT_CONFIG } from '@icr/plugin-incoming-call-common';
import { decideGrouping, incidentTitle } from './decideGrouping';

const config = { enabled: true, calls: 3, windowMinutes: 5 };
const name = 'Platform hotline';

describe('decideGrouping', () => {
  it.each([0, 1, 2, 3])(
    'leaves %i calls in the window alone (not more than 3)',
    callsInWindow => {
      expect(
        decideGrouping({ config, callsInWindow, integrationName: name }),
      ).toEqual({ kind: 'none' });
    },
  );

  it.each([4, 5, 500])(
    'opens an incident for %i calls in the window, titled with what opened it',
    callsInWindow => {
      expect(
        decideGrouping({ config, callsInWindow, integrationName: name }),
      ).toEqual({
        kind: 'open',
        title: 'Incident: more than 3 calls to Platform hotline in 5 minutes',
      });
    },
  );

  it.each([0, 3, 4, 500])(
    'joins the open incident whatever the count (%i): it stays open until closed by hand',
    callsInWindow => {
      expect(
        decideGrouping({
          config,
          callsInWindow,
          openParentAlertId: 'parent-1',
          integrationName: name,
        }),
      ).toEqual({ kind: 'join', parentAlertId: 'parent-1' });
    },
  );

  it.each([
    [0, undefined],
    [4, undefined],
    [500, 'parent-1'],
  ])(
    'does nothing when grouping is off (%i calls, open incident %s)',
    (callsInWindow, openParentAlertId) => {
      expect(
        decideGrouping({
          config: { ...config, enabled: false },
          callsInWindow,
          openParentAlertId,
          integrationName: name,
        }),
      ).toEqual({ kind: 'none' });
    },
  );

  it('groups from the 11th call by default (more than 10 in 5 minutes)', () => {
    const decide = (callsInWindow: number) =>
      decideGrouping({
        config: DEFAULT_INCIDENT_CONFIG,
        callsInWindow,
        integrationName: name,
      }).kind;
    expect(decide(10)).toBe('none');
    expect(decide(11)).toBe('open');
  });

  it('says a window of one minute in the singular', () => {
    expect(incidentTitle(12, 'Sales', 1)).toBe(
      'Incident: more than 12 calls to Sales in 1 minute',
    );
  });
});
