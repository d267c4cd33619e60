/**
 * Importers for user-supplied parallel data (`--data FILE`): TSV (en<TAB>es per
 * line, optional header), gettext .po and .mo, and TMX (first tuv whose xml:lang
 * starts with en / es in each tu). Problems throw InputError naming the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from './input-error.ts';
import { parseMo, parsePo, type RawPair } from './read-gettext.ts';
import { attrOf, childrenOf, findAll, parseXml, tagOf, textContent } from './xml-tree.ts';

export type UserDataFormat = 'tsv' | 'po' | 'mo' | 'tmx';

export function formatOf(file: string): UserDataFormat | undefined {
  const ext = path.extname(file).toLowerCase().slice(1);
  return ext === 'tsv' || ext === 'po' || ext === 'mo' || ext === 'tmx' ? ext : undefined;
}

export function readUserData(file: string): RawPair[] {
  const format = formatOf(file);
  if (!format) throw new InputError(file, `unknown extension "${path.extname(file)}" (expected .tsv, .po, .mo or .tmx)`);
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? (error as Error).message})`);
  }
  switch (format) {
    case 'mo':
      return parseMo(buffer, file);
    case 'po':
      return parsePo(buffer, file);
    case 'tsv':
      return parseTsv(buffer.toString('utf8'), file);
    case 'tmx':
      return parseTmx(buffer.toString('utf8'), file);
  }
}

const HEADER_EN = new Set(['en', 'eng', 'english', 'source', 'src']);
const HEADER_ES = new Set(['es', 'spa', 'spanish', 'target', 'tgt']);

/** One pair per non-empty line, `en<TAB>es`; a first line like `en<TAB>es` or `source<TAB>target` is a header. */
export function parseTsv(text: string, file: string): RawPair[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const pairs: RawPair[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const cells = line.split('\t');
    if (cells.length !== 2) throw new InputError(file, `line ${index + 1}: expected 2 tab-separated columns, found ${cells.length}`);
    const [en, es] = cells;
    if (index === 0 && HEADER_EN.has(en.trim().toLowerCase()) && HEADER_ES.has(es.trim().toLowerCase())) return;
    pairs.push({ en, es });
  });
  return pairs;
}

/** Inline TMX codes carry native markup, not translatable text. */
const TMX_CODES = new Set(['bpt', 'ept', 'ph', 'it', 'ut']);

export function parseTmx(text: string, file: string): RawPair[] {
  const tree = parseXml(text);
  if (typeof tree === 'string') throw new InputError(file, `malformed TMX (${tree})`);
  const root = tree.find((node) => tagOf(node) === 'tmx');
  if (!root || !childrenOf(root).some((node) => tagOf(node) === 'body'))
    throw new InputError(file, 'malformed TMX (no <tmx><body>)');
  const pairs: RawPair[] = [];
  for (const tu of findAll([root], 'tu')) {
    let en: string | undefined;
    let es: string | undefined;
    for (const tuv of childrenOf(tu).filter((node) => tagOf(node) === 'tuv')) {
      const lang = (attrOf(tuv, 'xml:lang') ?? attrOf(tuv, 'lang') ?? '').toLowerCase();
      const seg = childrenOf(tuv).find((node) => tagOf(node) === 'seg');
      if (!seg) continue;
      const value = textContent(seg, TMX_CODES);
      if (en === undefined && /^en(?:$|[-_])/.test(lang)) en = value;
      if (es === undefined && /^es(?:$|[-_])/.test(lang)) es = value;
    }
    if (en !== undefined && es !== undefined) pairs.push({ en, es });
  }
  return pairs;
}
