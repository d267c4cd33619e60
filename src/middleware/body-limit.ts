/** Rejects request bodies larger than `maxBytes` with a 413 ApiError (Content-Length or streamed size). */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../api-error.ts';
import type { AppEnv } from '../env.ts';

export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `request body exceeds ${maxBytes} bytes`);
    },
  });
}
