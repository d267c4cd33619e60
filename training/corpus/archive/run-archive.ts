/**
 * Archive mode of `npm run corpus` (`--archive`): fetches into the cache (fetch.ts), reads every
 * cached package's Spanish catalogues, licence and kind, and the DDTP descriptions, builds the
 * corpus (build-archive.ts) and writes it with its manifest and SOURCES.md (write-archive.ts,
 * manifest.ts). Packages missing from the cache are built without and listed in the manifest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEBIAN_SOURCES, spanishCatalogues } from '../debian.ts';
import { writeFileAtomic } from '../jsonl-gz.ts';
import { loadJsonlGz } from '../load.ts';
import { parseMo } from '../read-gettext.ts';
import { detectAccelerators } from './accelerators.ts';
import { buildArchiveCorpus, type ArchiveSource } from './build-archive.ts';
import { readDdtp } from './ddtp.ts';
import { extractedRoot } from './extract.ts';
import { fetchArchive } from './fetch.ts';
import { packageLicence } from './licence.ts';
import { makeManifest, renderArchiveSourcesMd, type PackageProvenance } from './manifest.ts';
import type { PlannedDeb } from './plan.ts';
import { readPackageKinds } from './source-kind.ts';
import { hashCorpusFolder, writeArchiveFiles } from './write-archive.ts';

export interface ArchiveOptions {
  out: string;
  cache: string;
  /** Folder of today's corpus (training/data/en-es): its test split is copied, its dev/test sources stay held out. */
  legacy: string;
  parallel: number;
  download: boolean;
  fetchOnly: boolean;
  progress: boolean;
  broadPerKind: number;
  shardSize: number;
  log: (message: string) => void;
}

/** The ten hand-checked packages keep the accelerator marks training/data/en-es was built with. */
const PINNED_ACCELERATORS = new Map(DEBIAN_SOURCES.map((s) => [s.pkg, s.accelerators]));

export async function runArchive(options: ArchiveOptions): Promise<void> {
  const { log } = options;
  const fetched = await fetchArchive(options.cache, { parallel: options.parallel, progress: options.progress, download: options.download, log });
  const missing = new Set(fetched.missing.map((d) => d.pkg));
  if (missing.size > 0) log(`${missing.size} planned packages are not in the cache; building without them (resume: npm run corpus -- --archive --cache ${options.cache})`);
  if (options.fetchOnly) return;

  const t0 = Date.now();
  const kinds = readPackageKinds(options.cache);
  const byPkg = new Map(fetched.plan.map((d) => [d.pkg, d]));
  const sources: ArchiveSource[] = [];
  const provenance: PackageProvenance[] = [];
  for (const deb of fetched.plan) {
    if (missing.has(deb.pkg)) continue;
    const root = extractedRoot(options.cache, deb);
    const catalogues = spanishCatalogues(root).map((file) => {
      const pairs = parseMo(fs.readFileSync(file), file);
      return { pairs, accelerators: PINNED_ACCELERATORS.get(deb.pkg) ?? detectAccelerators(pairs) };
    });
    const kind = kinds.get(deb.pkg) ?? 'other-ui';
    sources.push({ pkg: deb.pkg, kind, catalogues });
    provenance.push({
      pkg: deb.pkg,
      version: deb.version,
      kind,
      licence: packageLicence(deb, options.cache, byPkg),
      catalogues: catalogues.length,
      accelerators: [...new Set(catalogues.map((c) => c.accelerators))].join(' '),
    });
  }
  log(`read ${sources.length} packages, ${sources.reduce((n, s) => n + s.catalogues.reduce((m, c) => m + c.pairs.length, 0), 0)} raw pairs (${Date.now() - t0} ms)`);
  const ddtp = readDdtp(options.cache);
  sources.push({ pkg: 'ddtp', kind: 'description', catalogues: [{ pairs: ddtp.pairs, accelerators: '' }] });
  provenance.push({
    pkg: 'ddtp',
    version: 'bookworm main Translation-es',
    kind: 'description',
    licence: 'package descriptions from each package\'s control data; translations by the DDTP contributors',
    catalogues: 0,
    accelerators: '',
  });
  log(`descriptions: ${ddtp.stats.aligned} aligned, ${ddtp.stats.sentenceCountsDisagree} bodies dropped (sentence counts disagree), ${ddtp.stats.rawPairs} raw pairs`);

  const legacyTestFile = path.join(options.legacy, 'test.jsonl.gz');
  const legacyTest = loadJsonlGz(legacyTestFile);
  const legacyDev = loadJsonlGz(path.join(options.legacy, 'dev.jsonl.gz'));
  const oodFile = path.join(options.legacy, 'ood-gnome-user-docs.jsonl.gz');
  const outOfDomain = fs.existsSync(oodFile) ? loadJsonlGz(oodFile).map((p) => p.en) : [];
  const corpus = buildArchiveCorpus(sources, { legacyHeldOut: { dev: legacyDev, test: legacyTest }, outOfDomain, broadPerKind: options.broadPerKind });
  if (corpus.legacyCheck.foundInTrain > 0) throw new Error(`${corpus.legacyCheck.foundInTrain} of today's dev/test sources landed in train: the split rule is broken`);
  log(
    `legacy check: ${corpus.legacyCheck.foundHeldOut} of today's ${corpus.legacyCheck.legacyTestSources} test + ${corpus.legacyCheck.legacyDevSources} dev sources found, all in dev/test, 0 in train`,
  );

  const written = writeArchiveFiles(
    options.out,
    { train: corpus.train, dev: corpus.dev, legacyTest: fs.readFileSync(legacyTestFile), legacyTestPairs: legacyTest.length, testBroad: corpus.testBroad },
    options.shardSize,
  );
  const onDisk = hashCorpusFolder(options.out);
  if (onDisk !== written.sha256) throw new Error(`corpus folder hash ${onDisk} differs from the written files' ${written.sha256} (stray .jsonl.gz in ${options.out}?)`);
  const manifest = makeManifest(corpus, provenance, written, ddtp.stats, { planned: fetched.plan.length, missing: [...missing].sort() });
  writeFileAtomic(path.join(options.out, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  writeFileAtomic(path.join(options.out, 'SOURCES.md'), renderArchiveSourcesMd(manifest));
  const t = manifest.totals;
  log(
    `wrote ${options.out}: ${t.uniquePairs} unique pairs from ${t.packagesWithPairs} packages + descriptions; train ${t.splits.train} in ${written.files.filter((f) => f.name.startsWith('train-')).length} shards, dev ${t.splits.dev}, test ${t.splits.test}, test-broad ${t.splits.testBroad}`,
  );
  log(`corpus sha256 ${written.sha256}`);
}
