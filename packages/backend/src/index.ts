/*
 * The demo backend: only the Backstage plugins incoming call routing needs.
 */
import { createBackend } from '@backstage/backend-defaults';
import { signInProviders } from './signInProviders';
import { localMailSink } from './localMailSink';
import { incomingCallModulePhoneNetworkSim } from '@icr/plugin-phone-network-sim-backend';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
// Guest in the embedded default, a real provider in production.
backend.add(signInProviders);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// The Schedule and Escalation kinds, and checks of the phone annotations.
backend.add(import('@icr/plugin-catalog-backend-module-incoming-call'));

// Team routing may only be changed by the team's members (and those of the
// groups above it); everything else is allowed.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@icr/plugin-permission-backend-module-incoming-call'));

backend.add(import('@backstage/plugin-notifications-backend'));
// Incoming-call notifications by e-mail: the notifications e-mail processor,
// and in the embedded setup a local SMTP sink it mails to (.data/mail).
backend.add(import('@backstage/plugin-notifications-backend-module-email'));
backend.add(localMailSink);
backend.add(import('@backstage/plugin-signals-backend'));
// The events bus (in PostgreSQL): with several replicas, it carries each
// signal to the browsers connected to every one.
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@icr/plugin-incoming-call-backend'));
// No phone network can be reached from here: the simulated one stands in
// (with `incomingCall.simulatedNetwork: true`), with its test-call API.
backend.add(incomingCallModulePhoneNetworkSim);
backend.add(import('@icr/plugin-phone-network-sim-backend'));

backend.start();
