/**
 * Reads terminology files into the engine's `glossary` option ({source, target} pairs):
 *  - TSV: `source<TAB>target` per line; `#` comments and blank lines skipped; a first line
 *    `source<TAB>target` (or en/es) is a header.
 *  - CSV: the same two columns, RFC 4180 quoting ("a, b", "say ""hi""").
 *  - TBX (ISO 30042, TBX-Basic/v2 `termEntry/langSet/tig/term` and v3 `conceptEntry/langSec/
 *    termSec/term`): for each entry, the first English term and the first Spanish term.
 * A do-not-translate term is written with target = source. Bad lines throw CatalogSyntaxError
 * with the line. Pure TypeScript (fast-xml-parser for TBX).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { GlossaryEntry } from '../model/translation.ts';
import { CatalogSyntaxError } from './catalog.ts';

export type GlossaryFormat = 'tsv' | 'csv' | 'tbx';

export function glossaryFormatFromFileName(name: string): GlossaryFormat | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return ext === 'tsv' || ext === 'txt' ? 'tsv' : ext === 'csv' ? 'csv' : ext === 'tbx' || ext === 'xml' ? 'tbx' : undefined;
}

const isHeader = (a: string, b: string) => /^(source|en|english|term)$/i.test(a.trim()) && /^(target|es|spanish|translation)$/i.test(b.trim());

/** One CSV record per physical line is not enough (quoted newlines): a small RFC 4180 reader. */
function csvRecords(text: string, file: string): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else { if (c === '\n') line++; field += c; }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { fields.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ fields, line: start });
      fields = []; field = ''; line++; start = line;
    } else field += c;
  }
  if (quoted) throw new CatalogSyntaxError(file, start, 'unterminated quoted field');
  if (field !== '' || fields.length) { fields.push(field); records.push({ fields, line: start }); }
  return records;
}

function pairs(records: { fields: string[]; line: number }[], file: string, sep: string): GlossaryEntry[] {
  const out: GlossaryEntry[] = [];
  records.forEach(({ fields, line }, i) => {
    if (fields.length === 1 && (fields[0].trim() === '' || fields[0].trimStart().startsWith('#'))) return;
    if (fields[0].trimStart().startsWith('#')) return;
    if (fields.length < 2 || fields[0].trim() === '' || fields[1].trim() === '') throw new CatalogSyntaxError(file, line, `expected "source${sep}target"`);
    if (i === 0 && isHeader(fields[0], fields[1])) return;
    out.push({ source: fields[0].trim(), target: fields[1].trim() });
  });
  return out;
}

function parseTbx(text: string, file: string): GlossaryEntry[] {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new CatalogSyntaxError(file, valid.err.line, valid.err.msg);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, parseTagValue: false, isArray: () => true }).parse(text) as Record<string, unknown>;
  const out: GlossaryEntry[] = [];
  const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]) as Record<string, unknown>[];
  const textOf = (v: unknown): string => (typeof v === 'string' ? v : v && typeof v === 'object' && '#text' in v ? String((v as { '#text': unknown })['#text']) : '');
  const walk = (node: unknown) => {
    for (const n of arr(node)) {
      if (typeof n !== 'object' || n === null) continue;
      for (const [k, v] of Object.entries(n)) {
        if (k === 'termEntry' || k === 'conceptEntry') {
          for (const entry of arr(v)) {
            const terms: Record<string, string> = {};
            for (const lang of [...arr(entry.langSet), ...arr(entry.langSec)]) {
              const code = String(lang['@_lang'] ?? lang['@_xml:lang'] ?? '').toLowerCase().split(/[-_]/)[0];
              const term = [...arr(lang.tig), ...arr(lang.termSec), ...arr(lang.ntig)].flatMap((t) => arr(t.term ?? (t.termGrp as Record<string, unknown>[] | undefined)?.[0]?.term)).map(textOf).find((s) => s.trim() !== '');
              if (code && term && !(code in terms)) terms[code] = term.trim();
            }
            if (terms.en && terms.es) out.push({ source: terms.en, target: terms.es });
          }
        } else if (!k.startsWith('@_') && k !== '#text') walk(v);
      }
    }
  };
  walk(doc);
  if (out.length === 0) throw new CatalogSyntaxError(file, 1, 'no entry with both an English and a Spanish term');
  return out;
}

export function parseGlossary(text: string, format: GlossaryFormat, file: string): GlossaryEntry[] {
  if (format === 'tbx') return parseTbx(text, file);
  if (format === 'csv') return pairs(csvRecords(text, file), file, ',');
  const records = text.split(/\r?\n/).map((l, i) => ({ fields: l === '' ? [''] : l.split('\t'), line: i + 1 }));
  return pairs(records, file, '<TAB>');
}
