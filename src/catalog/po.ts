/**
 * gettext PO/POT through gettext-parser, keeping the file as it was around the entries it
 * fills: the file is cut into its blank-line-separated blocks, each block is parsed and
 * compiled on its own (gettext-parser's table groups entries by context and puts numeric
 * msgids first, so the whole-file table would lose the order), and blocks that hold no
 * message (stray comments) are copied verbatim.
 *
 * Written file: UTF-8; header with Language: es, Plural-Forms `nplurals=2; plural=(n != 1);`,
 * Content-Type/Transfer-Encoding, PO-Revision-Date and X-Generator (the header's own
 * `fuzzy` flag is dropped: the header is now filled in). Every machine-filled entry gets the
 * `fuzzy` flag; a low-confidence one also gets a `# low-confidence <value>` translator comment.
 * Plurals: msgstr[0] translates msgid and msgstr[1] msgid_plural (Spanish: one, other).
 */
import { po } from 'gettext-parser';
import { CatalogSyntaxError, type CatalogUnit, type FilledUnit, type ParsedCatalog, type WriteOptions } from './catalog.ts';

/** Spanish plural rule, as gettext writes it. */
export const SPANISH_PLURAL_FORMS = 'nplurals=2; plural=(n != 1);';

interface PoComments {
  translator?: string;
  extracted?: string;
  reference?: string;
  flag?: string;
  previous?: string;
}

interface PoEntry {
  msgctxt?: string;
  msgid: string;
  msgid_plural?: string;
  msgstr: string[];
  comments?: PoComments;
}

interface PoTable {
  charset: string;
  headers?: Record<string, string>;
  translations: Record<string, Record<string, PoEntry>>;
  obsolete?: Record<string, Record<string, PoEntry>>;
}

type Block =
  | { kind: 'raw'; text: string }
  | { kind: 'header'; entry: PoEntry; headers: Record<string, string> }
  | { kind: 'entry'; entry: PoEntry; unit: number }
  | { kind: 'obsolete'; entry: PoEntry };

const parseTable = (text: string) => po.parse(text) as unknown as PoTable;
const compileTable = (table: PoTable) => new TextDecoder().decode(po.compile(table as never, { foldLength: 76 }) as Uint8Array);

/** The blank-line-separated chunks of a file, with their first line number. */
function chunks(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let current: string[] = [];
  let start = 1;
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') {
      if (current.length) out.push({ text: current.join('\n'), line: start });
      current = [];
    } else {
      if (!current.length) start = i + 1;
      current.push(line);
    }
  });
  if (current.length) out.push({ text: current.join('\n'), line: start });
  return out;
}

