/**
 * `npm run publish -- --model weights/es-en [--no-activate] [--local|--remote] [--persist-to DIR]`:
 * publishes an exported model folder to the model store as version <model_id> of its
 * manifest's language pair: uploads the objects not already there, reads every one back
 * and checks its sha256, then flips the pair's pointer to it. A failure leaves the pointer
 * as it was. (`npm run redeploy` does this after its gate and tests.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { publishModel } from '../src/store/publish.ts';
import { runCli } from '../tools/cli.ts';
import { openBucket, readModelFolder } from '../tools/model-buckets.ts';
import { STORE_TARGET_HELP, STORE_TARGET_OPTIONS, storeTarget } from '../tools/store-target.ts';

const HELP = `Usage: npm run publish -- --model DIR [--no-activate] [--local|--remote] [--persist-to DIR]
Publishes the model folder DIR (model.bin, tokenizer.json, shortlist.json, manifest.json) to the model store.
  --model DIR            exported model folder (required)
  --no-activate          upload and list the version without making it active (canaries pin it with "model")
${STORE_TARGET_HELP}`;

runCli(HELP, async () => {
  const { values } = parseArgs({ options: { model: { type: 'string' }, 'no-activate': { type: 'boolean' }, ...STORE_TARGET_OPTIONS } });
  if (!values.model) throw new Error('missing --model DIR');
  const dir = path.resolve(values.model);
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) throw new Error(`--model: no model folder at ${dir} (manifest.json not found)`);
  const { bucket, where, close } = await openBucket(storeTarget(values));
  try {
    const r = await publishModel(bucket, readModelFolder(dir), { activate: !values['no-activate'], log: (l) => console.log(l) });
    console.log(`published ${r.pair}/${r.modelId} to ${where}: ${r.uploaded.length} objects uploaded, ${r.alreadyPresent.length} already there; active ${r.pointer.active}${r.previous && r.previous !== r.pointer.active ? ` (was ${r.previous})` : ''}`);
  } finally {
    await close();
  }
});
