import type { Integration } from '@icr/plugin-incoming-call-common';
import { createContext, useContext } from 'react';
import type { TeamRef } from '../../api';

/**
 * What the Incoming calls tab shows panels added to it: its team, and the
 * integration as last saved (not the form being edited).
 *
 * @public
 */
export interface IncomingCallsTab {
  team: TeamRef;
  integration?: Integration;
}

export const IncomingCallsTabContext = createContext<
  IncomingCallsTab | undefined
>(undefined);

/**
 * The Incoming calls tab a panel is shown on (see `IncomingCallsPanelBlueprint`,
 * or the children of `EntityIncomingCallsContent`).
 *
 * @public
 */
export function useIncomingCallsTab(): IncomingCallsTab {
  const tab = useContext(IncomingCallsTabContext);
  if (!tab) {
    throw new Error(
      'useIncomingCallsTab is only for panels of the Incoming calls tab',
    );
  }
  return tab;
}
