/**
 * The one place errors become responses: `{ error: { code, message, field? } }`.
 * ApiError keeps its status/code/field; hono's own HTTPExceptions (malformed
 * JSON from the validator, 413 from bodyLimit...) get a code from their status;
 * anything else is a 500 whose details stay in the log, never in the body.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError, type ApiErrorCode } from '../api-error.ts';
import type { AppEnv } from '../env.ts';

export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; field?: string };
}

const CODE_BY_STATUS: Partial<Record<number, ApiErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'model_unavailable',
};

function errorResponse(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: ApiErrorCode,
  message: string,
  field?: string,
  headers?: Record<string, string>,
): Response {
  const body: ErrorBody = { error: field === undefined ? { code, message } : { code, message, field } };
  return c.json(body, status, headers);
}

/** app.onError handler. */
export function errorHandler(): ErrorHandler<AppEnv> {
  return (err, c) => {
    if (err instanceof ApiError) {
      return errorResponse(c, err.status as ContentfulStatusCode, err.code, err.message, err.field, err.headers);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      if (status === 400 && /malformed json/i.test(err.message)) {
        return errorResponse(c, 400, 'invalid_json', 'request body is not valid JSON (malformed JSON)');
      }
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'invalid_request');
      return errorResponse(c, status, code, err.message || code.replaceAll('_', ' '));
    }
    // Unexpected: log name and message only (no request headers, so no token).
    console.error(`unhandled error on ${c.req.method} ${c.req.path}: ${err.name}: ${err.message}`);
    return errorResponse(c, 500, 'internal', 'internal error');
  };
}

/** app.notFound handler. */
export function notFoundHandler(): NotFoundHandler<AppEnv> {
  return (c) => errorResponse(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`);
}
