/**
 * Annotations the plugin reads on built-in catalog kinds.
 *
 * @public
 */
export const ANNOTATIONS = {
  /** On a User: the phone number responders are dialled at, in E.164. */
  phone: 'incoming-call.backstage.io/phone',
  /** On a User: comma-separated contact methods (backstage, email, sms). */
  contactMethods: 'incoming-call.backstage.io/contact-methods',
  /** On a Group: who a call to the team goes to (a schedule, escalation or user ref). */
  routingTarget: 'incoming-call.backstage.io/routing-target',
} as const;

/** @public */
export const CONTACT_METHODS = ['backstage', 'email', 'sms'] as const;
/** @public */
export type ContactMethod = (typeof CONTACT_METHODS)[number];

/** Used when a user has no contact-methods annotation. @public */
export const DEFAULT_CONTACT_METHODS: ContactMethod[] = ['backstage', 'email'];

/** The apiVersion of the Schedule and Escalation kinds. @public */
export const ROUTING_API_VERSION = 'incoming-call.backstage.io/v1alpha1';
