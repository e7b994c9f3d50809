import { z } from 'zod';
import { messageSchema } from './integrationConfig';

/**
 * What a team owner tells every caller during an outage ("We know about
 * the checkout outage; updates at status.example.com"), heard right after
 * the welcome: a text spoken in the integration's language or an uploaded
 * audio file. The body of `PUT /teams/:namespace/:name/status-message`,
 * which switches it on.
 *
 * @public
 */
export const statusMessageInputSchema = z.object({
  message: messageSchema,
});

/** @public */
export type StatusMessageInput = z.infer<typeof statusMessageInputSchema>;

/**
 * A team's status message. Switched off (`DELETE`), it keeps its message
 * so that it can be switched on again as it was.
 *
 * @public
 */
export interface StatusMessage {
  teamRef: string;
  message: StatusMessageInput['message'];
  enabled: boolean;
  updatedAt: string;
  updatedBy: string;
}
