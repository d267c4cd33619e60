/**
 * Splits a Debian package description into sentence-sized segments, with one rule set for
 * English and Spanish so both sides of a translation split the same way:
 *  - the long description is cut into blocks: paragraphs (` .` lines) and list items (lines
 *    starting with `*`, `-`, `+` or `•`; not `o`, which
 *    starts Spanish continuation lines as the word "or"); preformatted lines (indented four spaces or more)
 *    are their own blocks; the lines of a block are joined with one space;
 *  - a block is cut after `.`, `!`, `?` or `…` (plus closing quotes or brackets) followed by a space
 *    and a capital, a digit or an opening `¿ ¡ " ' (`, except after an abbreviation: a single letter
 *    (`J. Smith`), a word with an inner dot (`e.g.`, `A.D.`, `p.ej.`) or one of ABBREVIATIONS.
 */

/** Lower-cased abbreviations (without their final dot) after which a period does not end a sentence. */
export const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'etc', 'vs', 'cf', 'approx', 'dr', 'mr', 'mrs', 'ms', 'prof', 'st', 'no', 'nr', 'vol', 'inc', 'ltd', 'co', 'corp', 'jr', 'sr',
  'sra', 'srta', 'ej', 'p.ej', 'aprox', 'núm', 'pág', 'ed', 'fig', 'ver', 'v', 'ca', 'dept', 'est', 'et al', 'al', 'ing', 'lic', 'ud', 'uds',
]);

/** The blocks of a description body (the lines after the synopsis, each with its leading space). */
export function descriptionBlocks(body: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) blocks.push(current.join(' ').replace(/\s+/g, ' ').trim());
    current = [];
  };
  for (const raw of body.split('\n')) {
    if (raw.trim() === '') continue;
    const line = raw.startsWith(' ') ? raw.slice(1) : raw;
    if (line.trim() === '.') {
      flush();
      continue;
    }
    if (/^\s{4,}\S/.test(line) && !/^\s*[*\-+•]\s/.test(line)) {
      flush();
      blocks.push(line.trim());
      continue;
    }
    if (/^\s*[*\-+•]\s+/.test(line)) {
      flush();
      current.push(line.replace(/^\s*[*\-+•]\s+/, ''));
      continue;
    }
    current.push(line.trim());
  }
  flush();
  return blocks.filter((b) => b !== '');
}

const END = /([.!?…]+)(["'»”’)\]]*)\s+(?=[\p{Lu}\p{N}¿¡"'«“(])/gu;

/** The sentences of one block of text. */
export function splitSentences(block: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of block.matchAll(END)) {
    const end = match.index + match[1].length + match[2].length;
    if (match[1] === '.' && match[2] === '' && isAbbreviation(block.slice(start, match.index))) continue;
    const sentence = block.slice(start, end).trim();
    if (sentence !== '') sentences.push(sentence);
    start = match.index + match[0].length;
  }
  const rest = block.slice(start).trim();
  if (rest !== '') sentences.push(rest);
  return sentences;
}

function isAbbreviation(before: string): boolean {
  const word = /(\S+)$/.exec(before)?.[1] ?? '';
  const bare = word.replace(/^[("'«“¿¡[]+/, '').toLowerCase();
  if (bare === '') return false;
  if (/^\p{L}$/u.test(bare)) return true;
  if (/\p{L}\.\p{L}/u.test(bare)) return true;
  return ABBREVIATIONS.has(bare);
}

/** Every segment of a description: its synopsis, then the sentences of each block of its body. */
export function descriptionSegments(description: string): { synopsis: string; sentences: string[] } {
  const newline = description.indexOf('\n');
  const synopsis = (newline < 0 ? description : description.slice(0, newline)).trim();
  const body = newline < 0 ? '' : description.slice(newline + 1);
  return { synopsis, sentences: descriptionBlocks(body).flatMap(splitSentences) };
}
