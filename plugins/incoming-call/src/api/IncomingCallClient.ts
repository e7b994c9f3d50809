import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  Alert,
  AlertEvent,
  AlertPage,
  AlertWithTimeline,
  AudioFile,
  AvailableNumber,
  AvailableNumberList,
  AvailableNumberQuery,
  BrowserPickupGrant,
  Integration,
  IntegrationConfig,
  IntegrationDeletion,
  IntegrationDialPlan,
  NumberCountry,
  NumberCountryList,
  OwnedNumber,
  OwnedNumberList,
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
import type {
  AlertActionResult,
  AlertListOptions,
  AlertSearchOptions,
  AnalyticsOptions,
  IncomingCallApi,
  UsageOptions,
  ScheduleRef,
  TeamRef,
} from '@icr/plugin-incoming-call-react';

/**
 * Talks to the incoming-call backend; `fetchApi` adds the user's token.
 *
 * @public
 */
export class IncomingCallClient implements IncomingCallApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getIntegration(team: TeamRef): Promise<Integration | undefined> {
    const response = await this.fetch(`${teamPath(team)}/integration`);
    // A team without an integration is a normal state, not a failure.
    if (response.status === 404) {
      return undefined;
    }
    return this.json(response);
  }

  async saveIntegration(
    team: TeamRef,
    config: IntegrationConfig,
    editedVersion: number,
  ): Promise<Integration> {
    const query = new URLSearchParams({ version: String(editedVersion) });
    return this.json(
      await this.fetch(`${teamPath(team)}/integration?${query}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(config),
      }),
    );
  }

  async listAudio(team: TeamRef): Promise<AudioFile[]> {
    return this.json(await this.fetch(`${teamPath(team)}/audio`));
  }

  async uploadAudio(team: TeamRef, file: File): Promise<AudioFile> {
    const query = new URLSearchParams({ name: file.name });
    return this.json(
      await this.fetch(`${teamPath(team)}/audio?${query}`, {
        method: 'POST',
        // The backend checks the content itself, whatever the browser guesses.
        headers: { 'Content-Type': 'application/octet-stream' },
        body: file,
      }),
    );
  }

  async deleteAudio(team: TeamRef, id: string): Promise<void> {
    await this.ok(
      await this.fetch(`${teamPath(team)}/audio/${encodeURIComponent(id)}`, {
        method: 'DELETE',
      }),
    );
  }

  async listAlerts(
    team: TeamRef,
    options: AlertListOptions = {},
  ): Promise<AlertPage> {
    return this.json(
      await this.fetch(`${teamPath(team)}/alerts${searchOf(options)}`),
    );
  }

  async searchAlerts(options: AlertSearchOptions = {}): Promise<AlertPage> {
    return this.json(await this.fetch(`/alerts${searchOf(options)}`));
  }

  async getAlert(id: string): Promise<AlertWithTimeline> {
    return this.json(await this.fetch(alertPath(id)));
  }

  acknowledgeAlert(id: string): Promise<AlertActionResult> {
    return this.alertAction(id, 'acknowledge');
  }

  closeAlert(id: string): Promise<AlertActionResult> {
    return this.alertAction(id, 'close');
  }

  reopenAlert(id: string): Promise<AlertActionResult> {
    return this.alertAction(id, 'reopen');
  }

  async addAlertNote(id: string, text: string): Promise<AlertEvent> {
    return this.json(
      await this.fetch(`${alertPath(id)}/notes`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text }),
      }),
    );
  }

  async getVoicemail(alertId: string): Promise<Blob> {
    const response = await this.fetch(`${alertPath(alertId)}/voicemail`);
    await this.ok(response);
    return response.blob();
  }

  async requestBrowserPickup(alertId: string): Promise<BrowserPickupGrant> {
    return this.json(
      await this.fetch(
        `/alerts/${encodeURIComponent(alertId)}/browser-pickup`,
        { method: 'POST' },
      ),
    );
  }

  async getTeamOnCall(team: TeamRef, at?: Date): Promise<TeamOnCall> {
    return this.json(
      await this.fetch(`${teamPath(team)}/on-call${atQuery(at)}`),
    );
  }

  async getDialPlan(
    team: TeamRef,
    at?: Date,
  ): Promise<IntegrationDialPlan | undefined> {
    const response = await this.fetch(
      `${teamPath(team)}/dial-plan${atQuery(at)}`,
    );
    // Without a saved integration there is nothing to plan yet.
    if (response.status === 404) {
      return undefined;
    }
    return this.json(response);
  }

  async listOverrides(schedule: ScheduleRef): Promise<ScheduleOverride[]> {
    return this.json(await this.fetch(`${schedulePath(schedule)}/overrides`));
  }

  async createOverride(
    schedule: ScheduleRef,
    override: ScheduleOverrideInput,
  ): Promise<ScheduleOverride> {
    return this.json(
      await this.fetch(`${schedulePath(schedule)}/overrides`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(override),
      }),
    );
  }

  async deleteOverride(schedule: ScheduleRef, id: string): Promise<void> {
    await this.ok(
      await this.fetch(
        `${schedulePath(schedule)}/overrides/${encodeURIComponent(id)}`,
        { method: 'DELETE' },
      ),
    );
  }

  // Phone numbers: search, buy and attach (on save), release (on delete).
  async listNumberCountries(): Promise<NumberCountry[]> {
    const list = await this.json<NumberCountryList>(
      await this.fetch('/numbers/countries'),
    );
    return list.countries;
  }

  async searchAvailableNumbers(
    team: TeamRef,
    query: AvailableNumberQuery,
  ): Promise<AvailableNumber[]> {
    // Only the filters that are set.
    const search = new URLSearchParams(
      Object.entries(query).filter(
        (entry): entry is [string, string] => !!entry[1],
      ),
    );
    const list = await this.json<AvailableNumberList>(
      await this.fetch(`${teamPath(team)}/numbers/available?${search}`),
    );
    return list.numbers;
  }

  async listOwnedNumbers(team: TeamRef): Promise<OwnedNumber[]> {
    const list = await this.json<OwnedNumberList>(
      await this.fetch(`${teamPath(team)}/numbers/owned`),
    );
    return list.numbers;
  }

  async deleteIntegration(team: TeamRef): Promise<IntegrationDeletion> {
    return this.json(
      await this.fetch(`${teamPath(team)}/integration`, { method: 'DELETE' }),
    );
  }

  // Usage, cost and call analytics.
  async getUsage({ month, team }: UsageOptions): Promise<Usage> {
    const query = new URLSearchParams({ month });
    if (team) query.set('team', groupRef(team));
    return this.json(await this.fetch(`/usage?${query}`));
  }

  async getAnalytics({
    from,
    to,
    team,
    timeZone,
  }: AnalyticsOptions): Promise<CallAnalytics> {
    const query = new URLSearchParams({
      from: from.toISOString(),
      to: to.toISOString(),
    });
    if (team) query.set('team', groupRef(team));
    if (timeZone) query.set('tz', timeZone);
    return this.json(await this.fetch(`/analytics?${query}`));
  }

  // Forwarding of alert events.
  async getForwardingStatus(team: TeamRef): Promise<ForwardingStatus> {
    return this.json(await this.fetch(`${teamPath(team)}/forwarding`));
  }

  // Outage mode: incidents and the status message.
  async listOpenIncidents(team: TeamRef): Promise<OpenIncident[]> {
    const { items } = await this.json<{ items: OpenIncident[] }>(
      await this.fetch(`${teamPath(team)}/incident`),
    );
    return items;
  }

  async getStatusMessage(team: TeamRef): Promise<StatusMessage | undefined> {
    const { statusMessage } = await this.json<{
      statusMessage: StatusMessage | null;
    }>(await this.fetch(`${teamPath(team)}/status-message`));
    return statusMessage ?? undefined;
  }

  async switchOnStatusMessage(
    team: TeamRef,
    message: StatusMessageInput['message'],
  ): Promise<StatusMessage> {
    const { statusMessage } = await this.json<{ statusMessage: StatusMessage }>(
      await this.fetch(`${teamPath(team)}/status-message`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ message }),
      }),
    );
    return statusMessage;
  }

  async switchOffStatusMessage(
    team: TeamRef,
  ): Promise<StatusMessage | undefined> {
    const { statusMessage } = await this.json<{
      statusMessage: StatusMessage | null;
    }>(
      await this.fetch(`${teamPath(team)}/status-message`, {
        method: 'DELETE',
      }),
    );
    return statusMessage ?? undefined;
  }

  /** A 409 is no failure: the alert already was that way, and says how it is. */
  async getLine(team?: TeamRef): Promise<LineView> {
    const query = team
      ? `?${new URLSearchParams({
          team: `group:${team.namespace}/${team.name}`,
        })}`
      : '';
    return this.json(await this.fetch(`/line${query}`));
  }

  async stopTakingCalls(until?: Date): Promise<void> {
    await this.ok(
      await this.fetch('/line/away', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(until ? { until: until.toISOString() } : {}),
      }),
    );
  }

  async resumeTakingCalls(): Promise<void> {
    await this.ok(await this.fetch('/line/away', { method: 'DELETE' }));
  }

  private async alertAction(
    id: string,
    action: 'acknowledge' | 'close' | 'reopen',
  ): Promise<AlertActionResult> {
    const response = await this.fetch(`${alertPath(id)}/${action}`, {
      method: 'POST',
    });
    if (response.status === 409) {
      const body: { error: { message: string }; alert: Alert } =
        await response.json();
      return { alert: body.alert, unchanged: body.error.message };
    }
    return { alert: await this.json<Alert>(response) };
  }

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('incoming-call');
    return this.fetchApi.fetch(`${baseUrl}${path}`, init);
  }

  private async ok(response: Response): Promise<void> {
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
  }

  private async json<T>(response: Response): Promise<T> {
    await this.ok(response);
    return response.json();
  }
}

function alertPath(id: string): string {
  return `/alerts/${encodeURIComponent(id)}`;
}

/** The query of a list or search: the options that are set. */
function searchOf(options: AlertSearchOptions): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && value !== '') {
      query.set(key, String(value));
    }
  }
  return query.toString() ? `?${query}` : '';
}

/** The team as the usage and analytics queries name it: its Group entity ref. */
function groupRef(team: TeamRef): string {
  return `group:${team.namespace}/${team.name}`;
}

function teamPath(team: TeamRef): string {
  return `/teams/${entityPath(team)}`;
}

function schedulePath(schedule: ScheduleRef): string {
  return `/schedules/${entityPath(schedule)}`;
}

function entityPath(entity: { namespace: string; name: string }): string {
  return `${encodeURIComponent(entity.namespace)}/${encodeURIComponent(
    entity.name,
  )}`;
}

/** Leaving `at` out lets the backend use its own clock. */
function atQuery(at: Date | undefined): string {
  return at ? `?${new URLSearchParams({ at: at.toISOString() })}` : '';
}