/** Entries of one parsed chunk, in their order of appearance in the chunk. */
function entriesOf(section: Record<string, Record<string, PoEntry>> | undefined, chunk: string): PoEntry[] {
  const all = Object.values(section ?? {}).flatMap((byId) => Object.values(byId));
  const at = (e: PoEntry) => {
    const i = chunk.indexOf(`msgid ${JSON.stringify(e.msgid).slice(0, 40)}`);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return all.sort((a, b) => at(a) - at(b));
}

function formatDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}+0000`;
}

function withFlag(flags: string | undefined, flag: string): string {
  const list = (flags ?? '').split(',').map((f) => f.trim()).filter((f) => f.length > 0 && f !== flag);
  return [flag, ...list].join(', ');
}

function withoutFlag(flags: string | undefined, flag: string): string | undefined {
  const list = (flags ?? '').split(',').map((f) => f.trim()).filter((f) => f.length > 0 && f !== flag);
  return list.length ? list.join(', ') : undefined;
}

/** Everything after the header block that gettext-parser always writes first. */
function afterHeader(compiled: string): string {
  const cut = compiled.indexOf('\n\n');
  return (cut < 0 ? '' : compiled.slice(cut + 2)).replace(/\n+$/, '');
}

export function parsePo(text: string, file: string): ParsedCatalog {
  const blocks: Block[] = [];
  const units: CatalogUnit[] = [];
  const seen = new Map<string, number>();
  for (const chunk of chunks(text)) {
    let table: PoTable;
    try {
      table = parseTable(chunk.text);
      if (typeof table?.translations !== 'object') throw new Error('not a PO message');
    } catch (e) {
      const msg = (e as Error).message.replace(/^Error parsing PO data: /, '').split('. ')[0];
      const rel = Number(/at line (\d+)/.exec(msg)?.[1] ?? '1');
      throw new CatalogSyntaxError(file, chunk.line + rel - 1, msg.replace(/ at line \d+/, ''));
    }
    const entries = entriesOf(table.translations, chunk.text);
    const obsolete = entriesOf(table.obsolete, chunk.text);
    if ([...entries, ...obsolete].some((e) => typeof e.msgid !== 'string' || !Array.isArray(e.msgstr))) throw new CatalogSyntaxError(file, chunk.line, 'a message without msgid or msgstr');
    if (entries.length === 0 && obsolete.length === 0) {
      if (/^\s*(msgid|msgstr|msgctxt)\b/m.test(chunk.text)) throw new CatalogSyntaxError(file, chunk.line, 'incomplete message (msgid without msgstr?)');
      blocks.push({ kind: 'raw', text: chunk.text });
      continue;
    }
    for (const entry of entries) {
      if (entry.msgid === '' && !entry.msgctxt) {
        if (blocks.some((b) => b.kind === 'header')) throw new CatalogSyntaxError(file, chunk.line, 'a second header entry (msgid "")');
        blocks.push({ kind: 'header', entry, headers: { ...(table.headers ?? {}) } });
        continue;
      }
      const key = `${entry.msgctxt ?? ''}\u0004${entry.msgid}`;
      if (seen.has(key)) throw new CatalogSyntaxError(file, chunk.line, `duplicate message definition (first at line ${seen.get(key)}): ${JSON.stringify(entry.msgid)}`);
      seen.set(key, chunk.line);
      blocks.push({ kind: 'entry', entry, unit: units.length });
      units.push({
        key: entry.msgid,
        ...(entry.msgctxt !== undefined ? { context: entry.msgctxt } : {}),
        sources: entry.msgid_plural !== undefined ? [entry.msgid, entry.msgid_plural] : [entry.msgid],
        targets: entry.msgstr.slice(),
        translated: entry.msgstr.some((s) => s.length > 0),
        accelerators: true,
      });
    }
    for (const entry of obsolete) blocks.push({ kind: 'obsolete', entry });
  }
  if (!blocks.some((b) => b.kind === 'header')) {
    const firstEntry = blocks.findIndex((b) => b.kind !== 'raw');
    blocks.splice(firstEntry < 0 ? blocks.length : firstEntry, 0, { kind: 'header', entry: { msgid: '', msgstr: [''] }, headers: {} });
  }

  const write = (fills: readonly (FilledUnit | undefined)[], options: WriteOptions): string => {
    const parts = blocks.map((block) => {
      if (block.kind === 'raw') return block.text;
      if (block.kind === 'header') {
        const headers: Record<string, string> = { ...block.headers };
        headers['Language'] = 'es';
        headers['MIME-Version'] = headers['MIME-Version'] ?? '1.0';
        headers['Content-Type'] = 'text/plain; charset=UTF-8';
        headers['Content-Transfer-Encoding'] = '8bit';
        headers['Plural-Forms'] = SPANISH_PLURAL_FORMS;
        if (!headers['Language-Team'] || headers['Language-Team'].startsWith('LANGUAGE ')) headers['Language-Team'] = 'Spanish';
        headers['PO-Revision-Date'] = formatDate(options.now ?? new Date());
        headers['X-Generator'] = options.generator;
        const comments = { ...block.entry.comments, flag: withoutFlag(block.entry.comments?.flag, 'fuzzy') };
        const entry = { ...block.entry, comments };
        return compileTable({ charset: 'utf-8', headers, translations: { '': { '': entry } } }).replace(/\n+$/, '');
      }
      if (block.kind === 'obsolete') {
        const e = block.entry;
        return afterHeader(compileTable({ charset: 'utf-8', headers: {}, translations: {}, obsolete: { [e.msgctxt ?? '']: { [e.msgid]: e } } }));
      }
      const fill = fills[block.unit];
      let entry = block.entry;
      if (fill) {
        const comments: PoComments = { ...entry.comments, flag: withFlag(entry.comments?.flag, 'fuzzy') };
        if (fill.lowConfidence) {
          const note = `low-confidence ${fill.confidence?.toFixed(2) ?? ''}`.trim();
          comments.translator = comments.translator ? `${comments.translator}\n${note}` : note;
        }
        entry = { ...entry, msgstr: fill.forms.slice(), comments };
      }
      return afterHeader(compileTable({ charset: 'utf-8', headers: {}, translations: { [entry.msgctxt ?? '']: { [entry.msgid]: entry } } }));
    });
    return parts.join('\n\n') + '\n';
  };

  return { format: 'po', dialect: 'PO', units, write };
}
