import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigSources } from '@backstage/config-loader';
import { resolve } from 'node:path';
import authPlugin from '@backstage/plugin-auth-backend';
import request from 'supertest';
import { signInProviders } from './signInProviders';

const repoRoot = resolve(__dirname, '../../..');

/** The repository's config files, merged as `backstage-cli` merges them. */
async function repoConfig(...files: string[]) {
  const env: Record<string, string> = {
    AUTH_GITHUB_CLIENT_ID: 'test-client-id',
    AUTH_GITHUB_CLIENT_SECRET: 'test-client-secret',
  };
  const config = await ConfigSources.toConfig(
    ConfigSources.default({
      rootDir: repoRoot,
      argv: files.flatMap(file => ['--config', resolve(repoRoot, file)]),
      substitutionFunc: async name => env[name],
    }),
  );
  config.close();
  return config.get<Record<string, any>>();
}

/** A real auth backend with the demo's sign-in providers, on `data`. */
async function authBackend(data: Record<string, any>) {
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      signInProviders,
      mockServices.rootConfig.factory({
        data: {
          ...data,
          // Sign-in is what is tested: the rest of the backend is local.
          backend: {
            baseUrl: 'http://localhost:0',
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
        },
      }),
    ],
  });
  return server;
}

describe('sign-in providers', () => {
  const originalNodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = originalNodeEnv;
  });

  it('let a guest in with the embedded default config', async () => {
    const data = await repoConfig('app-config.yaml');
    expect(data.auth.providers.guest).toBeDefined();
    const server = await authBackend(data);
    const res = await request(server).get('/api/auth/guest/refresh');
    expect(res.status).toBe(200);
    expect(res.body.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/ana',
    );
  });

  it('offer no guest sign-in with the production config merged on top', async () => {
    const data = await repoConfig(
      'app-config.yaml',
      'app-config.production.yaml',
    );
    expect(data.auth.providers.guest).toBeUndefined();
    expect(data.auth.providers.github.production.clientId).toBe(
      'test-client-id',
    );
    expect(data.app.signIn.providers).toEqual(['github']);

    process.env.NODE_ENV = 'production';
    const server = await authBackend(data);
    const guest = await request(server).get('/api/auth/guest/refresh');
    expect(guest.status).toBe(404);
    expect(guest.body.error?.message ?? '').toMatch(/guest/);
    const github = await request(server).get(
      '/api/auth/github/start?env=production',
    );
    // GitHub's OAuth flow starts with a redirect to GitHub.
    expect(github.status).toBe(302);
    expect(github.headers.location).toContain('client_id=test-client-id');
  });
});
