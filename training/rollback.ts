/**
 * `npm run rollback -- --pair en-es [--to <model-id>] [--local|--remote] [--persist-to DIR]`:
 * flips a pair's pointer in the model store back to the version active before the current
 * one (or to --to, any published version). Only the pointer changes, so the next request
 * is served by that version; no code is deployed.
 */
import { parseArgs } from 'node:util';
import { rollbackModel } from '../src/store/publish.ts';
import { runCli } from '../tools/cli.ts';
import { openBucket } from '../tools/model-buckets.ts';
import { STORE_TARGET_HELP, STORE_TARGET_OPTIONS, storeTarget } from '../tools/store-target.ts';

const HELP = `Usage: npm run rollback -- --pair PAIR [--to MODEL_ID] [--local|--remote] [--persist-to DIR]
Makes an earlier published version the active model of PAIR (only the pointer changes).
  --pair PAIR            language pair, e.g. en-es (required)
  --to MODEL_ID          the version to activate (default: the one active before the current one)
${STORE_TARGET_HELP}`;

runCli(HELP, async () => {
  const { values } = parseArgs({ options: { pair: { type: 'string' }, to: { type: 'string' }, ...STORE_TARGET_OPTIONS } });
  if (!values.pair) throw new Error('missing --pair (e.g. --pair en-es)');
  const target = storeTarget(values);
  const { bucket, where, close } = await openBucket(target);
  try {
    const r = await rollbackModel(bucket, values.pair, values.to);
    console.log(`rolled back ${values.pair} in ${where}: active ${r.from} → ${r.to}`);
  } finally {
    await close();
  }
});
