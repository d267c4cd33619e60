/**
 * Serialises a vocabulary as stable, diff-friendly JSON: one piece and one merge per line,
 * fixed key order, private-use characters escaped, trailing newline. Same input → byte-identical file.
 */
import type { VocabJSON } from '../../src/model/text/vocab.ts';

/** JSON.stringify, with private-use characters (the sentinels) written as \uXXXX escapes. */
const s = (value: unknown): string =>
  JSON.stringify(value).replace(/[\uE000-\uF8FF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function formatVocabJSON(json: VocabJSON): string {
  const lines = [
    '{',
    `  "format": ${s(json.format)},`,
    `  "version": ${s(json.version)},`,
    `  "normalization": ${s(json.normalization)},`,
    '  "vocab": [',
    json.vocab.map((p) => `    ${s(p)}`).join(',\n'),
    '  ],',
    '  "merges": [',
    json.merges.map(([a, b]) => `    [${s(a)}, ${s(b)}]`).join(',\n'),
    '  ],',
    `  "specials": ${s(json.specials)}${json.training ? ',' : ''}`,
  ];
  if (json.training) lines.push(`  "training": ${s(json.training)}`);
  lines.push('}', '');
  return lines.join('\n');
}
