/**
 * `npm run golden` — translates a fixed list of sentences with the shipped model in Node
 * (greedy and beam 4) and writes tests/fixtures/golden-en-es.json. The Worker test
 * (tests/worker/golden.test.ts) must reproduce these outputs exactly inside workerd:
 * the same engine code must give the same translation everywhere. Rerun after every export.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { runCli } from '../tools/cli.ts';
import { loadEngine } from '../tools/load-engine.ts';
import { initBackend } from '../src/backend/node-wasm.ts';
import { writeFileAtomic } from '../tools/atomic-write.ts';
import { DEFAULT_ALPHA } from '../src/model/search/length-penalty.ts';

export const GOLDEN_SENTENCES = [
  'Open the file',
  'Save the document as %s',
  'Could not connect to the server.',
  'Delete the selected items?',
  'Show hidden files',
  'The file <b>%1$s</b> already exists. Do you want to replace it?',
  'Print only the current page',
  'Select a color for the background',
];

runCli('Usage: npm run golden -- [--model weights/en-es] [--out tests/fixtures/golden-en-es.json]', async () => {
  const { values } = parseArgs({ options: { model: { type: 'string', default: 'weights/en-es' }, out: { type: 'string', default: 'tests/fixtures/golden-en-es.json' }, help: { type: 'boolean' } } });
  await initBackend('wasm');
  const engine = await loadEngine(values.model!);
  const cases = [1, 4].flatMap((beam) => GOLDEN_SENTENCES.map((text) => {
    const [r] = engine.translate([text], { beam, nbest: 1, alpha: DEFAULT_ALPHA, attention: false });
    return { text, beam, translation: r.translation, score: r.nbest[0].score };
  }));
  writeFileAtomic(values.out!, JSON.stringify({ model_id: engine.manifest.model_id, cases }, null, 2) + '\n');
  process.stderr.write(`wrote ${cases.length} golden cases for ${engine.manifest.model_id} to ${values.out}\n`);
  if (!fs.existsSync(values.out!)) throw new Error('golden file was not written');
});
