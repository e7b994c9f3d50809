import type { Integration } from '@icr/plugin-incoming-call-common';
import { createContext, type ReactNode, useContext } from 'react';
import type { TeamRef } from '../api';

/**
 * What the Incoming calls tab shows panels added to it: its team, and the
 * integration as last saved (not the form being edited).
 *
 * @public
 */
export interface IncomingCallsTab {
  /** The team whose tab it is. */
  team: TeamRef;
  /** The team's integration as last saved; undefined when it has none. */
  integration?: Integration;
}

const IncomingCallsTabContext = createContext<IncomingCallsTab | undefined>(
  undefined,
);

/**
 * Gives the panels of an Incoming calls tab the tab they are on. The
 * incoming-call plugin's tab wraps its panels in it; a test of a panel can
 * too.
 *
 * @public
 */
export function IncomingCallsTabProvider(props: {
  value: IncomingCallsTab;
  children?: ReactNode;
}) {
  return (
    <IncomingCallsTabContext.Provider value={props.value}>
      {props.children}
    </IncomingCallsTabContext.Provider>
  );
}

/**
 * The Incoming calls tab a panel is shown on (see `IncomingCallsPanelBlueprint`,
 * or the `panels` of the incoming-call plugin's `EntityIncomingCallsContent`).
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
