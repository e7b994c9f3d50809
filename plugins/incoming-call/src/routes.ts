import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The Alerts page: every team's call alerts the user may read. */
export const alertsRouteRef = createRouteRef({ id: 'incoming-call:alerts' });

/** One alert's own page, under the Alerts page. */
export const alertRouteRef = createSubRouteRef({
  id: 'incoming-call:alert',
  parent: alertsRouteRef,
  path: '/:id',
});
