/**
 * Bindings of the Worker (wrangler.toml [vars], secrets, .dev.vars) and the Hono
 * environment type every route and middleware shares.
 *
 * All values are optional strings: a missing or malformed one falls back to the
 * defaults in src/limits.ts (never to "no limit").
 */
export interface Env {
  /** The model store (R2): versioned model objects and one pointer per language pair (src/store/). */
  MODELS?: R2Bucket;
  /** Megabytes of the isolate the loaded models may use (default 96, at most 128; src/serving/model-budget.ts). */
  MODEL_MEMORY_BUDGET_MB?: string;
  /** When set, every route except GET / and GET /health needs `Authorization: Bearer <API_TOKEN>`. */
  API_TOKEN?: string;
  /** Comma-separated allowed origins, or "*". Empty or unset: no CORS headers (same-origin only). */
  CORS_ORIGINS?: string;
  /** Lowers the maximum number of texts per /translate request (never above the hard cap). */
  MAX_TEXTS?: string;
  /** Lowers the maximum characters per text (never above the hard cap). */
  MAX_TEXT_CHARS?: string;
  /** Seconds a /translate answer stays in the Cache API; "0" disables the cache. */
  TRANSLATE_CACHE_TTL?: string;
  /**
   * "1": /translate answers carry the isolate's model memory in `X-Isolate-Memory`
   * (tfjs wasm memory and tensor bytes), for benchmarks. Off by default.
   */
  DIAGNOSTICS?: string;
  /**
   * The Workers rate-limiting binding (wrangler.toml `[[ratelimits]]`) that every model route
   * counts requests against, per API key or client IP (src/middleware/rate-limit.ts).
   */
  RATE_LIMITER?: RateLimit;
  /** "off" turns rate limiting off (local benchmarks); anything else leaves it on. */
  RATE_LIMIT?: string;
  /** The binding's period in seconds ("10" or "60", as in wrangler.toml): sets Retry-After. Default 60. */
  RATE_LIMIT_PERIOD?: string;
  /** D1 database of corrections and the translation memory (migrations/); feedback routes answer 503 without it. */
  FEEDBACK_DB?: D1Database;
  /** Corrections one submitter may store per 10 minutes (default 60). */
  FEEDBACK_RATE_LIMIT?: string;
  /** "0" turns the translation-memory lookup of /translate off (benchmarks); on by default. */
  TRANSLATION_MEMORY?: string;
  /**
   * "reference": translate with the reference float32 graph instead of edge-mt's fused int8
   * kernels (the default, "fused"). Read when the model is first loaded in an isolate.
   */
  EDGE_KERNELS?: string;
}

/** Hono generic shared by the app, routes and middleware. */
export interface AppEnv {
  Bindings: Env;
}
