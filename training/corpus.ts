/**
 * Builds the en-es parallel corpus.
 *
 *   npx tsx training/corpus.ts [--out training/data/en-es] [--data FILE ...] [--no-debian] [--cache .cache/debs]
 *
 * Writes <out>/{train,dev,test}.jsonl.gz, <out>/stats.json, <out>/ood-gnome-user-docs.jsonl.gz
 * (with Debian sources) and <out>/../SOURCES.md, byte-for-byte reproducibly. Progress and
 * timings go to stderr. Bad input: one stderr line naming the file, exit status 2.
 */
import fs from 'node:fs';
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
}

class UsageError extends Error {}

const USAGE = `Usage: npm run corpus -- [--out DIR] [--data FILE ...] [--no-debian] [--cache DIR]
Builds the en-es parallel corpus: <out>/{train,dev,test}.jsonl.gz, stats.json and the
out-of-domain set, byte for byte reproducibly.
  --out DIR      output folder (default training/data/en-es)
  --data FILE    your own TSV, PO, MO or TMX file (repeatable), merged with the Debian catalogs
  --no-debian    use only the --data files
  --cache DIR    where downloaded .deb packages are kept (default .cache/debs)`;

function parseArgs(argv: string[]): Options {
  const options: Options = { out: 'training/data/en-es', data: [], debian: true, cache: '.cache/debs' };
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
    else throw new UsageError(`unknown argument ${arg} (see --help)`);
  }
  if (!options.debian && options.data.length === 0) throw new UsageError('nothing to build: --no-debian without --data');
  return options;
}

const started = Date.now();
const log = (message: string) => process.stderr.write(`[corpus ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);

function main(): void {
  if (printHelpIfAsked(USAGE)) return;
  const options = parseArgs(process.argv.slice(2));
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

try {
  main();
} catch (error) {
  if (error instanceof InputError || error instanceof UsageError) {
    process.stderr.write(`corpus: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`corpus: ${(error as Error).message}\n`);
  process.exit(1);
}
