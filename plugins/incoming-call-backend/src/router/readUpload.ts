import { CustomErrorBase } from '@backstage/errors';
import express, { type Request, type Response } from 'express';

/** An upload over the size limit: HTTP 413. */
export class UploadTooLargeError extends CustomErrorBase {
  readonly statusCode = 413;
}

/** "5 MiB", "2 KiB", "100 bytes". */
export function formatBytes(bytes: number): string {
  const units: Array<[string, number]> = [
    ['MiB', 1024 * 1024],
    ['KiB', 1024],
  ];
  for (const [unit, size] of units) {
    if (bytes >= size) {
      return `${Number((bytes / size).toFixed(1))} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}

/**
 * Reads a raw request body of at most `maxBytes`, whatever its content
 * type (the content is checked, not the label). Too large a body fails
 * with a message saying the limit, before it is read when its length is
 * declared.
 */
export function readUpload(
  req: Request,
  res: Response,
  maxBytes: number,
): Promise<Buffer> {
  const parse = express.raw({ type: () => true, limit: maxBytes });
  return new Promise((resolve, reject) =>
    parse(req, res, (error?: unknown) => {
      const parseError = error as
        | { type?: string; length?: number }
        | undefined;
      if (parseError?.type === 'entity.too.large') {
        const limit = `Audio uploads are limited to ${formatBytes(maxBytes)}`;
        reject(
          new UploadTooLargeError(
            parseError.length
              ? `${limit}; this file is ${formatBytes(parseError.length)}`
              : limit,
          ),
        );
      } else if (error) {
        reject(error);
      } else {
        // Without a body the parser leaves `req.body` as it was.
        resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
      }
    }),
  );
}
