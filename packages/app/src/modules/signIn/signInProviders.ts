import type { Config } from '@backstage/config';
import type { IdentityProviders } from '@backstage/core-components';
import { githubAuthApiRef } from '@backstage/frontend-plugin-api';

/** The providers the sign-in page can offer, by their name in config. */
const PROVIDERS = {
  guest: 'guest',
  github: {
    id: 'github-auth-provider',
    title: 'GitHub',
    message: 'Sign in with your GitHub account',
    apiRef: githubAuthApiRef,
  },
} satisfies Record<string, IdentityProviders[number]>;

/**
 * What the sign-in page offers: `app.signIn.providers` (the embedded
 * default names guest, production GitHub). A name it does not know is an
 * error at start rather than a button that cannot work.
 */
export function signInProviders(config: Config): IdentityProviders {
  const names = config.getOptionalStringArray('app.signIn.providers') ?? [
    'guest',
  ];
  return names.map(name => {
    if (!(name in PROVIDERS)) {
      throw new Error(
        `app.signIn.providers: unknown provider '${name}' (known: ${Object.keys(
          PROVIDERS,
        ).join(', ')})`,
      );
    }
    return PROVIDERS[name as keyof typeof PROVIDERS];
  });
}
