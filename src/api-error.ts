/**
 * The single error type of the HTTP API: an HTTPException that also carries a
 * machine-readable code and, for validation problems, the offending field.
 * app.onError (src/middleware/error-handler.ts) turns it into
 * `{ error: { code, message, field? } }`.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ApiErrorCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'model_unavailable'
  | 'model_over_budget'
  | 'unsupported_pair'
  | 'unknown_model'
  | 'forbidden'
  | 'rate_limited'
  | 'feedback_unavailable'
  | 'internal';

export class ApiError extends HTTPException {
  readonly code: ApiErrorCode;
  readonly field?: string;
  readonly headers?: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: ApiErrorCode,
    message: string,
    options: { field?: string; headers?: Record<string, string> } = {},
  ) {
    super(status, { message });
    this.code = code;
    this.field = options.field;
    this.headers = options.headers;
  }
}
