import { render, renderHook, screen } from '@testing-library/react';
import {
  type IncomingCallsTab,
  IncomingCallsTabProvider,
  useIncomingCallsTab,
} from './IncomingCallsTab';

const tab: IncomingCallsTab = {
  team: { namespace: 'default', name: 'platform' },
};

function TeamName() {
  return <p>{useIncomingCallsTab().team.name}</p>;
}

describe('useIncomingCallsTab', () => {
  it('reads the tab its provider gives', () => {
    render(
      <IncomingCallsTabProvider value={tab}>
        <TeamName />
      </IncomingCallsTabProvider>,
    );

    expect(screen.getByText('platform')).toBeInTheDocument();
  });

  it('refuses to be used outside a panel of the tab', () => {
    jest.spyOn(console, 'error').mockImplementation(() => {});

    expect(() => renderHook(() => useIncomingCallsTab())).toThrow(
      'useIncomingCallsTab is only for panels of the Incoming calls tab',
    );
  });
});
