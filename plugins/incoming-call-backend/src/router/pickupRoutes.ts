import type { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  browserIdentity,
  type BrowserPickupGrant,
} from '@icr/plugin-incoming-call-common';
import type { Router } from 'express';
import { mayTakeCall } from '../domain/pickup/browserPickup';
import type { BrowserTokens } from '../twilio/BrowserTokens';
import type { CallStore } from '../database/CallStore';
import type { IntegrationStore } from '../database/IntegrationStore';
import type { RouteHelpers } from './routeHelpers';

/** How browsers connect: real Twilio (with tokens), the simulator, or not at all. */
export type BrowserPickupProvider =
  | { kind: 'twilio'; tokens: BrowserTokens }
  | { kind: 'simulated-network' }
  | { kind: 'unavailable'; why: string };

/** Taking a waiting call in the browser, from its alert. */
export function addPickupRoutes(
  router: Router,
  helpers: RouteHelpers,
  deps: {
    calls: CallStore;
    httpAuth: HttpAuthService;
    integrations: IntegrationStore;
    provider: BrowserPickupProvider;
  },
) {
  const { calls, httpAuth, integrations, provider } = deps;

  router.post('/alerts/:id/browser-pickup', async (req, res) => {
    // Taking the call acts on the alert (it acknowledges it): the alert
    // update permission, as for acknowledging by hand (404 without one).
    await helpers.authorizeAlert(req, req.params.id, 'update');
    const { principal } = await httpAuth.credentials(req, { allow: ['user'] });
    if (provider.kind === 'unavailable') {
      throw new ServiceUnavailableError(provider.why);
    }
    const session = await calls.getByAlert(req.params.id);
    const integration =
      session && (await integrations.getById(session.integrationId));
    if (!session || !integration) {
      throw new NotFoundError(`Alert ${req.params.id} has no call to take`);
    }
    if (session.flow.state !== 'queued') {
      throw new ConflictError(
        'The caller is no longer waiting for a responder',
      );
    }
    const userRef = principal.userEntityRef;
    const user = await helpers.find(s => s.users.get(userRef));
    const plannedUsers = session.flow.plan.map(s => s.userRef);
    if (!user || !mayTakeCall(user, integration.teamRef, plannedUsers)) {
      throw new NotAllowedError(
        `Only members of ${session.context.teamName} and the responders this call rings may take it`,
      );
    }
    const identity = browserIdentity(userRef);
    const grant: BrowserPickupGrant = {
      provider: provider.kind,
      identity,
      params: { alert: req.params.id },
      ...(provider.kind === 'twilio' && {
        token: provider.tokens.mint(identity),
      }),
    };
    res.json(grant);
  });
}
