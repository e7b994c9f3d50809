import { integrationConfigSchema } from '@icr/plugin-incoming-call-common';
import type { Router } from 'express';
import type { AudioStore } from '../database/AudioStore';
import type { IntegrationStore } from '../database/IntegrationStore';
import { checkAudioReferences } from './audioRoutes';
import type { RouteHelpers } from './routeHelpers';
import { parseInput } from './validation';

/** A team's integration: read and save. */
export function addIntegrationRoutes(
  router: Router,
  helpers: RouteHelpers,
  deps: { integrations: IntegrationStore; audio: AudioStore },
) {
  const { integrations, audio } = deps;

  router.get('/teams/:namespace/:name/integration', async (req, res) => {
    await helpers.authorizeRead(req);
    const team = await helpers.teamFrom(req);
    res.json(await helpers.integrationOf(team.ref));
  });

  router.put('/teams/:namespace/:name/integration', async (req, res) => {
    const team = await helpers.teamFrom(req);
    const credentials = await helpers.authorizeTeamChange(req, team.ref);
    const config = parseInput(integrationConfigSchema, req.body);
    await checkAudioReferences(audio, team.ref, config);
    const integration = await integrations.save({
      teamRef: team.ref,
      config,
      updatedBy: credentials.principal.userEntityRef,
    });
    res.json(integration);
  });
}
