import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AlertPage,
  AlertWithTimeline,
  Integration,
  IntegrationConfig,
} from '@icr/plugin-incoming-call-common';

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
 * Reads and changes a team's incoming call routing and reads its call alerts.
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
}

/** @public */
export const incomingCallApiRef = createApiRef<IncomingCallApi>({
  id: 'plugin.incoming-call.service',
});
