import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { BrowserPickupGrant } from '@icr/plugin-incoming-call-common';
import type {
  SimulatedCall,
  SimulatedMessage,
  TestCallInput,
  TestPhoneBehaviour,
} from '@icr/plugin-phone-network-sim-common';
import type { PhoneNetworkApi } from './PhoneNetworkApi';

/**
 * Talks to the phone-network backend plugin; `fetchApi` adds the user's
 * token.
 *
 * @public
 */
export class PhoneNetworkClient implements PhoneNetworkApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listTestCalls(
    options: { caller?: string } = {},
  ): Promise<SimulatedCall[] | undefined> {
    const query = options.caller
      ? `?${new URLSearchParams({ caller: options.caller })}`
      : '';
    const response = await this.fetch(`/calls${query}`);
    // The simulated network only exists when it is the phone provider.
    if (response.status === 404) {
      return undefined;
    }
    return this.json(response);
  }

  async listTestMessages(
    options: { to?: string } = {},
  ): Promise<SimulatedMessage[]> {
    const query = options.to
      ? `?${new URLSearchParams({ to: options.to })}`
      : '';
    return this.json(await this.fetch(`/messages${query}`));
  }

  async placeTestCall(input: TestCallInput): Promise<SimulatedCall> {
    return this.json(
      await this.fetch('/calls', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      }),
    );
  }

  async hangUpTestCall(sid: string): Promise<void> {
    await this.ok(
      await this.fetch(`/calls/${encodeURIComponent(sid)}/hangup`, {
        method: 'POST',
      }),
    );
  }

  async connectBrowserClient(
    params: BrowserPickupGrant['params'],
  ): Promise<SimulatedCall> {
    return this.json(
      await this.fetch('/clients/calls', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ params }),
      }),
    );
  }

  async pressTestCallKeys(sid: string, digits: string): Promise<void> {
    await this.ok(
      await this.fetch(`/calls/${encodeURIComponent(sid)}/press`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ digits }),
      }),
    );
  }

  async answerTestCall(sid: string): Promise<void> {
    await this.ok(
      await this.fetch(`/calls/${encodeURIComponent(sid)}/answer`, {
        method: 'POST',
      }),
    );
  }

  async listTestPhones(): Promise<Record<string, TestPhoneBehaviour>> {
    return this.json(await this.fetch('/phones'));
  }

  async setTestPhone(
    number: string,
    behaviour: TestPhoneBehaviour,
  ): Promise<void> {
    await this.ok(
      await this.fetch(`/phones/${encodeURIComponent(number)}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ behaviour }),
      }),
    );
  }

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('phone-network');
    return this.fetchApi.fetch(`${baseUrl}${path}`, init);
  }

  private async ok(response: Response): Promise<void> {
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
  }

  private async json<T>(response: Response): Promise<T> {
    await this.ok(response);
    return response.json();
  }
}
