/**
 * Provenance of the archive corpus: `manifest.json` (machine-readable: every package with its
 * version, licence, kind and pair counts, the files with their sha256, the corpus sha256, the
 * filters' counts and the legacy split check) and `SOURCES.md` (the same, for people). Both
 * are pure functions of the build, with no dates, so a rebuild writes identical files.
 */
import { LIMITS } from '../clean.ts';
import type { ArchiveCorpus, ArchivePackageStats } from './build-archive.ts';
import type { DdtpStats } from './ddtp.ts';
import type { SourceKind } from './source-kind.ts';
import type { WrittenFile } from './write-archive.ts';

export interface PackageProvenance {
  pkg: string;
  version: string;
  kind: SourceKind;
  licence: string;
  catalogues: number;
  /** Accelerator marks stripped, per catalogue, joined ('' for none). */
  accelerators: string;
}

export interface ArchiveManifest {
  corpus: 'en-es-archive';
  sha256: string;
  files: WrittenFile[];
  totals: {
    uniquePairs: number;
    packagesWithPairs: number;
    packagesPlanned: number;
    packagesMissing: string[];
    splits: { train: number; dev: number; heldOutTest: number; test: number; testBroad: number };
    byKind: ArchiveCorpus['byKind'];
  };
  cleaning: { limits: typeof LIMITS; dropped: ArchiveCorpus['dropped']; duplicatesRemoved: number; devTestAlternativesRemoved: number };
  legacyCheck: ArchiveCorpus['legacyCheck'];
  descriptions: DdtpStats;
  packages: (PackageProvenance & ArchivePackageStats)[];
}

export function makeManifest(
  corpus: ArchiveCorpus,
  provenance: readonly PackageProvenance[],
  written: { files: WrittenFile[]; sha256: string },
  ddtp: DdtpStats,
  plan: { planned: number; missing: string[] },
): ArchiveManifest {
  const empty: ArchivePackageStats = { raw: 0, dropped: {}, train: 0, dev: 0, test: 0, total: 0 };
  const packages = provenance.map((p) => ({ ...p, ...(corpus.packages[p.pkg] ?? empty) }));
  const test = written.files.find((f) => f.name === 'test.jsonl.gz')?.pairs ?? 0;
  return {
    corpus: 'en-es-archive',
    sha256: written.sha256,
    files: written.files,
    totals: {
      uniquePairs: corpus.train.length + corpus.dev.length + corpus.heldOutTest.length,
      packagesWithPairs: packages.filter((p) => p.pkg !== 'ddtp' && p.total > 0).length,
      packagesPlanned: plan.planned,
      packagesMissing: plan.missing,
      splits: { train: corpus.train.length, dev: corpus.dev.length, heldOutTest: corpus.heldOutTest.length, test, testBroad: corpus.testBroad.length },
      byKind: corpus.byKind,
    },
    cleaning: { limits: LIMITS, dropped: corpus.dropped, duplicatesRemoved: corpus.duplicatesRemoved, devTestAlternativesRemoved: corpus.devTestAlternativesRemoved },
    legacyCheck: corpus.legacyCheck,
    descriptions: ddtp,
    packages,
  };
}

