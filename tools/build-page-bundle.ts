/** `npm run build:page`: regenerates src/page/catalog-bundle.generated.ts (see tools/page-bundle/build.ts). */
import fs from 'node:fs';
import { runCli } from './cli.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { buildCatalogBundle, generatedModule, GENERATED_FILE } from './page-bundle/build.ts';

runCli('Usage: npm run build:page   (rewrites src/page/catalog-bundle.generated.ts)', async () => {
  const js = await buildCatalogBundle();
  const next = generatedModule(js);
  const same = fs.existsSync(GENERATED_FILE) && fs.readFileSync(GENERATED_FILE, 'utf8') === next;
  if (!same) writeFileAtomic(GENERATED_FILE, next);
  console.log(`${GENERATED_FILE}: ${js.length} bytes of JavaScript${same ? ' (unchanged)' : ''}`);
});
