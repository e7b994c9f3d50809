import { z } from 'zod';
import { entityRefSchema } from '../validation/entityRef';

/**
 * The query of `GET /line`: one team's line (`team`, a Group entity ref),
 * or every team's.
 *
 * @public
 */
export const lineQuerySchema = z.object({
  team: entityRefSchema(['Group']).optional(),
});

/** @public */
export type LineQuery = z.infer<typeof lineQuerySchema>;

/**
 * The body of `PUT /line/away`: the signed-in responder stops taking calls
 * from the line, until `until` (an ISO date-time in the future) or, without
 * it, for the backend's default time.
 *
 * @public
 */
export const lineAwayInputSchema = z
  .object({ until: z.string().datetime({ offset: true }).optional() })
  .strict();

/** @public */
export type LineAwayInput = z.infer<typeof lineAwayInputSchema>;

/**
 * A user the line names (the responder being rung, a busy or away one).
 *
 * @public
 */
export interface LinePerson {
  userRef: string;
  /** From the catalog, when known. */
  displayName?: string;
}

/**
 * A caller waiting in a team's line, as someone who may read their alert
 * sees them.
 *
 * @public
 */
export interface LineCaller {
  /** 1 for the head of the team's line. */
  position: number;
  alertId: string;
  callerNumber: string;
  /** When they joined the line (ISO). */
  waitingSince: string;
  /** The responder being rung (or asked to confirm) for them now. */
  ringing?: LinePerson;
}

/**
 * One team's line: how many callers wait in all, and those the user may
 * read, first come first served.
 *
 * @public
 */
export interface LineTeam {
  teamRef: string;
  teamName?: string;
  /** Every caller waiting, also those the user may not read. */
  waiting: number;
  callers: LineCaller[];
}

/**
 * A responder of the listed teams who is not free: busy on a call (ringing,
 * confirming, talking or at the after-call offer) or away from the line.
 *
 * @public
 */
export interface LineResponder extends LinePerson {
  /** The alert of the call they are busy on. */
  busyOn?: { alertId: string; since?: string };
  /** They stopped taking calls from the line until then (ISO). */
  awayUntil?: string;
}

/**
 * The answer of `GET /line`.
 *
 * @public
 */
export interface LineView {
  /** The teams with callers waiting, in the order of their head caller. */
  teams: LineTeam[];
  responders: LineResponder[];
  /** The signed-in user as the line sees them. */
  you: {
    userRef: string;
    busyOn?: LineResponder['busyOn'];
    awayUntil?: string;
    /**
     * The alert of the first caller (across the listed teams, first come
     * first served) whose call the user may take in the browser.
     */
    nextAlertId?: string;
  };
}
