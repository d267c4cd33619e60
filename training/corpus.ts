/**
 * Builds the en-es parallel corpus, in one of two modes:
 *
 *   npx tsx training/corpus.ts [--out training/data/en-es] [--data FILE ...] [--no-debian] [--cache .cache/debs]
 *     ten pinned packages (today's shipped corpus): <out>/{train,dev,test}.jsonl.gz, <out>/stats.json,
 *     <out>/ood-gnome-user-docs.jsonl.gz (with Debian sources) and <out>/../SOURCES.md;
 *   npx tsx training/corpus.ts --archive [--out training/data/en-es-archive] [--cache ~/edge-mt-cache] …
 *     every package of Debian main with a Spanish catalogue plus the DDTP descriptions
 *     (training/corpus/archive/): sharded train, dev, test, test-broad, manifest.json, SOURCES.md.
 *
 * Both byte-for-byte reproducible. Progress and timings go to stderr. Bad input: one stderr
 * line naming the file, exit status 2.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCorpus, buildOod, type SourceInput } from './corpus/build.ts';
import { alignHelpTree } from './corpus/read-help-pages.ts';
import { DEBIAN_SOURCES, fetchDeb, OOD_PACKAGE, OOD_SOURCE, readLicence, spanishCatalogues, unpackDeb } from './corpus/debian.ts';
import { InputError } from './corpus/input-error.ts';
import { encodeJsonlGz, writeFileAtomic } from './corpus/jsonl-gz.ts';
import { parseMo } from './corpus/read-gettext.ts';
import { readUserData } from './corpus/read-user-data.ts';
import { renderSourcesMd, type SourceInfo } from './corpus/sources-md.ts';
import { SPLIT_NAMES } from './corpus/split.ts';
import { printHelpIfAsked } from '../tools/cli.ts';

interface Options {
  out: string;
  data: string[];
  debian: boolean;
  cache: string;
  archive: boolean;
  download: boolean;
  fetchOnly: boolean;
  progress: boolean;
  parallel: number;
  legacy: string;
  broadPerKind: number;
  shardSize: number;
}

class UsageError extends Error {}

const DEFAULT_ARCHIVE_CACHE = process.env.EDGE_MT_CACHE ?? path.join(os.homedir(), 'edge-mt-cache');

const USAGE = `Usage: npm run corpus -- [--out DIR] [--data FILE ...] [--no-debian] [--cache DIR]
       npm run corpus -- --archive [--out DIR] [--cache DIR] [--parallel N] [--no-download] [--fetch-only]
Builds the en-es parallel corpus, byte for byte reproducibly.
Ten-package mode (default; the shipped model's corpus): <out>/{train,dev,test}.jsonl.gz, stats.json
and the out-of-domain set.
  --out DIR      output folder (default training/data/en-es; with --archive training/data/en-es-archive)
  --data FILE    your own TSV, PO, MO or TMX file (repeatable), merged with the Debian catalogs
  --no-debian    use only the --data files
  --cache DIR    where downloads are kept (default .cache/debs; with --archive ${DEFAULT_ARCHIVE_CACHE},
                 or $EDGE_MT_CACHE; keep it outside the work tree)
Archive mode (--archive): every package of Debian main with a Spanish catalogue, plus the DDTP
package descriptions; writes train-NN.jsonl.gz shards, dev, test (today's test split, copied),
test-broad (stratified by kind), manifest.json and SOURCES.md. Downloads resume; a second run
downloads nothing.
  --parallel N   apt-get downloads and extractions at once (default 3)
  --no-download  build from what the cache holds (missing packages are listed in the manifest)
  --fetch-only   download and extract, do not build
  --legacy DIR   today's corpus, whose test split is kept and whose dev/test stay held out (default training/data/en-es)
  --broad-size N pairs per kind in test-broad (default 1000)
  --shard-size N training pairs per shard (default 100000)
  --no-progress  no progress bars`;

function parseArgs(argv: string[]): Options {
  const options: Options = {
    out: '',
    data: [],
    debian: true,
    cache: '',
    archive: false,
    download: true,
    fetchOnly: false,
    progress: true,
    parallel: 3,
    legacy: 'training/data/en-es',
    broadPerKind: 1000,
    shardSize: 100_000,
  };
  const positive = (arg: string, v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${arg} must be a positive integer, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--out') options.out = value();
    else if (arg === '--data') options.data.push(value());
    else if (arg === '--cache') options.cache = value();
    else if (arg === '--no-debian') options.debian = false;
    else if (arg === '--archive') options.archive = true;
    else if (arg === '--no-download') options.download = false;
    else if (arg === '--fetch-only') options.fetchOnly = true;
    else if (arg === '--no-progress') options.progress = false;
    else if (arg === '--parallel') options.parallel = positive(arg, value());
    else if (arg === '--legacy') options.legacy = value();
    else if (arg === '--broad-size') options.broadPerKind = positive(arg, value());
    else if (arg === '--shard-size') options.shardSize = positive(arg, value());
    else throw new UsageError(`unknown argument ${arg} (see --help)`);
  }
  if (options.archive && (options.data.length > 0 || !options.debian)) throw new UsageError('--archive takes no --data or --no-debian');
  if (!options.archive && (options.fetchOnly || !options.download)) throw new UsageError('--fetch-only and --no-download need --archive');
  if (!options.debian && options.data.length === 0) throw new UsageError('nothing to build: --no-debian without --data');
  options.out ||= options.archive ? 'training/data/en-es-archive' : 'training/data/en-es';
  options.cache ||= options.archive ? DEFAULT_ARCHIVE_CACHE : '.cache/debs';
  return options;
}

const started = Date.now();
const log = (message: string) => process.stderr.write(`[corpus ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);

async function main(): Promise<void> {
  if (printHelpIfAsked(USAGE)) return;
  const options = parseArgs(process.argv.slice(2));
  if (options.archive) {
    if (!fs.existsSync(path.join(options.legacy, 'test.jsonl.gz'))) throw new UsageError(`${options.legacy}/test.jsonl.gz not found (--legacy)`);
    // Loaded on demand: the ten-package mode starts without the archive modules.
    const { runArchive } = await import('./corpus/archive/run-archive.ts');
    await runArchive({ ...options, log });
    log('done');
    return;
  }
  const sources: SourceInput[] = [];
  const infos: SourceInfo[] = [];

  // User data first: a bad file must fail before minutes of Debian work.
  for (const file of options.data) {
    const pairs = readUserData(file);
    const pkg = path.basename(file);
    sources.push({ pkg, pairs, accelerators: /\.(mo|po)$/i.test(file) ? '_~&' : '' });
    infos.push({ pkg, version: '-', licence: 'user supplied', catalogues: /\.(mo|po)$/i.test(file) ? 1 : 0 });
    log(`${pkg}: ${pairs.length} raw pairs`);
  }

  let ood: Parameters<typeof renderSourcesMd>[2];
  let oodPairs: ReturnType<typeof buildOod>['pairs'] | undefined;
  let oodSource: SourceInput | undefined;
  if (options.debian) {
    DEBIAN_SOURCES.forEach((source, index) => {
      const t0 = Date.now();
      const deb = fetchDeb(source, options.cache, log);
      const unpacked = unpackDeb(source.pkg, deb, options.cache);
      const catalogues = spanishCatalogues(unpacked.root);
      const pairs = catalogues.flatMap((file) => parseMo(fs.readFileSync(file), file));
      sources.push({ pkg: source.pkg, pairs, accelerators: source.accelerators });
      infos.push({ pkg: source.pkg, version: unpacked.version, licence: readLicence(unpacked.root, source.pkg), catalogues: catalogues.length });
      log(`(${index + 1}/${DEBIAN_SOURCES.length}) ${source.pkg} ${unpacked.version}: ${catalogues.length} .mo, ${pairs.length} raw pairs (${Date.now() - t0} ms)`);
    });
    const t0 = Date.now();
    const unpacked = unpackDeb(OOD_PACKAGE, fetchDeb(OOD_SOURCE, options.cache, log), options.cache);
    const aligned = alignHelpTree(unpacked.root);
    oodSource = { pkg: OOD_PACKAGE, pairs: aligned.pairs, accelerators: '' };
    const info = { pkg: OOD_PACKAGE, version: unpacked.version, licence: readLicence(unpacked.root, OOD_PACKAGE), catalogues: 0 };
    ood = { info, stats: { raw: 0, dropped: {}, train: 0, dev: 0, test: 0, total: 0 }, pages: aligned.pages, alignedPages: aligned.alignedPages };
    log(`(ood) ${OOD_PACKAGE} ${unpacked.version}: ${aligned.alignedPages}/${aligned.pages} pages aligned, ${aligned.pairs.length} raw pairs (${Date.now() - t0} ms)`);
  }

  const corpus = buildCorpus(sources);
  fs.mkdirSync(options.out, { recursive: true });
  for (const name of SPLIT_NAMES) writeFileAtomic(path.join(options.out, `${name}.jsonl.gz`), encodeJsonlGz(corpus.splits[name]));
  if (oodSource && ood) {
    const corpusSources = new Set(SPLIT_NAMES.flatMap((name) => corpus.splits[name].map((p) => p.en)));
    const built = buildOod(oodSource, corpusSources);
    oodPairs = built.pairs;
    ood.stats = built.stats;
    writeFileAtomic(path.join(options.out, `ood-${OOD_PACKAGE}.jsonl.gz`), encodeJsonlGz(oodPairs));
  }
  const stats = { ...corpus.stats, ...(ood ? { ood: { [OOD_PACKAGE]: ood.stats } } : {}) };
  writeFileAtomic(path.join(options.out, 'stats.json'), JSON.stringify(stats, null, 2) + '\n');
  writeFileAtomic(path.join(path.dirname(path.resolve(options.out)), 'SOURCES.md'), renderSourcesMd(infos, corpus.stats, ood));
  const s = corpus.stats.splits;
  log(`wrote ${options.out}: train ${s.train}, dev ${s.dev}, test ${s.test}${oodPairs ? `, ood ${oodPairs.length}` : ''}`);
}

main().catch((error: unknown) => {
  if (error instanceof InputError || error instanceof UsageError) {
    process.stderr.write(`corpus: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`corpus: ${(error as Error).message}\n`);
  process.exit(1);
});
