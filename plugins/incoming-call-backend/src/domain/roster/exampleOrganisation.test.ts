import type { Entity } from '@backstage/catalog-model';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { seededRandom } from '../../__testUtils__/seededRandom';
import { buildSnapshot } from '../catalog/buildSnapshot';
import { dialPlan } from './dialPlan';

/** The embedded setup's organisation, as the catalog reads it. */
const examples = ['org.yaml', 'routing.yaml'].flatMap(file =>
  parseAllDocuments(
    readFileSync(resolve(__dirname, '../../../../../examples', file), 'utf8'),
  ).map(doc => doc.toJS() as Entity),
);

describe("the example organisation's Helpdesk (the brief's precedence example)", () => {
  it('rings Kim and Mia first in either order, then Leo after 5 minutes, then nobody', () => {
    const snapshot = buildSnapshot(examples);
    const orders = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const { tiers } = dialPlan({
        snapshot,
        overrides: [],
        at: new Date('2026-12-01T12:00:00Z'),
        recipients: ['group:default/helpdesk'],
        usersToTry: 10,
        random: seededRandom(seed),
      });
      expect(tiers.map(t => t.delayMinutes)).toEqual([0, 5]);
      const [immediate, secondary] = tiers.map(t =>
        t.users.map(u => u.userRef.replace('user:default/', '')),
      );
      expect([...immediate].sort()).toEqual(['kim', 'mia']);
      expect(secondary).toEqual(['leo']);
      orders.add(immediate.join(' then '));
    }
    expect(orders).toEqual(new Set(['kim then mia', 'mia then kim']));
  });
});
