/**
 * The Hono application: middleware order, routes and the single error handler.
 * `createApp(deps)` lets tests and the entry point choose the translator provider;
 * `app` is the production instance (exported for `app.request()` tests).
 *
 * Order: Cache-Control default (outermost, also on errors) → CORS (answers
 * preflights) → bearer auth → rate limit (model routes) → per-route content-type,
 * body size, zod validation. The LibreTranslate API (/libre) checks its own `api_key`
 * and counts against the same rate limiter (src/routes/libre.ts).
 * Nothing here imports tfjs: the model is loaded lazily by the translator provider.
 */
import { Hono } from 'hono';
import type { AppEnv, Env } from './env.ts';
import { getTranslator } from './serving/model-provider.ts';
import { bearerAuth } from './middleware/bearer-auth.ts';
import { cacheControl } from './middleware/cache-control.ts';
import { corsFromEnv } from './middleware/cors.ts';
import { errorHandler, notFoundHandler } from './middleware/error-handler.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { bleuRoutes } from './routes/bleu.ts';
import { catalogScriptRoutes } from './routes/catalog-script.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { healthRoutes } from './routes/health.ts';
import { LIBRE_PREFIX, libreRoutes } from './routes/libre.ts';
import { methodNotAllowedRoutes } from './routes/method-not-allowed.ts';
import { modelRoutes } from './routes/model.ts';
import { modelsRoutes } from './routes/models.ts';
import { pageRoutes } from './routes/page.ts';
import { translateRoutes } from './routes/translate.ts';
import type { TranslatorProvider } from './serving/translator.ts';

export interface AppDeps {
  getTranslator: TranslatorProvider<Env>;
}

/** Paths reachable without a token even when API_TOKEN is set. */
export const PUBLIC_PATHS = ['/', '/health', '/catalog.js'] as const;

/** Routes that run the model or other heavy work: each request counts against the rate limit. */
export const RATE_LIMITED_PATHS = ['/translate', '/bleu'] as const;

export function createApp(deps: AppDeps = { getTranslator }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(errorHandler());
  app.notFound(notFoundHandler());

  app.use('*', cacheControl('no-store'));
  app.use('*', corsFromEnv());
  app.use('*', bearerAuth({ publicPaths: PUBLIC_PATHS, selfAuthPrefixes: [`${LIBRE_PREFIX}/`] }));
  for (const path of RATE_LIMITED_PATHS) app.use(path, rateLimit());

  app.route('/', pageRoutes());
  app.route('/', catalogScriptRoutes());
  app.route('/', healthRoutes());
  app.route('/', modelRoutes(deps.getTranslator));
  app.route('/', modelsRoutes());
  app.route('/', translateRoutes(deps.getTranslator));
  app.route('/', bleuRoutes());
  app.route(LIBRE_PREFIX, libreRoutes(deps.getTranslator));
  app.route('/', feedbackRoutes());
  app.route(
    '/',
    methodNotAllowedRoutes({ '/translate': ['POST'], '/bleu': ['POST'], '/health': ['GET', 'HEAD'], '/model': ['GET', 'HEAD'], '/models': ['GET', 'HEAD'], '/feedback': ['GET', 'HEAD', 'POST'] }),
  );
  return app;
}

export const app = createApp();
