import type { Entity } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type {
  ScheduleOverride,
  TeamOnCall,
} from '@icr/plugin-incoming-call-common';
import {
  type IncomingCallApi,
  incomingCallApiRef,
} from '@icr/plugin-incoming-call-react';
import {
  configure,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import {
  mockIncomingCallApi,
  platformTeam,
  responseError,
} from '../../__testUtils__/renderForTeam';
import { ScheduleOverrides } from './ScheduleOverrides';

// Typing into MUI fields is slow on a loaded 2-core CI machine, so the
// states awaited get longer than the default second to appear.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });

const platform = { namespace: 'default', name: 'platform' };
const primary = { namespace: 'default', name: 'platform-primary' };

const teamOnCall: TeamOnCall = {
  teamRef: 'group:default/platform',
  at: '2026-03-10T10:00:00.000Z',
  routingTarget: null,
  plan: { tiers: [], skipped: [], voicemailOnly: false },
  schedules: [
    {
      scheduleRef: 'schedule:default/platform-primary',
      displayName: 'Platform primary',
      timeZone: 'America/New_York',
      layers: ['Weekly', 'Weekend nights'],
      at: '2026-03-10T10:00:00.000Z',
      onCall: [],
      plan: { tiers: [], skipped: [], voicemailOnly: false },
    },
  ],
};

const anasNight: ScheduleOverride = {
  id: 'o1',
  scheduleRef: 'schedule:default/platform-primary',
  userRef: 'user:default/ana',
  start: '2026-03-10T18:00:00.000Z',
  end: '2026-03-11T09:00:00.000Z',
  createdBy: 'user:default/ana',
};

const davesWeekend: ScheduleOverride = {
  id: 'o2',
  scheduleRef: 'schedule:default/platform-primary',
  userRef: 'user:default/dave',
  start: '2026-03-14T18:00:00.000Z',
  end: '2026-03-15T09:00:00.000Z',
  createdBy: 'user:default/ana',
  layer: 'Weekend nights',
};

const user = (name: string, displayName: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: { displayName } },
});

async function renderOverrides(
  implementation: Partial<jest.Mocked<IncomingCallApi>>,
) {
  const api = mockIncomingCallApi({
    getTeamOnCall: jest.fn().mockResolvedValue(teamOnCall),
    ...implementation,
  });
  const onChange = jest.fn();
  // Rendered before the test goes on: a render still pending when a test
  // ends would land in the next test's document.
  const rendered = await renderInTestApp(
    <TestApiProvider
      apis={[
        [incomingCallApiRef, api],
        [
          catalogApiRef,
          catalogApiMock({
            entities: [user('ana', 'Ana Alvarez'), user('dave', 'Dave Diaz')],
          }),
        ],
        [
          identityApiRef,
          mockApis.identity({ userEntityRef: 'user:default/ana' }),
        ],
      ]}
    >
      <EntityProvider entity={platformTeam}>
        <ScheduleOverrides
          team={platform}
          teamTitle="Platform"
          onChange={onChange}
        />
      </EntityProvider>
    </TestApiProvider>,
  );
  return { api, onChange, rendered };
}

const localTime = (iso: string) =>
  new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