export function renderArchiveSourcesMd(m: ArchiveManifest): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const t = m.totals;
  const k = t.byKind;
  const lines = [
    '# Sources of the en-es archive corpus',
    '',
    'Built by `npm run corpus -- --archive` (training/corpus/archive/) from the plain `es` gettext catalogues of every',
    'package of Debian bookworm `main` that ships one, plus the package descriptions translated by the Debian',
    'Description Translation Project (DDTP). Licences are read from each package\'s `usr/share/doc/<pkg>/copyright`',
    '(the `Files: *` licence of machine-readable files); the translations keep the licences of the programs they come from.',
    '`manifest.json` has the same data in machine-readable form.',
    '',
    `Corpus sha256: \`${m.sha256}\` (\`sha256sum $(ls *.jsonl.gz | LC_ALL=C sort) | sha256sum\` in this folder).`,
    '',
    `- ${t.uniquePairs} unique en-es pairs from ${t.packagesWithPairs} packages and the descriptions: train ${t.splits.train}, dev ${t.splits.dev}, held-out test bucket ${t.splits.heldOutTest}.`,
    `- \`test.jsonl.gz\` is today's ${t.splits.test}-pair test split of training/data/en-es, copied byte for byte (the comparable benchmark).`,
    `- \`test-broad.jsonl.gz\`: ${t.splits.testBroad} pairs sampled from the held-out test bucket, stratified by kind (a \`kind\` field on each row).`,
    `- Packages planned: ${t.packagesPlanned}; missing from the cache at build time: ${t.packagesMissing.length === 0 ? 'none' : t.packagesMissing.join(', ')}.`,
    '',
    '| Kind | Train | Dev | Test bucket | Test-broad |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...Object.entries(k).map(([kind, c]) => `| ${kind} | ${c.train} | ${c.dev} | ${c.test} | ${c.testBroad} |`),
    '',
    '## How the pairs were made',
    '',
    '- Catalogues: header, untranslated entries and msgctxt dropped; plurals give their singular. Accelerator marks:',
    '  the ten packages of training/data/en-es keep their hand-checked marks, the others are detected per catalogue',
    '  (training/corpus/archive/accelerators.ts).',
    `- Descriptions: ${m.descriptions.aligned} of ${m.descriptions.spanish} Spanish descriptions aligned with their English by Description-md5;`,
    `  synopsis paired as one segment; bodies cut into sentences by the same rules on both sides (sentences.ts), kept for`,
    `  ${m.descriptions.sentenceCountsAgree} descriptions and dropped for ${m.descriptions.sentenceCountsDisagree} whose sentence counts disagree; ${m.descriptions.rawPairs} raw pairs.`,
    `- Cleaning as training/data/en-es (clean.ts): context prefixes, accelerators, NFC, whitespace; dropped: empty, identical, no letters,`,
    `  control characters, over ${m.cleaning.limits.maxChars} code points, length ratio over ${m.cleaning.limits.maxRatio}.`,
    '- Added filters: templates with no words (no-words.ts), msgstr not Spanish: English or another language (not-spanish.ts),',
    '  near-duplicates within a split, training pairs that are near-copies of a dev/test source (today\'s included), and',
    '  training pairs whose source is in the out-of-domain gnome-user-docs set (near-duplicates.ts).',
    `- Exact duplicate pairs kept once (${m.cleaning.duplicatesRemoved} removed); dev and test keep one translation per source (${m.cleaning.devTestAlternativesRemoved} alternatives removed).`,
    '- Split by FNV-1a 32 of the English (`% 1000`: < 40 test, < 60 dev, else train), as training/data/en-es.',
    `- Legacy check: of today's ${m.legacyCheck.legacyTestSources} test and ${m.legacyCheck.legacyDevSources} dev sources, ${m.legacyCheck.foundHeldOut} occur here, all in dev/test; ${m.legacyCheck.foundInTrain} in train.`,
    '',
    '| Filter | Pairs dropped |',
    '| --- | ---: |',
    ...Object.entries(m.cleaning.dropped).map(([reason, n]) => `| ${reason} | ${n} |`),
    '',
    '## Packages',
    '',
    '| Package | Version | Kind | Licence | .mo files | Pairs (train/dev/test) |',
    '| --- | --- | --- | --- | ---: | ---: |',
    ...m.packages.map((p) => `| ${cell(p.pkg)} | ${cell(p.version)} | ${p.kind} | ${cell(p.licence)} | ${p.catalogues} | ${p.total} (${p.train}/${p.dev}/${p.test}) |`),
  ];
  return lines.join('\n') + '\n';
}
