import { ResponseError } from '@backstage/errors';
import { defaultIntegrationConfig } from '@icr/plugin-incoming-call-common';
import { IncomingCallClient } from './IncomingCallClient';

const team = { namespace: 'default', name: 'platform' };
const baseUrl = 'http://localhost:7007/api/incoming-call';

function clientAnswering(status: number, body: unknown) {
  const fetch = jest.fn<Promise<Response>, Parameters<typeof globalThis.fetch>>(
    async () =>
      // A 204 answer may not have a body.
      new Response(status === 204 ? null : JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      }),
  );
  const client = new IncomingCallClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `http://localhost:7007/api/${pluginId}`,
    },
    fetchApi: { fetch },
  });
  return { client, fetch };
}

describe('IncomingCallClient', () => {
  it('reads a team without an integration as undefined', async () => {
    const { client, fetch } = clientAnswering(404, {
      error: { name: 'NotFoundError', message: 'no integration yet' },
    });

    await expect(client.getIntegration(team)).resolves.toBeUndefined();
    expect(fetch).toHaveBeenCalledWith(
      `${baseUrl}/teams/default/platform/integration`,
      undefined,
    );
  });

  it('puts the config as JSON with the version it edited, and throws a ResponseError carrying the problems', async () => {
    const problems = [{ path: 'welcome.text', message: 'Too long' }];
    const { client, fetch } = clientAnswering(400, {
      error: {
        name: 'InputError',
        message: 'welcome.text: Too long',
        problems,
      },
      response: { statusCode: 400 },
    });
    const config = defaultIntegrationConfig({
      ref: 'group:default/platform',
      title: 'Platform',
    });

    const error = await client.saveIntegration(team, config, 3).catch(e => e);

    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(400);
    expect(error.body.error.problems).toEqual(problems);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${baseUrl}/teams/default/platform/integration?version=3`);
    expect(init?.method).toBe('PUT');
    expect(JSON.parse(String(init?.body))).toEqual(config);
  });

  it('pages alerts with a limit and cursor', async () => {
    const { client, fetch } = clientAnswering(200, { items: [] });

    await client.listAlerts(team, { limit: 20, cursor: 'abc/=' });

    expect(fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/teams/default/platform/alerts?limit=20&cursor=abc%2F%3D`,
    );
  });

  it('reads one alert with its timeline', async () => {
    const { client, fetch } = clientAnswering(200, { id: 'a1', events: [] });

    await expect(client.getAlert('a1')).resolves.toEqual({
      id: 'a1',
      events: [],
    });
    expect(fetch.mock.calls[0][0]).toBe(`${baseUrl}/alerts/a1`);
  });

  it('searches alerts across teams with the filters that are set', async () => {
    const { client, fetch } = clientAnswering(200, { items: [] });

    await client.searchAlerts({
      team: 'group:default/platform',
      status: 'open',
      caller: '+4930',
      outcome: undefined,
      limit: 20,
    });

    expect(fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/alerts?team=group%3Adefault%2Fplatform&status=open&caller=%2B4930&limit=20`,
    );
  });

  it('acknowledges, closes and reopens an alert', async () => {
    const alert = { id: 'a1', status: 'acknowledged' };
    const { client, fetch } = clientAnswering(200, alert);

    await expect(client.acknowledgeAlert('a1')).resolves.toEqual({ alert });
    await client.closeAlert('a1');
    await client.reopenAlert('a1');

    expect(fetch.mock.calls.map(([url, init]) => [url, init?.method])).toEqual([
      [`${baseUrl}/alerts/a1/acknowledge`, 'POST'],
      [`${baseUrl}/alerts/a1/close`, 'POST'],
      [`${baseUrl}/alerts/a1/reopen`, 'POST'],
    ]);
  });

  it('reads a 409 to an action as nothing changed, with the current alert', async () => {
    const alert = { id: 'a1', status: 'acknowledged' };
    const { client } = clientAnswering(409, {
      error: {
        name: 'ConflictError',
        message: 'The alert is already acknowledged',
      },
      alert,
    });

    await expect(client.acknowledgeAlert('a1')).resolves.toEqual({
      alert,
      unchanged: 'The alert is already acknowledged',
    });
  });

  it('throws the refusal of an action', async () => {
    const { client } = clientAnswering(403, {
      error: { name: 'NotAllowedError', message: 'Not allowed' },
      response: { statusCode: 403 },
    });

    const error = await client.closeAlert('a1').catch(e => e);

    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(403);
  });

  it('adds a note as JSON', async () => {
    const note = { id: 'e1', type: 'note', message: 'Called back' };
    const { client, fetch } = clientAnswering(201, note);

    await expect(client.addAlertNote('a1', 'Called back')).resolves.toEqual(
      note,
    );
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${baseUrl}/alerts/a1/notes`);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ text: 'Called back' });
  });

  it("reads an alert's voicemail as audio with the user's token", async () => {
    const fetch = jest.fn(
      async () =>
        new Response(new Uint8Array([82, 73, 70, 70]), {
          status: 200,
          headers: { 'Content-Type': 'audio/wav' },
        }),
    );
    const client = new IncomingCallClient({
      discoveryApi: { getBaseUrl: async () => baseUrl },
      fetchApi: { fetch },
    });

    const audio = await client.getVoicemail('a1');

    expect(audio.size).toBe(4);
    expect(fetch).toHaveBeenCalledWith(
      `${baseUrl}/alerts/a1/voicemail`,
      undefined,
    );
  });

  it('reads who is on call now, or at a given instant', async () => {
    const onCall = { teamRef: 'group:default/platform', schedules: [] };
    const { client, fetch } = clientAnswering(200, onCall);

    await expect(client.getTeamOnCall(team)).resolves.toEqual(onCall);
    await client.getTeamOnCall(team, new Date('2024-05-02T10:00:00+02:00'));

    expect(fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/teams/default/platform/on-call`,
    );
    expect(fetch.mock.calls[1][0]).toBe(
      `${baseUrl}/teams/default/platform/on-call?at=2024-05-02T08%3A00%3A00.000Z`,
    );
  });

  it('reads the dial plan at an instant', async () => {
    const plan = { tiers: [], skipped: [], voicemailOnly: true };
    const { client, fetch } = clientAnswering(200, plan);

    await expect(
      client.getDialPlan(team, new Date('2024-05-02T08:00:00Z')),
    ).resolves.toEqual(plan);
    expect(fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/teams/default/platform/dial-plan?at=2024-05-02T08%3A00%3A00.000Z`,
    );
  });

  it('reads the dial plan of a team without an integration as undefined', async () => {
    const { client } = clientAnswering(404, {
      error: { name: 'NotFoundError', message: 'no integration yet' },
    });

    await expect(client.getDialPlan(team)).resolves.toBeUndefined();
  });

  it('lists the team audio files', async () => {
    const files = [{ id: 'a1', name: 'welcome.mp3' }];
    const { client, fetch } = clientAnswering(200, files);

    await expect(client.listAudio(team)).resolves.toEqual(files);
    expect(fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/teams/default/platform/audio`,
    );
  });

  it('uploads an audio file as the raw body, named in the query', async () => {
    const stored = { id: 'a1', name: 'hold music.mp3', format: 'mp3' };
    const { client, fetch } = clientAnswering(201, stored);
    const file = new File(
      [new Uint8Array([0x49, 0x44, 0x33])],
      'hold music.mp3',
    );

    await expect(client.uploadAudio(team, file)).resolves.toEqual(stored);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(
      `${baseUrl}/teams/default/platform/audio?name=hold+music.mp3`,
    );
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe(file);
    expect(init?.headers).toEqual({
      'Content-Type': 'application/octet-stream',
    });
  });

  it('throws the refusal of an upload with the server message', async () => {
    const { client } = clientAnswering(413, {
      error: {
        name: 'UploadTooLargeError',
        message: 'Audio uploads are limited to 5 MiB; this file is 6 MiB',
      },
      response: { statusCode: 413 },
    });

    const error = await client
      .uploadAudio(team, new File(['x'], 'big.wav'))
      .catch(e => e);

    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(413);
    expect(error.cause.message).toBe(
      'Audio uploads are limited to 5 MiB; this file is 6 MiB',
    );
  });

  it('deletes an audio file', async () => {
    const { client, fetch } = clientAnswering(204, undefined);

    await client.deleteAudio(team, 'a/1');

    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${baseUrl}/teams/default/platform/audio/a%2F1`);
    expect(init?.method).toBe('DELETE');
  });

  it("lists, creates and deletes a schedule's overrides", async () => {
    const schedule = { namespace: 'default', name: 'platform-primary' };
    const path = `${baseUrl}/schedules/default/platform-primary/overrides`;
    const override = {
      userRef: 'user:default/ana',
      start: '2026-03-10T18:00:00+01:00',
      end: '2026-03-11T09:00:00+01:00',
    };
    const created = clientAnswering(201, { id: 'o1', ...override });

    await expect(
      created.client.createOverride(schedule, override),
    ).resolves.toMatchObject({ id: 'o1' });
    const [url, init] = created.fetch.mock.calls[0];
    expect(url).toBe(path);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual(override);

    const listed = clientAnswering(200, []);
    await expect(listed.client.listOverrides(schedule)).resolves.toEqual([]);
    expect(listed.fetch).toHaveBeenCalledWith(path, undefined);

    const deleted = clientAnswering(204, undefined);
    await deleted.client.deleteOverride(schedule, 'o/1');
    expect(deleted.fetch.mock.calls[0][0]).toBe(`${path}/o%2F1`);
    expect(deleted.fetch.mock.calls[0][1]?.method).toBe('DELETE');
  });

  it('throws a ResponseError for a bad instant', async () => {
    const { client } = clientAnswering(400, {
      error: { name: 'InputError', message: 'at is a date and time' },
      response: { statusCode: 400 },
    });

    const error = await client.getDialPlan(team).catch(e => e);

    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(400);
  });

  it('asks to take a call in the browser', async () => {
    const grant = {
      provider: 'simulated-network',
      identity: 'user_default_ana',
      params: { alert: 'a/1' },
    };
    const { client, fetch } = clientAnswering(200, grant);

    await expect(client.requestBrowserPickup('a/1')).resolves.toEqual(grant);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${baseUrl}/alerts/a%2F1/browser-pickup`);
    expect(init?.method).toBe('POST');
  });

  it('throws the refusal of a browser pickup with the server message', async () => {
    const { client } = clientAnswering(409, {
      error: {
        name: 'ConflictError',
        message: 'The caller is no longer waiting for a responder',
      },
      response: { statusCode: 409 },
    });

    const error = await client.requestBrowserPickup('a1').catch(e => e);

    expect(ResponseError.is(error)).toBe(true);
    expect(error.cause.message).toBe(
      'The caller is no longer waiting for a responder',
    );
  });

  it("reads the line, every team's or one team's", async () => {
    const view = {
      teams: [],
      responders: [],
      you: { userRef: 'user:default/ana' },
    };
    const { client, fetch } = clientAnswering(200, view);

    await expect(client.getLine()).resolves.toEqual(view);
    await client.getLine(team);

    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      `${baseUrl}/line`,
      `${baseUrl}/line?team=group%3Adefault%2Fplatform`,
    ]);
  });

  it('stops taking calls (until a time, or the default) and resumes', async () => {
    const { client, fetch } = clientAnswering(204, undefined);

    await client.stopTakingCalls(new Date('2030-01-01T10:00:00Z'));
    await client.stopTakingCalls();
    await client.resumeTakingCalls();

    expect(
      fetch.mock.calls.map(([url, init]) => [url, init?.method, init?.body]),
    ).toEqual([
      [`${baseUrl}/line/away`, 'PUT', '{"until":"2030-01-01T10:00:00.000Z"}'],
      [`${baseUrl}/line/away`, 'PUT', '{}'],
      [`${baseUrl}/line/away`, 'DELETE', undefined],
    ]);
  });
});
