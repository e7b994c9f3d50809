import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { UsageRollups } from '../../database/UsageRollups';
import type { Clock } from '../../lib/clock';

/**
 * How often the changes logged since the last fold go into the rollups.
 * The reads are exact whenever it runs (they add what is not folded); it
 * only bounds how many logged rows they read.
 */
export const ROLLUP_FOLD_SECONDS = 60;

/**
 * Folds the usage and analytics change log into the rollups, on the
 * Backstage scheduler (global: one replica at a time, and the fold is safe
 * even when two overlap).
 */
export async function startUsageRollups(deps: {
  rollups: UsageRollups;
  scheduler: SchedulerService;
  logger: LoggerService;
  clock: Clock;
}): Promise<void> {
  await deps.scheduler.scheduleTask({
    id: 'incoming-call-usage-rollups',
    scope: 'global',
    frequency: { seconds: ROLLUP_FOLD_SECONDS },
    timeout: { minutes: 5 },
    fn: async () => {
      const folded = await deps.rollups.fold(deps.clock.now());
      if (folded > 0) {
        deps.logger.debug(`Folded ${folded} usage changes into the rollups`);
      }
    },
  });
}
