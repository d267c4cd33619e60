/**
 * Reads raw (msgid, msgstr) pairs from gettext catalogues (.mo and .po) with
 * gettext-parser. Skips the header (empty msgid) and untranslated entries,
 * drops msgctxt, and takes the singular of plural entries (msgid / msgstr[0]).
 */
import { mo, po, type GetTextTranslations } from 'gettext-parser';
import { InputError } from './input-error.ts';

export interface RawPair {
  en: string;
  es: string;
}

export function catalogueEntries(table: GetTextTranslations): RawPair[] {
  const pairs: RawPair[] = [];
  for (const messages of Object.values(table.translations)) {
    for (const message of Object.values(messages)) {
      const es = message.msgstr?.[0] ?? '';
      if (message.msgid === '' || es === '') continue;
      pairs.push({ en: message.msgid, es });
    }
  }
  return pairs;
}

const MO_MAGIC = 0x950412de;

/** Parses a binary .mo file; throws InputError naming `file` when it is not a well-formed catalogue. */
export function parseMo(buffer: Buffer, file: string): RawPair[] {
  checkMoStructure(buffer, file);
  let table: GetTextTranslations | false;
  try {
    table = mo.parse(buffer, 'utf-8') as GetTextTranslations | false;
  } catch (error) {
    throw new InputError(file, `corrupt .mo file (${(error as Error).message})`);
  }
  if (!table) throw new InputError(file, 'corrupt .mo file (bad magic number)');
  return catalogueEntries(table);
}

/** Parses .po text; throws InputError naming `file` on a syntax error. */
export function parsePo(buffer: Buffer, file: string): RawPair[] {
  try {
    return catalogueEntries(po.parse(buffer, { defaultCharset: 'utf-8' }));
  } catch (error) {
    throw new InputError(file, `malformed .po file (${(error as Error).message})`);
  }
}

/** Validates the .mo header and string tables so a truncated or foreign file is rejected, not misread. */
function checkMoStructure(buffer: Buffer, file: string): void {
  const fail = (why: string): never => {
    throw new InputError(file, `corrupt .mo file (${why})`);
  };
  if (buffer.length < 28) fail('too short');
  let read: (offset: number) => number;
  if (buffer.readUInt32LE(0) === MO_MAGIC) read = (o) => buffer.readUInt32LE(o);
  else if (buffer.readUInt32BE(0) === MO_MAGIC) read = (o) => buffer.readUInt32BE(o);
  else return fail('bad magic number');
  const total = read(8);
  for (const table of [read(12), read(16)]) {
    if (table + total * 8 > buffer.length) fail('string table outside the file');
    for (let i = 0; i < total; i++) {
      const length = read(table + i * 8);
      const position = read(table + i * 8 + 4);
      if (position + length > buffer.length) fail(`string ${i} outside the file`);
    }
  }
}
