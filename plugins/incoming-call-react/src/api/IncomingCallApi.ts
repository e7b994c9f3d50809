import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  Alert,
  AlertEvent,
  AlertPage,
  AlertSearchQuery,
  AlertWithTimeline,
  AudioFile,
  AvailableNumber,
  AvailableNumberQuery,
  BrowserPickupGrant,
  Integration,
  IntegrationConfig,
  IntegrationDeletion,
  IntegrationDialPlan,
  NumberCountry,
  OwnedNumber,
  ScheduleOverride,
  ScheduleOverrideInput,
  TeamOnCall,
  Usage,
  CallAnalytics,
  ForwardingStatus,
  OpenIncident,
  StatusMessage,
  StatusMessageInput,
  LineView,
} from '@icr/plugin-incoming-call-common';

/**
 * A team, named by its Group entity's namespace and name.
 *
 * @public
 */
export interface TeamRef {
  /** The Group entity's namespace (`default` for most). */
  namespace: string;
  /** The Group entity's name. */
  name: string;
}

/**
 * A schedule, named by its Schedule entity's namespace and name.
 *
 * @public
 */
export interface ScheduleRef {
  /** The Schedule entity's namespace (`default` for most). */
  namespace: string;
  /** The Schedule entity's name. */
  name: string;
}

/**
 * Which page of a team's alerts to list.
 *
 * @public
 */
export interface AlertListOptions {
  /** How many alerts a page has at most (the backend's default when unset). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/**
 * Which alerts to find across the teams the user may read, and which page:
 * every filter is optional (see `alertSearchQuerySchema`); `limit` is the
 * backend's default when unset.
 *
 * @public
 */
export type AlertSearchOptions = Partial<AlertSearchQuery>;

/**
 * What acknowledging, closing or reopening an alert did. When it changed
 * nothing (the alert was already in that state, maybe by someone else's
 * hand a moment before), `unchanged` says so in the server's words and
 * `alert` is its current state.
 *
 * @public
 */
export interface AlertActionResult {
  alert: Alert;
  unchanged?: string;
}

/**
 * Which month's usage to read: a team's, or the organisation's without
 * `team`.
 *
 * @public
 */
export interface UsageOptions {
  /** YYYY-MM, e.g. 2026-12. */
  month: string;
  team?: TeamRef;
}

/**
 * Which period's call analytics to read: a team's, or the organisation's
 * without `team`.
 *
 * @public
 */
export interface AnalyticsOptions {
  from: Date;
  to: Date;
  team?: TeamRef;
  /** IANA time zone of the hour and weekday charts; UTC when unset. */
  timeZone?: string;
}

/**
 * Reads and changes a team's incoming call routing, previews who a call
 * would ring, reads its call alerts and takes their calls in the browser.
 *
 * @public
 */
export interface IncomingCallApi {
  /** The team's integration, or undefined when the team has none yet. */
  getIntegration(team: TeamRef): Promise<Integration | undefined>;
  /**
   * Saves the team's integration over the version the change was made to
   * (`NO_INTEGRATION_VERSION` when the team had none), creating it when the
   * team has none. Refused (409, with `error.change`: an
   * `IntegrationChange` saying who saved since and when) when the
   * integration has been saved since; (400, with `error.problems`) for bad
   * fields and recipients the catalog does not know.
   */
  saveIntegration(
    team: TeamRef,
    config: IntegrationConfig,
    editedVersion: number,
  ): Promise<Integration>;
  /** The team's uploaded audio files, newest first. */
  listAudio(team: TeamRef): Promise<AudioFile[]>;
  /**
   * Uploads an audio file under its own name. The backend refuses (400)
   * content that is not audio of the format the name says, and (413) a
   * file over its size limit, with a message saying so.
   */
  uploadAudio(team: TeamRef, file: File): Promise<AudioFile>;
  /** Deletes an upload; refused (409) while the integration plays it. */
  deleteAudio(team: TeamRef, id: string): Promise<void>;
  /** One page of the team's alerts, newest first. */
  listAlerts(team: TeamRef, options?: AlertListOptions): Promise<AlertPage>;
  /**
   * One page of the alerts of every team the user may read, newest first,
   * filtered by `options`.
   */
  searchAlerts(options?: AlertSearchOptions): Promise<AlertPage>;
  /**
   * An alert and its timeline, with people's display names; refused (403) to
   * anyone but the team's members and the call's responders.
   */
  getAlert(id: string): Promise<AlertWithTimeline>;
  /** Acknowledges an open alert in the user's name; refused (403) like `getAlert`. */
  acknowledgeAlert(id: string): Promise<AlertActionResult>;
  /** Closes an alert in the user's name; refused (403) like `getAlert`. */
  closeAlert(id: string): Promise<AlertActionResult>;
  /** Reopens a closed alert in the user's name; refused (403) like `getAlert`. */
  reopenAlert(id: string): Promise<AlertActionResult>;
  /** Adds a note (1 to 2000 characters) to the alert's timeline. */
  addAlertNote(id: string, text: string): Promise<AlertEvent>;
  /**
   * The voicemail left on the alert's call, as audio (404 when there is
   * none). Fetched with the user's token, which an `<audio>` element cannot
   * send: play it from an object URL.
   */
  getVoicemail(alertId: string): Promise<Blob>;
  /**
   * Asks to take the waiting caller of an alert in this browser; refused
   * (403) to anyone but the team's members and the call's responders, and
   * (409) once the caller is no longer waiting.
   */
  requestBrowserPickup(alertId: string): Promise<BrowserPickupGrant>;
  /** Who is on call for the team's schedules at `at` (default now). */
  getTeamOnCall(team: TeamRef, at?: Date): Promise<TeamOnCall>;
  /**
   * Who a call to the team's saved integration would ring at `at` (default
   * now): its recipients, or each option of its auto-attendant; undefined
   * when the team has no integration yet.
   */
  getDialPlan(
    team: TeamRef,
    at?: Date,
  ): Promise<IntegrationDialPlan | undefined>;
  /** The schedule's overrides that have not ended, soonest first. */
  listOverrides(schedule: ScheduleRef): Promise<ScheduleOverride[]>;
  /**
   * Lets a user cover the schedule for a time window; refused (403) to
   * anyone outside the schedule's owner, and (400, with the fields' problems)
   * for a window that ends before it starts or a user not in the catalog.
   */
  createOverride(
    schedule: ScheduleRef,
    override: ScheduleOverrideInput,
  ): Promise<ScheduleOverride>;
  /** Removes an override; refused (403) to anyone outside the schedule's owner. */
  deleteOverride(schedule: ScheduleRef, id: string): Promise<void>;

