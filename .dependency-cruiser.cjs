/**
 * Import rules of the project (dependency-cruiser), checked by `npm run lint:deps`, which
 * `npm test` runs first. Each rule names the boundary it keeps:
 *  - the model (src/model) imports only tfjs and itself: never the Worker, serving, the
 *    backend setup, training, bench, tools or tests;
 *  - the metrics (src/metrics) import only themselves (not the model, not any tooling);
 *  - src/catalog imports no Node built-in (the demo page bundles it for browsers);
 *  - nothing in src imports tests; bench imports no tests.
 * tests/unit/import-rules.test.ts plants a violation of each rule and checks it is caught.
 */
module.exports = {
  forbidden: [
    {
      name: 'model-not-to-serving-or-worker',
      comment: 'The model must not depend on the Worker (src/*.ts, routes, middleware, schemas, page) or on serving.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/(serving|routes|middleware|schemas|page|backend)/|^src/[^/]+\\.ts$' },
    },
    {
      name: 'model-or-metrics-not-to-tooling',
      comment: 'The model and the metrics are imported by training, bench and tools, never the reverse.',
      severity: 'error',
      from: { path: '^src/(model|metrics)/' },
      to: { path: '^(training|bench|tools|tests)/' },
    },
    {
      name: 'model-only-tfjs-and-itself',
      comment: 'Outside its own folder the model may import only @tensorflow/tfjs.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { pathNot: '^src/model/|@tensorflow/tfjs' },
    },
    {
      name: 'metrics-not-to-model',
      comment: 'The metrics are pure functions over strings: they import nothing but themselves.',
      severity: 'error',
      from: { path: '^src/metrics/' },
      to: { pathNot: '^src/metrics/' },
    },
    {
      name: 'catalog-runtime-agnostic',
      comment: 'src/catalog runs in Node, workerd and the browser (the page bundles it): no Node built-in modules.',
      severity: 'error',
      from: { path: '^src/catalog/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'src-not-to-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^tests/' },
    },
    {
      name: 'bench-not-to-tests',
      comment: 'Helpers that bench and tests share live in tools/.',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^tests/' },
    },
    {
      name: 'no-shared-folder',
      comment: 'A clone with nothing beside it must work: never import ../shared.',
      severity: 'error',
      from: {},
      to: { path: '(^|/)\\.\\./shared/|^\\.\\./shared|^shared/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist|\\.wrangler)/' },
  },
};
