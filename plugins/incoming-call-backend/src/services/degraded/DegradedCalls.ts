import type { LoggerService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import type { DegradedAlertStore } from '../../database/DegradedAlertStore';
import type { IntegrationStore } from '../../database/IntegrationStore';
import { isOutage } from '../../database/outage';
import { alertRuleOutcome } from '../../domain/arrival/alertRuleOutcome';
import type { IncomingCall } from '../../domain/arrival/arrivalRecord';
import { decideIncomingCall } from '../../domain/arrival/decideIncomingCall';
import type { NewAlertEvent } from '../../domain/alerts/newAlert';
import { voicemailMessage } from '../../domain/voicemail/byteRange';
import type { Clock } from '../../lib/clock';
import {
  degradedCallTwiml,
  type DegradedCallState,
} from '../../twilio/degradedTwiml';
import type { TwilioUrls } from '../../twilio/TwilioUrls';
import { incomingCallTwiml } from '../../twilio/twiml';
import type { RosterService } from '../RosterService';
import type { RoutingCache } from '../routing/RoutingCache';

/** The most calls kept in memory for their alerts; the oldest go first. */
const MAX_KEPT = 10_000;
/** Responders a degraded call rings, at most, in the plan's order. */
const MAX_RESPONDERS = 5;
/**
 * How long an outage seen (an attempt or a write-back failing for it) lets
 * a slow attempt count as one.
 */
const OUTAGE_MEMORY_MS = 60_000;

/** A call answered in degraded mode, as kept until its alert is written. */
interface KeptCall {
  callSid: string;
  from: string;
  to: string;
  at: Date;
  answeredBy?: { userRef: string; at: Date };
  voicemail?: { recordingSid: string; durationSeconds: number; at: Date };
}

/** A stable UUID-shaped id from a name: the same call, the same alert. */
export function stableId(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}

export interface DegradedCallsDeps {
  routing: Pick<RoutingCache, 'lastKnown'>;
  roster: Pick<RosterService, 'plannerWith'>;
  store: Pick<DegradedAlertStore, 'write' | 'addEvents' | 'sessionAlertId'>;
  integrations: Pick<IntegrationStore, 'getByNumbers'>;
  urls: () => Promise<TwilioUrls>;
  logger: LoggerService;
  clock: Clock;
  /** How long the voice webhook waits for the database. Default 2000. */
  attemptTimeoutMs?: number;
  /**
   * Ends the session of a call recorded late (the attempt timed out, then
   * went through), so that its responders are not dialled as well.
   */
  endSession?: (callSid: string) => Promise<void>;
}

/**
 * Degraded mode: while the database cannot be reached, the voice webhook
 * answers from the replica's last routing view and the in-memory catalog
 * (the welcome, the dial plan's first responders one after the other, each
 * asked to press 1, then the voicemail), and keeps what happened in memory
 * (bounded) until the alerts can be written, tagged `degraded`: `flush`,
 * run on a timer, tries again until a write succeeds. Writes are
 * idempotent on the call SID.
 */
export class DegradedCalls {
  private readonly kept = new Map<string, KeptCall>();
  private flushing?: Promise<void>;
  /** When an outage was last seen; cleared by a successful attempt. */
  private outageSeenAt?: number;
  private timer?: ReturnType<typeof setInterval>;

  constructor(private readonly deps: DegradedCallsDeps) {}

  /** Calls whose alerts are not written yet. */
  get pending(): number {
    return this.kept.size;
  }

  /**
   * Answers the call with `attempt` (the normal path, given a signal that
   * says it was given up on). The call is answered in degraded mode when
   * the attempt fails for an outage (refused or reset connections, the
   * pool's acquire timeout), or when it takes longer than the budget while
   * an outage was seen lately (`OUTAGE_MEMORY_MS`) and not since cleared
   * by a successful attempt. A database that is only slow, with no outage
   * seen, is waited for: a loaded but healthy store must not send calls
   * down the degraded path. Other errors pass.
   */
  async guard(
    call: IncomingCall,
    attempt: (signal: AbortSignal) => Promise<string>,
  ): Promise<string> {
    const controller = new AbortController();
    const timeoutMs = this.deps.attemptTimeoutMs ?? 2000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const running = attempt(controller.signal).then(
      twiml => {
        this.outageSeenAt = undefined;
        return { twiml };
      },
      error => {
        if (isOutage(error)) this.noteOutage();
        return { error: error as unknown };
      },
    );
    const budget = new Promise<{ timeout: true }>(resolve => {
      timer = setTimeout(() => resolve({ timeout: true }), timeoutMs);
    });
    let outcome: { twiml: string } | { error: unknown } | { timeout: true };
    try {
      outcome = await Promise.race([running, budget]);
      if ('timeout' in outcome && !this.outageLately()) {
        // Slow, with no sign of an outage: the attempt is waited for.
        outcome = await running;
      }
    } finally {
      clearTimeout(timer);
    }
    if ('twiml' in outcome) return outcome.twiml;
    if ('error' in outcome && !isOutage(outcome.error)) throw outcome.error;
    controller.abort();
    const degraded = await this.answer(call);
    if (degraded === undefined) {
      throw 'error' in outcome
        ? outcome.error
        : new Error('The database did not answer in time');
    }
    this.deps.logger.warn(
      `Call ${call.callSid} answered in degraded mode: the database ${
        'error' in outcome ? 'cannot be reached' : 'did not answer in time'
      }`,
    );
    return degraded;
  }

  /** Whether an outage was seen within `OUTAGE_MEMORY_MS`. */
  private outageLately(): boolean {
    return (
      this.outageSeenAt !== undefined &&
      this.deps.clock.now() - this.outageSeenAt < OUTAGE_MEMORY_MS
    );
  }

  private noteOutage(): void {
    this.outageSeenAt = this.deps.clock.now();
  }

  /**
   * The degraded answer to a call, from memory only; undefined when this
   * replica has never seen the number dialled.
   */
  async answer(call: IncomingCall): Promise<string | undefined> {
    const view = this.deps.routing.lastKnown();
    const integration = view?.integrationOf(call.to);
    if (!view || !integration) return undefined;
    const urls = await this.deps.urls();
    const decision = decideIncomingCall({ ...call, integration });
    if (decision.kind !== 'accepted') return incomingCallTwiml(decision, urls);
    const { config } = integration;
    const recipients = config.autoAttendant.enabled
      ? [...new Set(config.autoAttendant.options.flatMap(o => o.recipients))]
      : config.recipients;
    const plan = (await this.deps.roster.plannerWith(view.overrides))(
      recipients,
      config.usersToTry,
      call.at,
      alertRuleOutcome(config, call.from).extra,
    );
    const users = plan.tiers
      .flatMap(t => t.users)
      .flatMap(u => (u.phone ? [{ ...u, phone: u.phone }] : []))
      .slice(0, MAX_RESPONDERS);
    const state: DegradedCallState = {
      call: call.callSid,
      from: call.from,
      to: call.to,
      language: config.language,
      team: config.name,
      users: users.map(u => u.userRef),
      phones: users.map(u => u.phone),
      ringSeconds: config.ringTimeoutSeconds,
      voicemail: config.voicemail.enabled,
    };
    this.keep({
      callSid: call.callSid,
      from: call.from,
      to: call.to,
      at: call.at,
    });
    return degradedCallTwiml(decision.welcome, state, urls);
  }

  /**
   * A responder pressed 1 on a degraded call (reported by any replica: the
   * URL carries what the alert needs).
   */
  answered(state: DegradedCallState, userRef: string): void {
    const at = new Date(this.deps.clock.now());
    const kept = this.keptFor(state);
    kept.answeredBy ??= { userRef, at };
  }

  /** The voicemail of a degraded call was recorded. */
  recorded(
    state: DegradedCallState,
    recording: { recordingSid: string; durationSeconds: number },
  ): void {
    const at = new Date(this.deps.clock.now());
    this.keptFor(state).voicemail ??= { ...recording, at };
    void this.flush();
  }

  /** Tries to write the kept alerts every `intervalMs`, until `stop`. */
  start(intervalMs: number): void {
    this.timer ??= setInterval(() => void this.flush(), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Writes the kept calls' alerts; those that fail stay for the next try.
   * One flush at a time.
   */
  flush(): Promise<void> {
    this.flushing ??= this.writeAll().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async writeAll(): Promise<void> {
    for (const kept of [...this.kept.values()]) {
      try {
        await this.write(kept);
        if (this.kept.get(kept.callSid) === kept) {
          this.kept.delete(kept.callSid);
        }
      } catch (error) {
        if (isOutage(error)) {
          this.noteOutage();
        } else {
          this.deps.logger.error(
            `Degraded call ${kept.callSid}: its alert could not be written`,
            error as Error,
          );
        }
        return; // still down (or broken): the next flush tries again
      }
    }
  }

  private async write(kept: KeptCall): Promise<void> {
    const { store } = this.deps;
    const events = this.events(kept);
    const recordedAs = await store.sessionAlertId(kept.callSid);
    if (recordedAs) {
      // The normal attempt went through after it was given up on: its
      // session was ended then (answered-degraded); this makes sure of it.
      await store.addEvents(recordedAs, events, {
        answeredBy: kept.answeredBy,
        outcome: kept.voicemail
          ? { outcome: 'voicemail', at: kept.voicemail.at }
          : undefined,
      });
      await this.deps.endSession?.(kept.callSid);
      return;
    }
    const integration = (
      await this.deps.integrations.getByNumbers([kept.to])
    ).get(kept.to);
    if (!integration) {
      this.deps.logger.warn(
        `Degraded call ${kept.callSid}: ${kept.to} no longer routes to a team; no alert`,
      );
      return;
    }
    // The rules as they are now: the alert is written from the stored integration.
    const rule = alertRuleOutcome(integration.config, kept.from);
    await store.write({
      id: stableId(kept.callSid),
      alert: {
        teamRef: integration.teamRef,
        integrationId: integration.id,
        callerNumber: kept.from,
        dialledNumber: kept.to,
        priority: rule.priority,
        tags: [...new Set([...rule.tags, 'degraded'])],
        ...(rule.alertRule && { alertRule: rule.alertRule }),
        notificationsMuted: rule.notificationsMuted,
        at: kept.at,
      },
      events: rule.message
        ? [
            events[0],
            {
              id: stableId(`${kept.callSid}:rule`),
              type: 'rule-matched',
              message: rule.message,
              at: kept.at,
            },
            ...events.slice(1),
          ]
        : events,
      answeredBy: kept.answeredBy,
      outcome: kept.voicemail
        ? { outcome: 'voicemail', at: kept.voicemail.at }
        : undefined,
    });
  }

  private events(kept: KeptCall): Array<NewAlertEvent & { id: string }> {
    const events: Array<NewAlertEvent & { id: string }> = [
      {
        id: stableId(`${kept.callSid}:received`),
        type: 'call-received',
        message: `Call from ${kept.from} to ${kept.to}, answered in degraded mode (the database could not be reached)`,
        at: kept.at,
      },
    ];
    if (kept.answeredBy) {
      events.push({
        id: stableId(`${kept.callSid}:answered`),
        type: 'answered',
        message: 'Answered (degraded mode)',
        userRef: kept.answeredBy.userRef,
        at: kept.answeredBy.at,
      });
    }
    if (kept.voicemail) {
      events.push({
        id: stableId(`${kept.callSid}:voicemail`),
        type: 'voicemail',
        message: voicemailMessage(kept.voicemail.durationSeconds),
        at: kept.voicemail.at,
      });
    }
    return events;
  }

  private keptFor(state: DegradedCallState): KeptCall {
    const existing = this.kept.get(state.call);
    if (existing) return existing;
    // Another replica answered the call: this one still reports what it saw.
    return this.keep({
      callSid: state.call,
      from: state.from,
      to: state.to,
      at: new Date(this.deps.clock.now()),
    });
  }

  private keep(call: KeptCall): KeptCall {
    const existing = this.kept.get(call.callSid);
    if (existing) return existing;
    if (this.kept.size >= MAX_KEPT) {
      const oldest = this.kept.keys().next().value as string;
      this.kept.delete(oldest);
      this.deps.logger.error(
        `Degraded mode: more than ${MAX_KEPT} calls wait for their alerts; call ${oldest} dropped`,
      );
    }
    this.kept.set(call.callSid, call);
    return call;
  }
}
