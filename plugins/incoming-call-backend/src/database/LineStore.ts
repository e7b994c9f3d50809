import type { Knex } from 'knex';
import type { LineEntry, Want } from '../domain/line/lineEntry';
import type { SeekingCaller } from '../domain/line/matchLine';

/** A caller in the line, as the API and the announcements read it. */
export interface LineEntryRow {
  callSid: string;
  teamRef: string;
  alertId: string;
  /** When they joined the line (ms): first come, first served. */
  queuedAt: number;
  /** The responder being rung for them now. */
  legUserRef?: string;
}

/** A responder the line knows: busy in a call, or away from the line. */
export interface LineResponderRow {
  userRef: string;
  callSid?: string;
  legSid?: string;
  busySince?: number;
  awayUntil?: number;
}

/** Where a caller stands in their team's line. */
export interface LinePosition {
  /** 1 for the caller at the head of the line. */
  position: number;
  teamRef: string;
  /** The callers in the team's line, this one included. */
  waiting: number;
}

/** What the line does not give to a caller now (see `unavailableTo`). */
export interface LineSnapshot {
  seeking: SeekingCaller[];
  busy: Set<string>;
  away: Set<string>;
}

const ORDER = ['queued_at', 'call_sid'] as const;

/** A call as its line entry names it (see `lineCallOf`). */
export interface LineCall {
  callSid: string;
  teamRef: string;
  alertId: string;
  queuedAt: number;
}

const entryRow = (call: LineCall, entry: LineEntry) => ({
  call_sid: call.callSid,
  team_ref: call.teamRef,
  alert_id: call.alertId,
  queued_at: call.queuedAt,
  wants: entry.wants.length > 0 ? JSON.stringify(entry.wants) : null,
  leg_user_ref: entry.legUserRef ?? null,
});

/**
 * The line of waiting callers and the responders busy in legs. The
 * primary key of `line_responders` keeps a responder in one leg at a time
 * across all calls and replicas: a second claim fails.
 */
export class LineStore {
  constructor(private readonly db: Knex) {}

  /** Where the call stands in its team's line; undefined when not in it. */
  async position(callSid: string): Promise<LinePosition | undefined> {
    return (await this.positions([callSid])).get(callSid);
  }

  /**
   * Where each of the calls in a line stands in it (those not in one are
   * left out): two reads however many calls, their teams' lines read once
   * in line order (a burst's wait documents come together, see
   * `LineAnnouncements`).
   */
  async positions(callSids: string[]): Promise<Map<string, LinePosition>> {
    const places = new Map<string, LinePosition>();
    if (callSids.length === 0) return places;
    const teamRefs: string[] = await this.db('line_entries')
      .whereIn('call_sid', callSids)
      .distinct()
      .pluck('team_ref');
    if (teamRefs.length === 0) return places;
    const lines = new Map<string, string[]>();
    for (const entry of await this.list(teamRefs)) {
      const line = lines.get(entry.teamRef) ?? [];
      line.push(entry.callSid);
      lines.set(entry.teamRef, line);
    }
    const wanted = new Set(callSids);
    for (const [teamRef, line] of lines) {
      line.forEach((callSid, index) => {
        if (wanted.has(callSid)) {
          places.set(callSid, {
            position: index + 1,
            teamRef,
            waiting: line.length,
          });
        }
      });
    }
    return places;
  }

  /** The callers in the teams' lines (all teams' with 'all'), in line order. */
  async list(teamRefs: string[] | 'all'): Promise<LineEntryRow[]> {
    const query = this.db('line_entries').orderBy([...ORDER]);
    if (teamRefs !== 'all') query.whereIn('team_ref', teamRefs);
    const rows = await query.select(
      'call_sid',
      'team_ref',
      'alert_id',
      'queued_at',
      'leg_user_ref',
    );
    return rows.map(row => ({
      callSid: row.call_sid,
      teamRef: row.team_ref,
      alertId: row.alert_id,
      queuedAt: Number(row.queued_at),
      ...(row.leg_user_ref && { legUserRef: row.leg_user_ref }),
    }));
  }

