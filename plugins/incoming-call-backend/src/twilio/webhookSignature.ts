import twilio from 'twilio';

/**
 * Whether a webhook request carries Twilio's signature for `url` (the
 * public URL it was sent to, never the Host header) and its form `params`.
 */
export function isSignedByTwilio(request: {
  authToken: string;
  signature: string | undefined;
  url: string;
  params: Record<string, unknown>;
}): boolean {
  const { authToken, signature, url, params } = request;
  return (
    signature !== undefined &&
    twilio.validateRequest(
      authToken,
      signature,
      url,
      // A repeated parameter's values as an array of this realm: the SDK
      // tells arrays by `instanceof`, which the parser's arrays fail under
      // jest's sandbox.
      Object.fromEntries(
        Object.entries(params).map(([key, value]) => [
          key,
          Array.isArray(value) ? [...value] : value,
        ]),
      ),
    )
  );
}
