/** Worker entry point: the Hono app's fetch handler (see src/app.ts). */
import type { Env } from './env.ts';
import { app } from './app.ts';

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