  // Phone numbers: search, buy and attach (on save), release (on delete).
  /** The countries Twilio sells numbers in, with the kinds it has in each. */
  listNumberCountries(): Promise<NumberCountry[]>;
  /**
   * Numbers to buy for the team in a country, of a kind, optionally with an
   * area code or digits they contain, each with its monthly price. Refused
   * (403) without `incoming-call.number.manage` on the team, (400, with
   * `error.problems`) for a bad country, kind, area code or digits, (502)
   * when Twilio fails, with its message.
   *
   * A number found is bought when the integration is saved with it as
   * `{ number, country, source: 'buy' }`; one the account has is attached
   * as `{ number, country, source: 'attach' }`. The save answers 403
   * without the permission, 409 past the caps of numbers (per team and for
   * the organisation), 422 when Twilio will not sell the number (its
   * message), and buys nothing then.
   */
  searchAvailableNumbers(
    team: TeamRef,
    query: AvailableNumberQuery,
  ): Promise<AvailableNumber[]>;
  /**
   * The numbers the Twilio account has, each with the team it routes to
   * already (if any); refused (403) without `incoming-call.number.manage`
   * on the team.
   */
  listOwnedNumbers(team: TeamRef): Promise<OwnedNumber[]>;
  /**
   * Deletes the team's integration: releases the numbers bought for it
   * (they stop being billed and can be bought by anyone), gives attached
   * ones back their previous voice settings. Refused (403) without
   * `incoming-call.number.manage` on the team when it holds numbers;
   * deleting one already gone answers empty lists.
   */
  deleteIntegration(team: TeamRef): Promise<IntegrationDeletion>;

  // Usage, cost and call analytics.
  /**
   * A month's usage and estimated cost (`month` as YYYY-MM, UTC) of the
   * team's numbers, or of the whole organisation without `team`; refused
   * (403) to anyone outside the team (the organisation's: see
   * `incoming-call.usage.organisation.read`), (400) for a bad month.
   */
  getUsage(query: UsageOptions): Promise<Usage>;
  /**
   * How the team's hotline (or the organisation's, without `team`)
   * performed from `from` to `to` (at most 366 days), by hour and weekday
   * in `timeZone` (UTC when unset); refused like `getUsage`.
   */
  getAnalytics(query: AnalyticsOptions): Promise<CallAnalytics>;

  // Forwarding of alert events.
  /**
   * How deliveries to each of the team's forwarding destinations go:
   * waiting, delivered, given up, the last error. Members of the team only
   * (403 otherwise); 404 when the team has no integration.
   */
  getForwardingStatus(team: TeamRef): Promise<ForwardingStatus>;

  // Outage mode: incidents and the status message.
  /** The team's open incidents (one per integration at most; counts only). */
  listOpenIncidents(team: TeamRef): Promise<OpenIncident[]>;
  /** The team's status message, switched on or off; undefined when it never had one. */
  getStatusMessage(team: TeamRef): Promise<StatusMessage | undefined>;
  /**
   * Sets the status message callers hear after the welcome and switches it
   * on; members of the team only (403 otherwise), 400 for a bad message.
   */
  switchOnStatusMessage(
    team: TeamRef,
    message: StatusMessageInput['message'],
  ): Promise<StatusMessage>;
  /** Switches the status message off, keeping its text; members only. */
  switchOffStatusMessage(team: TeamRef): Promise<StatusMessage | undefined>;

  // Outage mode: the line of waiting callers.
  /**
   * The callers waiting in the team's line (every team's without one), those
   * the user may read with their numbers; the busy and away responders.
   */
  getLine(team?: TeamRef): Promise<LineView>;
  /** The signed-in user stops taking calls from the line (until `until`, or the backend's default). */
  stopTakingCalls(until?: Date): Promise<void>;
  /** The signed-in user takes calls from the line again. */
  resumeTakingCalls(): Promise<void>;
}

/**
 * The incoming-call plugin's API: its frontend plugin provides it, other
 * plugins read it (the simulated phone network reads the dial plan).
 *
 * @public
 */
export const incomingCallApiRef = createApiRef<IncomingCallApi>({
  id: 'plugin.incoming-call.service',
});
