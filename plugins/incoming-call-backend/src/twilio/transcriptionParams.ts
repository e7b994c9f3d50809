import { z } from 'zod';

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const param = <T extends z.ZodType>(schema: T) => z.preprocess(first, schema);
const sid = (prefix: string) =>
  z
    .string()
    .regex(
      new RegExp(`^${prefix}[0-9a-fA-F]{32}$`),
      `must be ${prefix} followed by 32 hex digits`,
    );

/**
 * The parameters of Twilio's transcription callback (`<Record
 * transcribeCallback>`) the backend reads: the recording it transcribes,
 * the call, the status (`completed` or `failed`) and the text.
 */
export const transcriptionParamsSchema = z.object({
  CallSid: param(sid('CA')),
  RecordingSid: param(sid('RE')),
  TranscriptionStatus: param(z.string().regex(/^[a-z-]{1,32}$/)),
  TranscriptionText: param(
    z
      .string()
      .max(10_000)
      // No control characters but line breaks and tabs.
      // eslint-disable-next-line no-control-regex
      .refine(text => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text), {
        message: 'must not hold control characters',
      }),
  ).optional(),
});