  /** The responders busy in a leg or away from the line. */
  async responders(): Promise<LineResponderRow[]> {
    const rows = await this.db('line_responders').orderBy('user_ref');
    return rows.map(row => ({
      userRef: row.user_ref,
      ...(row.call_sid && { callSid: row.call_sid }),
      ...(row.leg_sid && { legSid: row.leg_sid }),
      ...(row.busy_since !== null && { busySince: Number(row.busy_since) }),
      ...(row.away_until !== null && { awayUntil: Number(row.away_until) }),
    }));
  }

  /** The callers seeking a responder in line order, and who is busy or away at `now`. */
  async snapshot(now: number): Promise<LineSnapshot> {
    const [seeking, { busy, away }] = await Promise.all([
      this.seeking(),
      this.availability(now),
    ]);
    return { seeking, busy, away };
  }

  /**
   * The callers seeking a responder, in line order: only those ahead of
   * `aheadOf` (everyone, when that call is not in the line), or only those
   * who may ring `wanting`.
   */
  async seeking(
    options: { aheadOf?: string; wanting?: string } = {},
  ): Promise<SeekingCaller[]> {
    const { aheadOf, wanting } = options;
    const query = this.db('line_entries as e')
      // A call that is over seeks nobody, even if its entry is still
      // there (it joined as it ended: the sweep forgets it).
      .join('call_sessions as s', 's.call_sid', 'e.call_sid')
      .whereNotNull('e.wants')
      .whereNot('s.state', 'ended')
      .orderBy(ORDER.map(column => `e.${column}`))
      .select('e.call_sid as call_sid', 'e.wants as wants');
    if (aheadOf) {
      const own =
        'SELECT o.queued_at, o.call_sid FROM line_entries o WHERE o.call_sid = ?';
      query.where(builder =>
        builder
          .whereRaw(`NOT EXISTS (${own})`, [aheadOf])
          .orWhereRaw(`(e.queued_at, e.call_sid) < (${own})`, [aheadOf]),
      );
    }
    if (wanting) {
      // A first cut in SQL (LIKE's wildcards may let in a few more); the
      // parsed wants decide.
      query.where(
        'e.wants',
        'like',
        `%${JSON.stringify({ userRef: wanting }).slice(1, -1)}%`,
      );
    }
    const rows: { call_sid: string; wants: string }[] = await query;
    // An entry seeking nobody stores no wants (see `entryRow`).
    const callers = rows.map(row => ({
      callSid: row.call_sid,
      wants: JSON.parse(row.wants) as Want[],
    }));
    return wanting
      ? callers.filter(c => c.wants.some(w => w.userRef === wanting))
      : callers;
  }

  /** Who is busy in a leg and who is away from the line at `now`. */
  async availability(
    now: number,
  ): Promise<Pick<LineSnapshot, 'busy' | 'away'>> {
    const rows = await this.db('line_responders').select(
      'user_ref',
      'call_sid',
      'away_until',
    );
    const busy = new Set<string>();
    const away = new Set<string>();
    for (const row of rows) {
      if (row.call_sid) busy.add(row.user_ref);
      if (row.away_until !== null && Number(row.away_until) > now) {
        away.add(row.user_ref);
      }
    }
    return { busy, away };
  }

  /**
   * The call joins the line, unless it is in it already: its own first
   * transition (or a sweep's) may have moved it on first.
   */
  async join(call: LineCall, entry: LineEntry): Promise<void> {
    await this.db('line_entries')
      .insert(entryRow(call, entry))
      .onConflict('call_sid')
      .ignore();
  }

  /** Puts the call in the line, or moves it on there (undefined: out of it). */
  async setEntry(call: LineCall, entry: LineEntry | undefined): Promise<void> {
    if (!entry) {
      await this.db('line_entries').where({ call_sid: call.callSid }).delete();
      return;
    }
    const { wants, leg_user_ref } = entryRow(call, entry);
    await this.db('line_entries')
      .insert(entryRow(call, entry))
      .onConflict('call_sid')
      .merge({ wants, leg_user_ref });
  }

