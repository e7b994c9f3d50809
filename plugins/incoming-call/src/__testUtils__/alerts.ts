import type { Alert, AlertEvent } from '@icr/plugin-incoming-call-common';

/** A Platform call alert; `overrides` say what is special about it. */
export function anAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'alert-1',
    teamRef: 'group:default/platform',
    teamName: 'Platform',
    integrationId: 'integration-1',
    callerNumber: '+4930123456',
    dialledNumber: '+14155550100',
    status: 'acknowledged',
    priority: 'P2',
    tags: [],
    acknowledgedBy: 'user:default/ana',
    outcome: 'answered',
    answeredBy: 'user:default/ana',
    answeredByName: 'Ana Lopez',
    durationSeconds: 125,
    voicemail: null,
    createdAt: '2024-05-02T10:00:00Z',
    updatedAt: '2024-05-02T10:05:00Z',
    ...overrides,
  };
}

/** A caller still waiting for someone to answer. */
export function aWaitingAlert(overrides: Partial<Alert> = {}): Alert {
  return anAlert({
    status: 'open',
    acknowledgedBy: null,
    outcome: 'pending',
    answeredBy: null,
    answeredByName: undefined,
    durationSeconds: null,
    ...overrides,
  });
}

/** One step on an alert's timeline. */
export function anEvent(overrides: Partial<AlertEvent> = {}): AlertEvent {
  return {
    id: 'event-1',
    alertId: 'alert-1',
    type: 'call-received',
    at: '2024-05-02T10:00:00Z',
    message: 'Call from +4930123456',
    userRef: null,
    actorRef: null,
    ...overrides,
  };
}
