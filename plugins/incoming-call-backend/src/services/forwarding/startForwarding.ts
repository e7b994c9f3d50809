import type {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import type { RoutingSnapshot } from '@icr/plugin-incoming-call-common';
import { readForwardingSettings } from '../../config/forwardingConfig';
import type { ForwardingOutbox } from '../../database/ForwardingOutbox';
import type { IntegrationStore } from '../../database/IntegrationStore';
import type { Clock } from '../../lib/clock';
import { AlertForwarder } from './AlertForwarder';
import { ForwardingSender } from './ForwardingSender';

/**
 * Starts forwarding alert events: the outbox task, on the Backstage
 * scheduler (global, so one replica runs it at a time; it survives
 * restarts because everything it works from is in the database).
 */
export async function startForwarding(deps: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  events: EventsService;
  outbox: ForwardingOutbox;
  integrations: IntegrationStore;
  catalog: { snapshot(): Promise<RoutingSnapshot> };
  clock: Clock;
}): Promise<AlertForwarder> {
  const settings = readForwardingSettings(deps.config);
  const forwarder = new AlertForwarder({
    ...deps,
    settings,
    sender: new ForwardingSender({
      events: deps.events,
      requestTimeoutMs: settings.requestTimeoutMs,
      now: () => deps.clock.now(),
    }),
  });
  await deps.scheduler.scheduleTask({
    id: 'incoming-call-forwarding',
    scope: 'global',
    frequency: { seconds: settings.pollIntervalSeconds },
    timeout: { minutes: 5 },
    fn: () => forwarder.run(),
  });
  return forwarder;
}
