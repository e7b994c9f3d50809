import {
  defaultIntegrationConfig,
  type IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { FieldErrors } from './fieldErrors';
import { IncidentSection } from './IncidentSection';
import type { AudioLibrary } from './useAudioLibrary';

let latest: IntegrationConfig;

/** The section over a draft of its own, as the editor holds it. */
function Editor(props: { errors?: FieldErrors }) {
  const [config, setConfig] = useState<IntegrationConfig>(() =>
    defaultIntegrationConfig({
      ref: 'group:default/platform',
      title: 'Platform',
    }),
  );
  latest = config;
  return (
    <IncidentSection
      config={config}
      onChange={change => setConfig(change)}
      errors={props.errors ?? {}}
      disabled={false}
      audio={{} as AudioLibrary}
    />
  );
}

const help = () =>
  document.getElementById('incoming-call-incident-help')!.textContent;

describe('IncidentSection', () => {
  it('groups more than 10 calls in 5 minutes by default, and says what it does', async () => {
    render(<Editor />);
    expect(help()).toContain(
      'When more than 10 calls come in within 5 minutes, they are grouped under one incident alert',
    );
    await userEvent.clear(screen.getByLabelText('More than (calls)'));
    await userEvent.type(screen.getByLabelText('More than (calls)'), '20');
    await userEvent.clear(screen.getByLabelText('Within (minutes)'));
    await userEvent.type(screen.getByLabelText('Within (minutes)'), '2');
    expect(help()).toContain('more than 20 calls come in within 2 minutes');
    expect(latest.incident).toEqual({
      enabled: true,
      calls: 20,
      windowMinutes: 2,
    });

    await userEvent.click(screen.getByLabelText('Group a burst of calls'));
    expect(latest.incident.enabled).toBe(false);
    expect(screen.queryByLabelText('More than (calls)')).toBeNull();
    expect(help()).toContain('Every call is an alert of its own');
  });

  it('shows the message of a field at fault', () => {
    render(
      <Editor
        errors={{
          'incident.calls':
            'The number of calls must be between 2 and 1000 calls',
        }}
      />,
    );
    expect(
      screen.getByText('The number of calls must be between 2 and 1000 calls'),
    ).toBeInTheDocument();
  });
});
