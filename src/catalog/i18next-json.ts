/**
 * i18next JSON resources, nested (`{"menu": {"open": "Open"}}`) or flat
 * (`{"menu.open": "Open"}`): every string leaf (also inside arrays) is a unit, keyed by its
 * path; numbers, booleans and null are kept. `{{var}}` interpolation is kept by the
 * engine's placeholder masking. Plural keys: `_one` and `_other` are translated as they
 * are (Spanish has the same two); Spanish also has CLDR's `many` category (1 000 000 …),
 * which i18next looks up as `_many`, so a `_many` key, when the source has none, is added
 * after `_other` with the `_other` translation. Keys and order are kept; the indentation of
 * the input is reused. The file is an English source: `previous` (an existing Spanish
 * file) supplies the translations that count as already done. No accelerators, no review
 * state and no notes exist in this format.
 */
import { CatalogSyntaxError, lineOfOffset, type CatalogUnit, type FilledUnit, type ParsedCatalog } from './catalog.ts';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface Leaf {
  path: (string | number)[];
  source: string;
}

function leaves(value: Json, path: (string | number)[], out: Leaf[]): Leaf[] {
  if (typeof value === 'string') out.push({ path, source: value });
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  return out;
}

function getAt(value: Json | undefined, path: (string | number)[]): Json | undefined {
  let v: Json | undefined = value;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, Json>)[p as string];
  }
  return v;
}

/**
 * Where JSON.parse gave up: V8 names a position for some errors only, so this walks the
 * JSON grammar and returns the offset of the first character that cannot continue it.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\r\n'.includes(text[i])) i++; };
  const fail = (): never => { throw i; };
  const lit = (word: string) => { for (const ch of word) { if (text[i] !== ch) fail(); i++; } };
  const str = () => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') { i++; if (text[i] === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail(); i += 4; } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail(); }
      i++;
    }
    if (text[i] !== '"') fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) { ws(); str(); ws(); if (text[i] !== ':') fail(); i++; value(); ws(); if (text[i] === ',') { i++; continue; } if (text[i] === '}') { i++; return; } fail(); }
    }
    if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) { value(); ws(); if (text[i] === ',') { i++; continue; } if (text[i] === ']') { i++; return; } fail(); }
    }
    if (c === '"') return str();
    if (c === 't') return lit('true');
    if (c === 'f') return lit('false');
    if (c === 'n') return lit('null');
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
  };
  try {
    value();
    ws();
    return i < text.length ? i : -1;
  } catch (at) {
    return at as number;
  }
}

function parseJson(text: string, file: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    const at = jsonErrorOffset(text);
    const msg = (e as Error).message.split(/, "|\n/)[0];
    throw new CatalogSyntaxError(file, lineOfOffset(text, at < 0 ? 0 : at), msg);
  }
}

export function parseI18nextJson(text: string, file: string, previous?: string): ParsedCatalog {
  const data = parseJson(text, file);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new CatalogSyntaxError(file, 1, 'an i18next resource file must be a JSON object');
  const old = previous === undefined ? undefined : parseJson(previous, `${file} (previous)`);
  const found = leaves(data, [], []);
  const units: CatalogUnit[] = found.map((leaf) => {
    const done = getAt(old, leaf.path);
    const translated = typeof done === 'string' && done.length > 0;
    return { key: leaf.path.join('.'), sources: [leaf.source], targets: [translated ? done : ''], translated, accelerators: false };
  });
  const nested = found.some((l) => l.path.length > 1);
  const indent = /^\{\s*\n([ \t]+)"/.exec(text)?.[1] ?? '  ';

  const write = (fills: readonly (FilledUnit | undefined)[]): string => {
    const out = structuredClone(data) as Json;
    found.forEach((leaf, i) => {
      const prev = getAt(old, leaf.path);
      const parent = getAt(out, leaf.path.slice(0, -1)) as Record<string, Json>;
      parent[leaf.path[leaf.path.length - 1] as string] = fills[i]?.forms[0] ?? (typeof prev === 'string' ? prev : leaf.source);
    });
    // Spanish `_many`: after each `_other` key whose object has no `_many`.
    const addMany = (value: Json): Json => {
      if (Array.isArray(value)) return value.map(addMany);
      if (value === null || typeof value !== 'object') return value;
      const copy: Record<string, Json> = {};
      for (const [k, v] of Object.entries(value)) {
        copy[k] = addMany(v);
        const base = /^(.*)_other$/.exec(k)?.[1];
        if (base !== undefined && typeof v === 'string' && !(`${base}_many` in value) && `${base}_one` in value) copy[`${base}_many`] = v;
      }
      return copy;
    };
    return JSON.stringify(addMany(out), null, indent) + (text.endsWith('\n') ? '\n' : '');
  };

  return { format: 'json', dialect: `i18next JSON (${nested ? 'nested' : 'flat'})`, units, write };
}
