/**
 * The import rules of .dependency-cruiser.cjs hold on the repository, and each rule
 * catches a planted violation: a throwaway tree in a temp folder with one forbidden
 * import per rule, cruised with the same rule set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs') as { forbidden: { name: string }[] };
const repo = path.resolve(import.meta.dirname, '../..');

async function violations(baseDir: string, dirs: string[]): Promise<{ rule: string; from: string; to: string }[]> {
  const cwd = process.cwd();
  process.chdir(baseDir); // dependency-cruiser resolves the scanned folders against the working directory
  try {
    const r = await cruise(dirs, { ruleSet: { forbidden: config.forbidden } as never, validate: true, tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' } });
    const out = r.output as ICruiseResult;
    return out.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  } finally {
    process.chdir(cwd);
  }
}

/** One planted file per rule: [file, its import]. */
const PLANTED: Record<string, [string, string]> = {
  'model-not-to-serving-or-worker': ['src/model/a.ts', "import { x } from '../serving/provider.ts';"],
  'model-or-metrics-not-to-tooling': ['src/metrics/b.ts', "import { x } from '../../training/lib/trainer.ts';"],
  'model-only-tfjs-and-itself': ['src/model/c.ts', "import { x } from '../backend/setup.ts';"],
  'metrics-not-to-model': ['src/metrics/d.ts', "import { x } from '../model/engine.ts';"],
  'src-not-to-tests': ['src/routes/e.ts', "import { x } from '../../tests/unit/helper.ts';"],
  'bench-not-to-tests': ['bench/f.ts', "import { x } from '../tests/e2e/helper.ts';"],
  'catalog-runtime-agnostic': ['src/catalog/g.ts', "import { readFileSync as x } from 'node:fs';"],
};
const TARGETS = ['src/serving/provider.ts', 'training/lib/trainer.ts', 'src/backend/setup.ts', 'src/model/engine.ts', 'tests/unit/helper.ts', 'tests/e2e/helper.ts'];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'import-rules-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('import rules (dependency-cruiser)', () => {
  it('finds no violation in the repository', async () => {
    expect(await violations(repo, ['src', 'training', 'bench', 'tools', 'tests'])).toEqual([]);
  }, 60_000); // cruising ~300 modules takes ~5 s on an idle 2-core machine

  it('catches a planted violation of every rule, and nothing else', async () => {
    for (const t of TARGETS) {
      fs.mkdirSync(path.join(tmp, path.dirname(t)), { recursive: true });
      fs.writeFileSync(path.join(tmp, t), 'export const x = 1;\n');
    }
    for (const [file, line] of Object.values(PLANTED)) {
      fs.mkdirSync(path.join(tmp, path.dirname(file)), { recursive: true });
      fs.writeFileSync(path.join(tmp, file), `${line}\nexport const y = x;\n`);
    }
    const found = await violations(tmp, ['src', 'bench', 'training', 'tests']);
    for (const [rule, [file]] of Object.entries(PLANTED)) {
      expect(found.filter((v) => v.rule === rule && v.from === file), `rule ${rule} on ${file}`).toHaveLength(1);
    }
    // The planted model → serving import also breaks "only tfjs and itself"; nothing else fires.
    expect(new Set(found.map((v) => v.from))).toEqual(new Set(Object.values(PLANTED).map(([f]) => f)));
  }, 60_000);
});
