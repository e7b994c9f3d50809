import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AlertPage,
  AlertWithTimeline,
  DialPlan,
  Integration,
  IntegrationConfig,
  TeamOnCall,
} from '@icr/plugin-incoming-call-common';
import type { SimulatedCall, TestCallInput } from './SimulatedCall';

/**
 * A team, named by its Group entity's namespace and name.
 *
 * @public
 */
export interface TeamRef {
  namespace: string;
  name: string;
}

/** @public */
export interface AlertListOptions {
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/**
 * Reads and changes a team's incoming call routing, previews who a call
 * would ring, reads its call alerts and places test calls on the simulated
 * phone network.
 *
 * @public
 */
export interface IncomingCallApi {
  /** The team's integration, or undefined when the team has none yet. */
  getIntegration(team: TeamRef): Promise<Integration | undefined>;
  saveIntegration(
    team: TeamRef,
    config: IntegrationConfig,
  ): Promise<Integration>;
  /** One page of the team's alerts, newest first. */
  listAlerts(team: TeamRef, options?: AlertListOptions): Promise<AlertPage>;
  getAlert(id: string): Promise<AlertWithTimeline>;
  /** Who is on call for the team's schedules at `at` (default now). */
  getTeamOnCall(team: TeamRef, at?: Date): Promise<TeamOnCall>;
  /**
   * Who a call to the team's saved integration would ring at `at` (default
   * now), or undefined when the team has no integration yet.
   */
  getDialPlan(team: TeamRef, at?: Date): Promise<DialPlan | undefined>;
  /**
   * The calls on the simulated phone network, or undefined when the backend
   * uses a real phone provider instead.
   */
  listTestCalls(): Promise<SimulatedCall[] | undefined>;
  /** Places a call on the simulated network; resolves to the caller's call. */
  placeTestCall(input: TestCallInput): Promise<SimulatedCall>;
  hangUpTestCall(sid: string): Promise<void>;
}

/** @public */
export const incomingCallApiRef = createApiRef<IncomingCallApi>({
  id: 'plugin.incoming-call.service',
});
