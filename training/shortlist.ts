/**
 * CLI: learns the lexical shortlist (src/model/text/shortlist.ts) from the train split of a
 * corpus, placeholder-masked with maskPair and BPE-encoded with the model's tokenizer,
 * and writes it atomically. When the output folder holds a model (manifest.json), the
 * shortlist is registered in the manifest's `files` (sha256, bytes) so the engine loads
 * it; the manifest is rewritten atomically too. Then reports, on the test split (and
 * dev), the mean shortlist size and the coverage of the reference target subwords.
 *
 *   npm run shortlist -- --corpus training/data/en-es --vocab weights/en-es/tokenizer.json
 *       --out weights/en-es/shortlist.json [--per-source 10] [--frequent 2000]
 *
 * The shortlist depends only on the corpus and the tokenizer (not on the weights), so it
 * stays valid when a model trained with the same tokenizer replaces the weights. Rebuilds
 * are byte-identical. Bad input: one line on stderr, exit status 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { parseManifest, sha256Hex } from '../src/model/storage/manifest.ts';
import { DEFAULT_SHORTLIST_PARAMS, measureShortlist, SHORTLIST_FILE } from '../src/model/text/shortlist.ts';
import { buildShortlist, encodeSplit } from './lib/build-shortlist.ts';
import { Vocab } from '../src/model/text/vocab.ts';
import { writeFileAtomic } from '../tools/atomic-write.ts';
import { printHelpIfAsked } from '../tools/cli.ts';

class UsageError extends Error {}

function intOption(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

/** Header fields one per line, then one source list per line (small, diffable, gzips well). */
/** Adds or updates files[name] of the manifest next to `out`, when there is one. */
async function registerInManifest(out: string, bytes: Uint8Array): Promise<string | undefined> {
  const manifestPath = path.join(path.dirname(out), 'manifest.json');
  if (!fs.existsSync(manifestPath)) return undefined;
  const manifest = parseManifest(JSON.parse(fs.readFileSync(manifestPath, 'utf8')));
  const name = path.basename(out);
  if (name !== SHORTLIST_FILE) return `note: ${manifestPath} not updated (the engine only loads a file named ${SHORTLIST_FILE})`;
  manifest.files[name] = { sha256: await sha256Hex(bytes), bytes: bytes.length };
  writeFileAtomic(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  return `registered ${name} in ${manifestPath}`;
}

const USAGE = `Usage: npm run shortlist -- --corpus DIR --vocab TOKENIZER.json --out FILE [--per-source 10] [--frequent 2000]
Learns the lexical output shortlist from the train split of DIR and writes it atomically;
when FILE's folder holds a model, registers it in that manifest. Reports the shortlist's
size and reference coverage on the test and dev splits.
  --corpus DIR        folder with train/dev/test.jsonl.gz (required)
  --vocab FILE        the model's tokenizer.json (required)
  --out FILE          output, e.g. weights/en-es/shortlist.json (required)
  --per-source N      best target subwords kept per source subword, by Dice (default 10)
  --frequent N        most frequent target subwords always scored (default 2000)`;

async function main(): Promise<void> {
  if (printHelpIfAsked(USAGE)) return;
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' }, vocab: { type: 'string' }, out: { type: 'string' },
      'per-source': { type: 'string' }, frequent: { type: 'string' },
    },
    strict: true,
  });
  if (!values.corpus) throw new UsageError('--corpus <dir> is required (a folder with train/test.jsonl.gz)');
  if (!values.vocab) throw new UsageError('--vocab <tokenizer.json> is required');
  if (!values.out) throw new UsageError('--out <file> is required (e.g. weights/en-es/shortlist.json)');
  if (!fs.existsSync(values.corpus) || !fs.statSync(values.corpus).isDirectory()) throw new UsageError(`--corpus: not a folder: ${values.corpus}`);
  if (!fs.existsSync(values.vocab)) throw new UsageError(`--vocab: file not found: ${values.vocab}`);
  const params = {
    perSource: intOption('per-source', values['per-source'], DEFAULT_SHORTLIST_PARAMS.perSource, 0),
    frequent: intOption('frequent', values.frequent, DEFAULT_SHORTLIST_PARAMS.frequent, 0),
  };
  const vocabBytes = fs.readFileSync(values.vocab);
  let vocab: Vocab;
  try {
    vocab = Vocab.fromJSON(JSON.parse(vocabBytes.toString('utf8')));
  } catch (e) {
    throw new UsageError(`--vocab: ${values.vocab} is not a tokenizer (${(e as Error).message})`);
  }
  const tokenizerSha = await sha256Hex(vocabBytes);
  const out = values.out;

  const manifestPath = path.join(path.dirname(out), 'manifest.json');
  if (fs.existsSync(manifestPath)) {
    // Fail before writing anything when the folder's model uses another tokenizer.
    const m = parseManifest(JSON.parse(fs.readFileSync(manifestPath, 'utf8')));
    if (m.files[m.tokenizer].sha256.toLowerCase() !== tokenizerSha) {
      throw new UsageError(`--vocab ${values.vocab} is not the tokenizer of the model in ${path.dirname(out)} (the manifest lists another sha256)`);
    }
  }
  const started = performance.now();
  const { shortlist, bytes, trainPairs } = await buildShortlist(values.corpus, vocabBytes, params);
  writeFileAtomic(out, bytes);
  const note = await registerInManifest(out, bytes);
  const seconds = (performance.now() - started) / 1000;
  console.log(`wrote ${out}: ${shortlist.always.length} ids always, ${params.perSource} per source subword, ` +
    `${(bytes.length / 1024).toFixed(1)} KiB (${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KiB gzip), ` +
    `learned from ${trainPairs} train pairs in ${seconds.toFixed(1)} s`);
  if (note) console.log(note);
  for (const split of ['dev', 'test']) {
    if (!fs.existsSync(path.join(values.corpus, `${split}.jsonl.gz`))) continue;
    const fit = measureShortlist(shortlist, encodeSplit(vocab, values.corpus, split));
    console.log(`${split}: ${fit.sentences} sentences, mean shortlist ${fit.meanSize.toFixed(0)} of ${vocab.size} ids ` +
      `(min ${fit.minSize}, max ${fit.maxSize}), reference subword coverage ${(100 * fit.coverage).toFixed(2)}%, ` +
      `fully covered sentences ${(100 * fit.sentenceCoverage).toFixed(1)}%`);
  }
}

main().catch((err: unknown) => {
  if (process.env.DEBUG) console.error(err);
  process.stderr.write(`shortlist: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
  const code = (err as { code?: unknown })?.code;
  process.exitCode = err instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) ? 2 : 1;
});
