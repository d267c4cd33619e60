/**
 * Requires a JSON request body: 415 naming the received Content-Type when it is
 * missing or not application/json (or application/*+json).
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../api-error.ts';
import type { AppEnv } from '../env.ts';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

export function requireJson(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const contentType = c.req.header('Content-Type');
    const mediaType = contentType?.split(';')[0]?.trim() ?? '';
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      const got = contentType ? `got "${contentType.slice(0, 100)}"` : 'no Content-Type header was sent';
      throw new ApiError(415, 'unsupported_media_type', `Content-Type must be application/json (${got})`, {
        headers: { Accept: 'application/json' },
      });
    }
    return next();
  };
}
