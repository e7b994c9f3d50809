import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

// Other features (org, notifications, incoming-call, the simulated phone
// network's phone-network) are discovered from
// this package's dependencies through `app.packages: all` in app-config.
export default createApp({
  features: [catalogPlugin, navModule, signInModule],
});
