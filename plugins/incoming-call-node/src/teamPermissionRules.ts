import {
  createConditionExports,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { teamResourceRef } from './teamResource';

/**
 * Allows a user who is a member of the team or of a group above it.
 *
 * @public
 */
export const isTeamMember = createPermissionRule({
  name: 'IS_TEAM_MEMBER',
  description:
    'Allow members of the team, and of the groups above it, to act on its routing',
  resourceRef: teamResourceRef,
  paramsSchema: z.object({
    userRef: z.string().describe('The entity ref of the user asking'),
  }),
  apply: (team, { userRef }) => team.memberRefs.includes(userRef),
  toQuery: () => {
    throw new Error('Teams are not listed through permission queries');
  },
});

const exported = createConditionExports({
  resourceRef: teamResourceRef,
  rules: { isTeamMember },
});

/**
 * Conditions for a permission policy on the incoming-call team resource.
 *
 * @public
 */
export const teamPermissionConditions = exported.conditions;

/** @public */
export const createTeamConditionalDecision = exported.createConditionalDecision;
