/**
 * `npm run -s catalog:check -- --source app.pot --translated es.po [--format po|xliff|json]`
 *
 * Checks a catalog filled by `translate --file` against its source and prints a JSON report
 * with counts (src/catalog/integrity.ts: order, context, plurals, placeholders,
 * accelerators), plus per format: PO — comments, references, extracted comments and flags
 * kept (plus `fuzzy` on filled entries), the header (Language, Plural-Forms, Content-Type,
 * X-Generator), and `msgfmt --check` when gettext is installed; XLIFF — the output is
 * well-formed and each filled unit carries its review state; JSON — the same keys in the
 * same order. Exit code 1 when anything failed.
 */
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { po } from 'gettext-parser';
import { XMLValidator } from 'fast-xml-parser';
import { runCli } from '../tools/cli.ts';
import { CATALOG_FORMATS, formatFromFileName, parseCatalog } from '../src/catalog/formats.ts';
import { parseI18nextJson } from '../src/catalog/i18next-json.ts';
import { checkCatalogPair } from '../src/catalog/integrity.ts';
import { SPANISH_PLURAL_FORMS } from '../src/catalog/po.ts';
import type { CatalogFormat } from '../src/catalog/catalog.ts';

const HELP = `Usage: npm run -s catalog:check -- --source FILE --translated FILE [--format po|xliff|json]
Prints a JSON report; exit code 1 when an entry, the header or msgfmt --check fails.`;

interface PoEntryLike { msgctxt?: string; msgid: string; comments?: Record<string, string | undefined> }

function poEntries(text: string): Map<string, PoEntryLike> {
  const table = po.parse(text) as unknown as { translations: Record<string, Record<string, PoEntryLike>> };
  const map = new Map<string, PoEntryLike>();
  for (const [ctx, byId] of Object.entries(table.translations)) for (const [id, e] of Object.entries(byId)) if (id !== '') map.set(`${ctx}\u0004${id}`, e);
  return map;
}

const flags = (s: string | undefined) => (s ?? '').split(',').map((f) => f.trim()).filter((f) => f && f !== 'fuzzy').sort().join(', ');

function checkPo(sourceText: string, outText: string, failures: string[]): Record<string, unknown> {
  const src = poEntries(sourceText);
  const out = poEntries(outText);
  let commentsKept = 0;
  let fuzzy = 0;
  let lowConfidence = 0;
  for (const [key, s] of src) {
    const t = out.get(key);
    if (!t) continue;
    const sc = s.comments ?? {};
    const tc = t.comments ?? {};
    const translator = (tc.translator ?? '').split('\n').filter((l) => !l.startsWith('low-confidence')).join('\n');
    if ((tc.translator ?? '').split('\n').some((l) => l.startsWith('low-confidence'))) lowConfidence++;
    if ((tc.flag ?? '').split(',').map((f) => f.trim()).includes('fuzzy')) fuzzy++;
    const same = (sc.reference ?? '') === (tc.reference ?? '') && (sc.extracted ?? '') === (tc.extracted ?? '') && (sc.previous ?? '') === (tc.previous ?? '') && (sc.translator ?? '') === translator && flags(sc.flag) === flags(tc.flag);
    if (same) commentsKept++;
    else failures.push(`${s.msgid}: comments, references or flags changed`);
  }
  const headers = (po.parse(outText) as unknown as { headers: Record<string, string> }).headers;
  const header = {
    Language: headers['Language'],
    'Plural-Forms': headers['Plural-Forms'],
    'Content-Type': headers['Content-Type'],
    'X-Generator': headers['X-Generator'],
  };
  if (header.Language !== 'es') failures.push(`header Language is ${header.Language}`);
  if (header['Plural-Forms'] !== SPANISH_PLURAL_FORMS) failures.push(`header Plural-Forms is ${header['Plural-Forms']}`);
  if (!/^text\/plain; charset=utf-8$/i.test(header['Content-Type'] ?? '')) failures.push(`header Content-Type is ${header['Content-Type']}`);
  if (!header['X-Generator']) failures.push('header X-Generator is missing');
  // msgfmt skips the format checks of fuzzy entries, so the file is also checked as a
  // reviewer would leave it after accepting every suggestion (fuzzy flags removed).
  const msgfmt = (input: string, label: string): string => {
    const run = spawnSync('msgfmt', ['--check', '-o', '/dev/null', '-'], { input, encoding: 'utf8' });
    if (run.error) return 'not installed';
    const first = run.stderr.split('\n').find((l) => l && !l.includes('warning: header field'));
    if (run.status !== 0) failures.push(`msgfmt --check (${label}): ${first ?? run.stderr.trim()}`);
    return run.status === 0 ? 'ok' : `failed: ${first}`;
  };
  const accepted = outText.replace(/^#, fuzzy, /gm, '#, ').replace(/^#, fuzzy\n/gm, '');
  return { commentsReferencesFlagsKept: commentsKept, fuzzy, lowConfidence, header, msgfmtCheck: msgfmt(outText, 'as written'), msgfmtCheckWithoutFuzzy: msgfmt(accepted, 'fuzzy flags removed') };
}

runCli(HELP, () => {
  const { values } = parseArgs({ options: { source: { type: 'string' }, translated: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean' } } });
  if (!values.source || !values.translated) throw new Error('--source and --translated are missing');
  for (const f of [values.source, values.translated]) if (!fs.existsSync(f)) throw new Error(`file not found: ${f}`);
  const format = (values.format ?? formatFromFileName(values.source)) as CatalogFormat | undefined;
  if (!format || !CATALOG_FORMATS.includes(format)) throw new Error(`unknown catalog format: use --format ${CATALOG_FORMATS.join('|')}`);
  const sourceText = fs.readFileSync(values.source, 'utf8');
  const outText = fs.readFileSync(values.translated, 'utf8');
  const source = parseCatalog(sourceText, format, values.source);
  const translated = format === 'json' ? parseI18nextJson(sourceText, values.source, outText) : parseCatalog(outText, format, values.translated);
  const report = checkCatalogPair(source, translated);
  const failures = [...report.failures];
  let extra: Record<string, unknown> = {};
  if (format === 'po') extra = checkPo(sourceText, outText, failures);
  if (format === 'xliff') {
    const wellFormed = XMLValidator.validate(outText) === true;
    if (!wellFormed) failures.push('output is not well-formed XML');
    const states = (outText.match(/<(?:\w+:)?target\b[^>]*\bstate="needs-translation"/g) ?? []).length + (outText.match(/<(?:\w+:)?segment\b[^>]*\bstate="initial"/g) ?? []).length;
    extra = { dialect: translated.dialect, wellFormed, reviewStates: states };
  }
  if (format === 'json') {
    const keys = (t: string) => JSON.stringify(Object.keys(JSON.parse(t) as object));
    extra = { dialect: translated.dialect, topLevelKeysInOrder: keys(sourceText) === keys(outText) || undefined };
  }
  console.log(JSON.stringify({ sourceFile: values.source, translatedFile: values.translated, ...report, ...extra, failures }, null, 2));
  if (failures.length) process.exitCode = 1;
});
