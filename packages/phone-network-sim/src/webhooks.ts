import twilio from 'twilio';

export type Form = Record<string, string>;

/**
 * Posts a webhook as Twilio does: form-encoded, signed with the auth token
 * over the public URL. `deliverTo` is where the request really goes (a
 * tunnel or reverse proxy), which does not change the signature.
 */
export async function postWebhook(
  options: { authToken: string; deliverTo?: (publicUrl: string) => string },
  publicUrl: string,
  params: Form,
): Promise<string> {
  const signature = twilio.getExpectedTwilioSignature(
    options.authToken,
    publicUrl,
    params,
  );
  const target = options.deliverTo?.(publicUrl) ?? publicUrl;
  const res = await fetch(target, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': signature,
    },
    body: new URLSearchParams(params).toString(),
  });
  const body = await res.text();
  if (!res.ok) {
    throw new Error(`Webhook ${publicUrl} answered ${res.status}: ${body}`);
  }
  return body;
}

/** Twilio's date format in callbacks and REST resources (RFC 2822, UTC). */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}
