/** Renders training/data/SOURCES.md: every origin of the corpus with version, licence and pair count. */
import type { CorpusStats, PackageStats } from './build.ts';

export interface SourceInfo {
  pkg: string;
  version: string;
  licence: string;
  catalogues: number;
}

export function renderSourcesMd(
  infos: readonly SourceInfo[],
  stats: CorpusStats,
  ood?: { info: SourceInfo; stats: PackageStats; pages: number; alignedPages: number },
): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    '# Sources of the en-es corpus',
    '',
    'Built by `training/corpus.ts` from the Spanish gettext catalogues (`…/es/LC_MESSAGES/*.mo`) of these',
    'Debian packages (downloaded with `apt-get download`, unpacked with `dpkg -x`) and any `--data` files.',
    'Licences are read from each package\'s `usr/share/doc/<pkg>/copyright` (the `Files: *` licence of',
    'machine-readable files); the translations keep the licences of the programs they come from.',
    '',
    '| Package | Version | Licence | .mo files | Pairs (train/dev/test) |',
    '| --- | --- | --- | ---: | ---: |',
  ];
  for (const info of infos) {
    const s = stats.packages[info.pkg];
    const count = s ? `${s.total} (${s.train}/${s.dev}/${s.test})` : '0';
    lines.push(`| ${cell(info.pkg)} | ${cell(info.version)} | ${cell(info.licence)} | ${info.catalogues} | ${count} |`);
  }
  const { maxChars, maxRatio, ratioMinChars } = stats.limits;
  lines.push(
    '',
    `Total: ${stats.total} pairs (train ${stats.splits.train}, dev ${stats.splits.dev}, test ${stats.splits.test}).`,
    '',
    '## How the pairs were made',
    '',
    ...(infos.some((info) => info.version !== '-')
      ? ['- Debian: only the plain `es` catalogues (not es_MX, es_419, es_NI variants). gimp (amd64) ships no catalogue; gimp-data holds GIMP\'s.']
      : []),
    '- Skipped: the header, untranslated entries, and pairs whose Spanish equals the English. msgctxt is dropped; plurals give their singular (msgid / msgstr[0]).',
    '- Cleaned: Wesnoth `context^` prefixes; accelerator marks (`_`, `~`, `&`, per package); Unicode NFC; every whitespace run (newlines included) → one space; trimmed.',
    `- Dropped: English with no letter outside its placeholders; control characters; either side over ${maxChars} code points; longer side over ${maxRatio}× the shorter when it has at least ${ratioMinChars} code points.`,
    `- Exact duplicate (en, es) pairs kept once (${stats.duplicatesRemoved} removed), from the alphabetically first package.`,
    `- Split by FNV-1a 32 of the English (\`% 1000\`: < 40 test, < 60 dev, else train); dev and test keep one translation per source (${stats.devTestAlternativesRemoved} alternatives removed).`,
    '- Placeholders are kept as raw text; masking happens at training time (src/model/text/placeholders.ts).',
  );
  if (ood) {
    lines.push(
      '',
      '## Out-of-domain evaluation set (never in train/dev/test)',
      '',
      `\`en-es/ood-gnome-user-docs.jsonl.gz\`: ${ood.stats.total} pairs from ${ood.info.pkg} ${ood.info.version}`,
      `(licence: ${ood.info.licence}), aligned block by block from ${ood.alignedPages} of ${ood.pages} translated`,
      'Mallard help pages (help/C vs help/es); English sources that also occur in the corpus are removed.',
    );
  }
  return lines.join('\n') + '\n';
}
