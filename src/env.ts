/**
 * Bindings of the Worker (wrangler.toml [vars], secrets, .dev.vars) and the Hono
 * environment type every route and middleware shares.
 *
 * All values are optional strings: a missing or malformed one falls back to the
 * defaults in src/limits.ts (never to "no limit").
 */
export interface Env {
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
   * "reference": translate with the reference float32 graph instead of edge-mt's fused int8
   * kernels (the default, "fused"). Read when the model is first loaded in an isolate.
   */
  EDGE_KERNELS?: string;
}

/** Hono generic shared by the app, routes and middleware. */
export interface AppEnv {
  Bindings: Env;
}
