import { ResponseError } from '@backstage/errors';
import { PhoneNetworkClient } from './PhoneNetworkClient';

const phoneNetworkUrl = 'http://localhost:7007/api/phone-network';

function clientAnswering(status: number, body: unknown) {
  const fetch = jest.fn<Promise<Response>, Parameters<typeof globalThis.fetch>>(
    async () =>
      // A 204 answer may not have a body.
      new Response(status === 204 ? null : JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      }),
  );
  const client = new PhoneNetworkClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `http://localhost:7007/api/${pluginId}`,
    },
    fetchApi: { fetch },
  });
  return { client, fetch };
}

describe('PhoneNetworkClient', () => {
  it('lists the simulated network calls', async () => {
    const calls = [{ sid: 'CA1', heard: [] }];
    const { client, fetch } = clientAnswering(200, calls);

    await expect(client.listTestCalls()).resolves.toEqual(calls);
    expect(fetch).toHaveBeenCalledWith(`${phoneNetworkUrl}/calls`, undefined);
  });

  it("lists one caller's parties", async () => {
    const { client, fetch } = clientAnswering(200, []);

    await expect(client.listTestCalls({ caller: 'CA 1' })).resolves.toEqual([]);
    expect(fetch).toHaveBeenCalledWith(
      `${phoneNetworkUrl}/calls?caller=CA+1`,
      undefined,
    );
  });

  it('lists the text messages, all or those to one number', async () => {
    const messages = [{ sid: 'SM1', to: '+14155550101', body: 'Hi' }];
    const { client, fetch } = clientAnswering(200, messages);

    await expect(client.listTestMessages()).resolves.toEqual(messages);
    expect(fetch).toHaveBeenCalledWith(
      `${phoneNetworkUrl}/messages`,
      undefined,
    );
    await client.listTestMessages({ to: '+14155550101' });
    expect(fetch).toHaveBeenLastCalledWith(
      `${phoneNetworkUrl}/messages?to=%2B14155550101`,
      undefined,
    );
  });

  it('reads a backend without the simulated network as undefined', async () => {
    const { client } = clientAnswering(404, {
      error: { name: 'NotFoundError', message: 'no such plugin' },
    });

    await expect(client.listTestCalls()).resolves.toBeUndefined();
  });

  it('places a test call', async () => {
    const call = { sid: 'CA1', status: 'ringing', heard: [] };
    const { client, fetch } = clientAnswering(201, call);
    const input = {
      from: '+4930555000',
      to: '+14155550100',
      keys: ['1'],
      voicemailSeconds: 10,
    };

    await expect(client.placeTestCall(input)).resolves.toEqual(call);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${phoneNetworkUrl}/calls`);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual(input);
  });

  it('hangs up a test call', async () => {
    const { client, fetch } = clientAnswering(204, undefined);

    await client.hangUpTestCall('CA/1');

    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${phoneNetworkUrl}/calls/CA%2F1/hangup`);
    expect(init?.method).toBe('POST');
  });

  it('presses keys and answers on a test call', async () => {
    const { client, fetch } = clientAnswering(200, { gathered: true });

    await client.pressTestCallKeys('CA1', '1#');
    await client.answerTestCall('CA/2');

    const [pressUrl, pressInit] = fetch.mock.calls[0];
    expect(pressUrl).toBe(`${phoneNetworkUrl}/calls/CA1/press`);
    expect(pressInit?.method).toBe('POST');
    expect(JSON.parse(String(pressInit?.body))).toEqual({ digits: '1#' });
    expect(fetch.mock.calls[1][0]).toBe(
      `${phoneNetworkUrl}/calls/CA%2F2/answer`,
    );
  });

  it('reads and sets how responder phones behave', async () => {
    const { client, fetch } = clientAnswering(200, { '+14155550101': 'busy' });

    await expect(client.listTestPhones()).resolves.toEqual({
      '+14155550101': 'busy',
    });
    await client.setTestPhone('+14155550101', 'voicemail-box');

    expect(fetch.mock.calls[0][0]).toBe(`${phoneNetworkUrl}/phones`);
    const [url, init] = fetch.mock.calls[1];
    expect(url).toBe(`${phoneNetworkUrl}/phones/%2B14155550101`);
    expect(init?.method).toBe('PUT');
    expect(JSON.parse(String(init?.body))).toEqual({
      behaviour: 'voicemail-box',
    });
  });

  it('throws a ResponseError when the network refuses a test call', async () => {
    const { client } = clientAnswering(400, {
      error: { name: 'InputError', message: 'to is not a number' },
      response: { statusCode: 400 },
    });

    const error = await client
      .placeTestCall({ from: '+4930555000', to: 'x' })
      .catch(e => e);

    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(400);
  });

  it('calls in from the browser as a client of the simulated network', async () => {
    const call = { sid: 'CA1', status: 'in-progress', heard: [] };
    const { client, fetch } = clientAnswering(201, call);

    await expect(client.connectBrowserClient({ alert: 'a1' })).resolves.toEqual(
      call,
    );
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${phoneNetworkUrl}/clients/calls`);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({
      params: { alert: 'a1' },
    });
  });
});
