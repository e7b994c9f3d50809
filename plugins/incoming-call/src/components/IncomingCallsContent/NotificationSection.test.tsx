import {
  defaultIntegrationConfig,
  type IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { NotificationSection } from './NotificationSection';
import type { AudioLibrary } from './useAudioLibrary';

/** The section over a draft of its own, as the editor holds it. */
function Editor() {
  const [config, setConfig] = useState<IntegrationConfig>(() => ({
    ...defaultIntegrationConfig({
      ref: 'group:default/platform',
      title: 'Platform',
    }),
    voicemail: { enabled: false, prompt: null },
  }));
  return (
    <NotificationSection
      config={config}
      onChange={change => setConfig(change)}
      errors={{}}
      disabled={false}
      audio={{} as AudioLibrary}
    />
  );
}

describe('NotificationSection', () => {
  it('says what each notification mode does', async () => {
    render(<Editor />);
    const help = () =>
      document.getElementById('incoming-call-notification-help')!.textContent;
    expect(help()).toContain(
      'The people the call is routed to are notified as it comes in',
    );
    expect(help()).toContain('until the alert is acknowledged or closed');

    await userEvent.selectOptions(
      screen.getByLabelText('Notify the team'),
      'delayed',
    );
    expect(help()).toContain(
      'Nobody is notified if the call is answered within 5 minutes of its arrival',
    );
    await userEvent.clear(screen.getByLabelText('Delay (minutes)'));
    await userEvent.type(screen.getByLabelText('Delay (minutes)'), '12');
    expect(help()).toContain('answered within 12 minutes');

    await userEvent.selectOptions(
      screen.getByLabelText('Notify the team'),
      'voicemail',
    );
    expect(help()).toContain('when the caller leaves a voicemail');
  });
});
