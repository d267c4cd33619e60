/**
 * JSON body validation: @hono/zod-validator with a hook that turns the first
 * zod issue into a 400 ApiError naming the field and the problem.
 * Malformed JSON is reported by hono's validator as an HTTPException(400) and
 * mapped to `invalid_json` by the error handler.
 */
import type { MiddlewareHandler } from 'hono';
import { zValidator } from '@hono/zod-validator';
import type { ZodIssue, ZodType, ZodTypeDef } from 'zod';
import { ApiError } from '../api-error.ts';
import type { AppEnv, Env } from '../env.ts';

/** "text.2", "references.0.5"; undefined for the body itself. */
export function issueField(issue: ZodIssue): string | undefined {
  if (issue.code === 'unrecognized_keys') return [...issue.path, issue.keys[0]].join('.');
  return issue.path.length > 0 ? issue.path.join('.') : undefined;
}

/** Human message: "<field>: <problem>" (or just the problem for the whole body). */
export function issueMessage(issue: ZodIssue): string {
  const field = issueField(issue);
  if (issue.code === 'unrecognized_keys') {
    const extra = issue.keys.length > 1 ? ` (also: ${issue.keys.slice(1).join(', ')})` : '';
    return `${field}: unknown field${extra}`;
  }
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return `${field ?? 'body'}: is required`;
  return field ? `${field}: ${issue.message}` : issue.message;
}

/** The ApiError for a failed parse. */
export function validationError(issues: readonly ZodIssue[]): ApiError {
  const first = issues[0];
  if (!first) return new ApiError(400, 'invalid_request', 'invalid request body');
  return new ApiError(400, 'invalid_request', issueMessage(first), { field: issueField(first) });
}

/**
 * Validates the JSON body against `schemaFor(env)` and exposes the parsed value as
 * `c.req.valid('json')`. The schema may depend on env (configurable limits).
 */
export function validateJson<Out>(
  schemaFor: (env: Env) => ZodType<Out, ZodTypeDef, unknown>,
): MiddlewareHandler<AppEnv, string, { in: { json: unknown }; out: { json: Out } }> {
  return (c, next) => {
    const validator = zValidator('json', schemaFor(c.env), (result) => {
      if (!result.success) throw validationError(result.error.issues);
    }) as unknown as MiddlewareHandler<AppEnv>;
    return validator(c, next);
  };
}