describe('ScheduleOverrides', () => {
  it("lists each schedule's coming overrides with its time zone", async () => {
    const { api } = await renderOverrides({
      listOverrides: jest.fn().mockResolvedValue([anasNight]),
    });

    const list = await screen.findByRole('list', {
      name: 'Overrides of Platform primary',
    });
    expect(within(list).getAllByRole('listitem')[0]).toHaveTextContent(
      `ana${localTime(anasNight.start)} until ${localTime(anasNight.end)}`,
    );
    expect(
      screen.getByText('Platform primary (America/New_York)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        new RegExp(
          `Times are in your time zone, ${
            new Intl.DateTimeFormat().resolvedOptions().timeZone
          }`,
        ),
      ),
    ).toBeInTheDocument();
    expect(api.listOverrides).toHaveBeenCalledWith(primary);
  });

  it('lets me take over for a time window', async () => {
    const listOverrides = jest
      .fn()
      .mockResolvedValueOnce([])
      .mockResolvedValue([anasNight]);
    const { api, onChange } = await renderOverrides({
      listOverrides,
      createOverride: jest.fn().mockResolvedValue(anasNight),
    });
    expect(await screen.findByText('No overrides coming.')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Take over' }));
    const form = screen.getByRole('form', {
      name: 'Take over Platform primary',
    });
    fireEvent.change(within(form).getByLabelText('From'), {
      target: { value: '2026-03-10T19:00' },
    });
    fireEvent.change(within(form).getByLabelText('Until'), {
      target: { value: '2026-03-11T10:00' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Take over' }));

    await waitFor(() => expect(onChange).toHaveBeenCalled());
    expect(api.createOverride).toHaveBeenCalledWith(primary, {
      userRef: 'user:default/ana',
      // The fields are in the reader's time zone.
      start: new Date(2026, 2, 10, 19, 0).toISOString(),
      end: new Date(2026, 2, 11, 10, 0).toISOString(),
    });
    expect(
      await screen.findByRole('list', {
        name: 'Overrides of Platform primary',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });

  it('lets a user chosen from the catalog take over', async () => {
    const { api } = await renderOverrides({
      createOverride: jest.fn().mockResolvedValue(anasNight),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Take over' }));
    fireEvent.click(screen.getByLabelText('Someone else'));
    fireEvent.change(screen.getByLabelText('User'), {
      target: { value: 'Dave' },
    });
    fireEvent.click(await screen.findByRole('option', { name: 'Dave Diaz' }));
    const form = screen.getByRole('form');
    fireEvent.click(within(form).getByRole('button', { name: 'Take over' }));

    await waitFor(() => expect(api.createOverride).toHaveBeenCalled());
    expect(api.createOverride.mock.calls[0][1].userRef).toBe(
      'user:default/dave',
    );
  });

  it("shows the server's field problems and refusals on the form", async () => {
    const createOverride = jest
      .fn()
      .mockRejectedValueOnce(
        await responseError(400, {
          name: 'InputError',
          message: 'end: The end must be after the start',
          problems: [
            { path: 'end', message: 'The end must be after the start' },
          ],
        }),
      )
      .mockRejectedValueOnce(
        await responseError(403, {
          name: 'NotAllowedError',
          message: 'Only members of Platform may change its call routing',
        }),
      );
    await renderOverrides({ createOverride });
    fireEvent.click(await screen.findByRole('button', { name: 'Take over' }));
    const submit = within(screen.getByRole('form')).getByRole('button', {
      name: 'Take over',
    });

    fireEvent.click(submit);
    expect(
      await screen.findByText('The end must be after the start'),
    ).toBeInTheDocument();

    fireEvent.click(submit);
    expect(
      await screen.findByText(
        'Only members of Platform may change its call routing',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('The end must be after the start'),
    ).not.toBeInTheDocument();
  });

  it('deletes an override, and says when that is not allowed', async () => {
    const deleteOverride = jest
      .fn()
      .mockRejectedValueOnce(
        await responseError(403, {
          name: 'NotAllowedError',
          message: 'Only members of Platform may change its call routing',
        }),
      )
      .mockResolvedValue(undefined);
    const listOverrides = jest.fn().mockResolvedValue([anasNight]);
    const { onChange } = await renderOverrides({
      listOverrides,
      deleteOverride,
    });
    const deleteButton = await screen.findByRole('button', {
      name: /^Delete the override of ana/,
    });

    fireEvent.click(deleteButton);
    expect(
      await screen.findByText(
        'Only members of Platform may change its call routing',
      ),
    ).toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalled();

    listOverrides.mockResolvedValue([]);
    fireEvent.click(deleteButton);
    expect(await screen.findByText('No overrides coming.')).toBeInTheDocument();
    expect(deleteOverride).toHaveBeenLastCalledWith(primary, 'o1');
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('shows which layer each override replaces', async () => {
    await renderOverrides({
      listOverrides: jest.fn().mockResolvedValue([anasNight, davesWeekend]),
    });
    const list = await screen.findByRole('list', {
      name: 'Overrides of Platform primary',
    });
    const [ana, dave] = within(list).getAllByRole('listitem');
    expect(ana).toHaveTextContent('In place of the whole schedule');
    expect(dave).toHaveTextContent(
      `dave${localTime(davesWeekend.start)} until ${localTime(
        davesWeekend.end,
      )}In place of Weekend nights`,
    );
  });

  it('takes over the whole schedule or one of its layers', async () => {
    const { api } = await renderOverrides({
      createOverride: jest.fn().mockResolvedValue(davesWeekend),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Take over' }));
    const form = screen.getByRole('form', {
      name: 'Take over Platform primary',
    });
    const replaces = within(form).getByLabelText('Replaces');
    expect(
      within(replaces)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['Whole schedule', 'Weekly', 'Weekend nights']);
    expect(replaces).toHaveValue('');
    expect(
      within(form).getByText('Every layer: the only one on call'),
    ).toBeInTheDocument();

    fireEvent.change(replaces, { target: { value: 'Weekend nights' } });
    expect(
      within(form).getByText('Only this layer; the others stay on call'),
    ).toBeInTheDocument();
    fireEvent.click(within(form).getByRole('button', { name: 'Take over' }));

    await waitFor(() => expect(api.createOverride).toHaveBeenCalled());
    expect(api.createOverride.mock.calls[0][1]).toMatchObject({
      userRef: 'user:default/ana',
      layer: 'Weekend nights',
    });
  });

  it("shows the server's refusal of a layer next to the layer field", async () => {
    const message =
      'Platform primary has no layer "Weekend nights"; its layers are "Weekly"';
    await renderOverrides({
      createOverride: jest.fn().mockRejectedValue(
        await responseError(400, {
          name: 'InputError',
          message: `layer: ${message}`,
          problems: [{ path: 'layer', message }],
        }),
      ),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Take over' }));
    const form = screen.getByRole('form');
    fireEvent.change(within(form).getByLabelText('Replaces'), {
      target: { value: 'Weekend nights' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Take over' }));
    expect(await within(form).findByText(message)).toBeInTheDocument();
    expect(within(form).getByLabelText('Replaces')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });
});
