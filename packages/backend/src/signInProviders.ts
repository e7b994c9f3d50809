import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import githubProvider from '@backstage/plugin-auth-backend-module-github-provider';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';

/**
 * The sign-in providers the configuration names, and no others: the guest
 * provider only where `auth.providers.guest` is set (the embedded default),
 * GitHub where `auth.providers.github` is (production). A production
 * config that unsets guest (`guest: null`) leaves no way in as a guest.
 */
export const signInProviders = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (config.has('auth.providers.guest')) yield guestProvider;
    if (config.has('auth.providers.github')) yield githubProvider;
  },
});