  /**
   * Makes the responder busy in the call; false when they are busy in
   * another call already. `force` takes them from any other call (they
   * chose this caller themselves, in the browser).
   */
  async claim(
    userRef: string,
    callSid: string,
    at: number,
    options: { legSid?: string; force?: boolean } = {},
  ): Promise<boolean> {
    const busy = {
      call_sid: callSid,
      leg_sid: options.legSid ?? null,
      busy_since: at,
    };
    const insert = this.db('line_responders')
      .insert({ user_ref: userRef, ...busy, away_until: null })
      .onConflict('user_ref')
      .merge(busy);
    if (!options.force) {
      insert.where(builder =>
        builder
          .whereNull('line_responders.call_sid')
          .orWhere('line_responders.call_sid', callSid),
      );
    }
    const rows = await insert.returning('user_ref');
    return rows.length > 0;
  }

  /**
   * The call no longer keeps the responder busy (a claim another call
   * holds by now is left alone); their away time, if any, stays.
   */
  async release(userRef: string, callSid: string): Promise<boolean> {
    const held = { user_ref: userRef, call_sid: callSid };
    // Most responders are not away: their row goes in one statement.
    const deleted = await this.db('line_responders')
      .where(held)
      .whereNull('away_until')
      .delete();
    if (deleted > 0) return true;
    const freed = await this.db('line_responders')
      .where(held)
      .update({ call_sid: null, leg_sid: null, busy_since: null });
    return freed > 0;
  }

  /** The responder's phone leg `legSid` is over: they are free, whatever call they were on. */
  async releaseLeg(legSid: string): Promise<string | undefined> {
    const row = await this.db('line_responders')
      .where({ leg_sid: legSid })
      .first('user_ref', 'call_sid');
    if (!row) return undefined;
    return (await this.release(row.user_ref, row.call_sid))
      ? row.user_ref
      : undefined;
  }

  /** The responder's leg got its SID (kept so that its end frees them). */
  async setLeg(userRef: string, callSid: string, legSid: string) {
    await this.db('line_responders')
      .where({ user_ref: userRef, call_sid: callSid })
      .update({ leg_sid: legSid });
  }

  /** The responder stops taking calls from the line until `until` (ms); undefined: takes them again. */
  async setAway(userRef: string, until: number | undefined): Promise<void> {
    if (until === undefined) {
      await this.db('line_responders')
        .where({ user_ref: userRef })
        .update({ away_until: null });
      await this.db('line_responders')
        .where({ user_ref: userRef })
        .whereNull('call_sid')
        .delete();
      return;
    }
    await this.db('line_responders')
      .insert({ user_ref: userRef, away_until: until })
      .onConflict('user_ref')
      .merge({ away_until: until });
  }

  /** Forgets the entries of calls that are over: a late join can leave one. */
  async forgetEnded(): Promise<number> {
    return this.db('line_entries')
      .whereNotExists(
        this.db('call_sessions as s')
          .whereRaw('s.call_sid = line_entries.call_sid')
          .whereNot('s.state', 'ended')
          .select(this.db.raw('1')),
      )
      .delete();
  }

  /** Busy claims of calls that are over, held since before `before` (ms): the sweep checks them. */
  async heldByEndedCalls(before: number, limit = 100) {
    const rows = await this.db('line_responders as r')
      .leftJoin('call_sessions as s', 's.call_sid', 'r.call_sid')
      .whereNotNull('r.call_sid')
      .where('r.busy_since', '<', before)
      .where(builder =>
        builder.whereNull('s.call_sid').orWhere('s.state', 'ended'),
      )
      .limit(limit)
      .select('r.user_ref', 'r.call_sid', 'r.leg_sid');
    return rows.map(row => ({
      userRef: row.user_ref as string,
      callSid: row.call_sid as string,
      legSid: (row.leg_sid as string | null) ?? undefined,
    }));
  }
}
