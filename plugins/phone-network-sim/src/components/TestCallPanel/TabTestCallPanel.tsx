import { useIncomingCallsTab } from '@icr/plugin-incoming-call-react';
import { TestCallPanel } from './TestCallPanel';

/** The test call panel on an Incoming calls tab: to the team's saved numbers. */
export function TabTestCallPanel() {
  const { integration } = useIncomingCallsTab();
  return (
    <TestCallPanel
      numbers={integration?.config.numbers.map(n => n.number) ?? []}
    />
  );
}
