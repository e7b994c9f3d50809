import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  audioUsesOf,
  type IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import type { Router } from 'express';
import { z } from 'zod';
import type { AudioStore } from '../database/AudioStore';
import { checkAudioUpload } from '../domain/audio/checkAudioUpload';
import { readUpload } from './readUpload';
import type { IntegrationStore } from '../database/IntegrationStore';
import type { RouteHelpers } from './routeHelpers';
import { ValidationError, parseInput } from './validation';

const uploadQuerySchema = z.object({
  name: z
    .string({ message: 'Name the file: ?name=welcome.mp3' })
    .max(255, 'The file name is limited to 255 characters')
    // A browser may send a path; only the file name is kept.
    .transform(name => name.split(/[\\/]/).pop()!.trim())
    .pipe(z.string().min(1, 'Name the file: ?name=welcome.mp3')),
});

const joined = (items: string[]) =>
  items.length > 1
    ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
    : items[0];

/** A team's uploaded audio files: upload (raw body), list, delete. */
export function addAudioRoutes(
  router: Router,
  helpers: RouteHelpers,
  deps: {
    audio: AudioStore;
    integrations: IntegrationStore;
    maxUploadBytes: number;
  },
) {
  const { audio, integrations, maxUploadBytes } = deps;
  const { authorizeRead, authorizeTeamChange, teamFrom, isTeamMember } =
    helpers;

  // The list is for the team's members only.
  router.get('/teams/:namespace/:name/audio', async (req, res) => {
    await authorizeRead(req);
    const team = await teamFrom(req);
    if (!(await isTeamMember(req, team.ref))) {
      throw new NotAllowedError(
        `Only members of ${team.displayName} see its audio files`,
      );
    }
    res.json(await audio.listByTeam(team.ref));
  });

  router.post('/teams/:namespace/:name/audio', async (req, res) => {
    const team = await teamFrom(req);
    // Checked before the body is read: nobody else's upload is taken in.
    const credentials = await authorizeTeamChange(req, team.ref);
    const { name } = parseInput(uploadQuerySchema, req.query);
    const data = await readUpload(req, res, maxUploadBytes);
    const check = checkAudioUpload(name, data);
    if (!check.ok) throw new InputError(check.message);
    const created = await audio.create({
      teamRef: team.ref,
      name,
      format: check.format,
      data,
      createdBy: credentials.principal.userEntityRef,
    });
    res.status(201).json(created);
  });

  router.delete('/teams/:namespace/:name/audio/:id', async (req, res) => {
    const team = await teamFrom(req);
    await authorizeTeamChange(req, team.ref);
    const file = await audio.getOfTeam(team.ref, req.params.id);
    if (!file) {
      throw new NotFoundError(
        `${team.displayName} has no audio file ${req.params.id}`,
      );
    }
    const integration = await integrations.getByTeam(team.ref);
    const uses = integration
      ? audioUsesOf(integration.config).filter(u => u.audioId === file.id)
      : [];
    if (integration && uses.length > 0) {
      throw new ConflictError(
        `${file.name} is still played as ${joined(uses.map(u => u.as))} of ${
          integration.config.name
        }: choose something else there and save before deleting it`,
      );
    }
    await audio.delete(team.ref, file.id);
    res.status(204).end();
  });
}

/**
 * A config may only play the team's own uploads: each audio field names a
 * file the team has, or the save fails with a 400 for that field.
 */
export async function checkAudioReferences(
  audio: AudioStore,
  teamRef: string,
  config: IntegrationConfig,
): Promise<void> {
  const problems = [];
  for (const use of audioUsesOf(config)) {
    if (!(await audio.getOfTeam(teamRef, use.audioId))) {
      problems.push({
        path: use.path,
        message:
          "This audio file is not among the team's uploads: upload it, or choose another",
      });
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
}
