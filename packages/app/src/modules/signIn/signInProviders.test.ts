import { ConfigReader } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import { resolve } from 'node:path';
import { signInProviders } from './signInProviders';

const repoRoot = resolve(__dirname, '../../../../..');

/** The repository's config files, merged as `backstage-cli` merges them. */
async function repoConfig(...files: string[]) {
  const config = await ConfigSources.toConfig(
    ConfigSources.default({
      rootDir: repoRoot,
      argv: files.flatMap(file => ['--config', resolve(repoRoot, file)]),
      substitutionFunc: async () => 'set',
    }),
  );
  config.close();
  return config;
}

const names = (providers: ReturnType<typeof signInProviders>) =>
  providers.map(p => (typeof p === 'string' ? p : p.id));

describe('the sign-in page', () => {
  it('offers guest sign-in in the embedded default', async () => {
    expect(names(signInProviders(await repoConfig('app-config.yaml')))).toEqual(
      ['guest'],
    );
  });

  it('offers GitHub and no guest with the production config', async () => {
    const config = await repoConfig(
      'app-config.yaml',
      'app-config.production.yaml',
    );
    expect(names(signInProviders(config))).toEqual(['github-auth-provider']);
  });

  it('refuses a provider it does not know', () => {
    expect(() =>
      signInProviders(
        new ConfigReader({ app: { signIn: { providers: ['gitlab'] } } }),
      ),
    ).toThrow("unknown provider 'gitlab'");
  });
});
