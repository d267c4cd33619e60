import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPlaceholders, mask, maskPair, placeholdersIntact, unmask, unmaskSeparated } from '../../src/model/text/placeholders.ts';
import { MAX_SENTINELS, sentinelChar } from '../../src/model/text/special-tokens.ts';

const S = sentinelChar;

describe('mask', () => {
  it.each([
    ['Open %s now', ['%s']],
    ['%1$s of %2$d', ['%1$s', '%2$d']],
    ['Value: %-5.2f%%', ['%-5.2f', '%%']],
    ['Hello %(name)s', ['%(name)s']],
    ['%q+D redeclared %<inline%>', ['%q+D', '%<', '%>']],
    ['Page %1 of %2', ['%1', '%2']],
    ['Welcome to %PRODUCTNAME', ['%PRODUCTNAME']],
    ['Deleted {0} of {count} items', ['{0}', '{count}']],
    ['Path is $HOME or ${XDG_DATA_HOME}.', ['$HOME', '${XDG_DATA_HOME}']],
    ['$leader.name (side $side|) sees $units[0].hp', ['$leader.name', '$side|', '$units[0].hp']],
    ['Press <b>Ctrl</b> and <a href="x.html">here</a><br/>', ['<b>', '</b>', '<a href="x.html">', '</a>', '<br/>']],
    ['Tom &amp; Jerry &#176;', ['&amp;', '&#176;']],
    ['See https://example.org/a?b=1.', ['https://example.org/a?b=1']],
    ['Mail bugs@example.org today', ['bugs@example.org']],
    ['Wait 15 seconds or 2.5 minutes', ['15', '2.5']],
  ])('masks the placeholders of %j', (text, expected) => {
    const { masked, slots } = mask(text);
    expect(slots).toEqual(expected);
    expect([...masked].filter((ch) => ch >= S(0) && ch <= S(MAX_SENTINELS - 1))).toEqual(expected.map((_, i) => S(i)));
  });

  it('does not mask help-text metavariables like <file> that the string never closes', () => {
    expect(mask('-o <file> Place output into <file>.').slots).toEqual([]);
    expect(mask('Use <terrain type> here').slots).toEqual([]);
    expect(mask('Line<br> break and <b>bold</b>').slots).toEqual(['<br>', '<b>', '</b>']);
  });

  it('leaves digits inside words and prose symbols alone', () => {
    expect(mask('Play mp3 files on x86_64 in 3D').slots).toEqual([]);
    expect(mask('50% done, a < b > c, 1,000 or 1, 2').slots).toEqual(['50', '1,000', '1', '2']);
  });

  it('gives every occurrence its own slot, in order', () => {
    expect(mask('%s and %s').masked).toBe(`${S(0)} and ${S(1)}`);
  });

  it('stops masking after MAX_SENTINELS slots and leaves the rest literal', () => {
    const text = Array.from({ length: MAX_SENTINELS + 3 }, (_, i) => `{${i}}`).join(' ');
    const { masked, slots } = mask(text);
    expect(slots).toHaveLength(MAX_SENTINELS);
    expect(masked.endsWith(`{${MAX_SENTINELS}} {${MAX_SENTINELS + 1}} {${MAX_SENTINELS + 2}}`)).toBe(true);
    expect(unmask(masked, slots)).toBe(text);
  });

  it('treats sentinel characters already in the text as placeholders', () => {
    const text = `a${S(3)}b %s`;
    const { masked, slots } = mask(text);
    expect(slots).toEqual([S(3), '%s']);
    expect(masked).toBe(`a${S(0)}b ${S(1)}`);
  });

  it('puts the remainder into the last slot when raw sentinels lie beyond the limit', () => {
    const text = Array.from({ length: MAX_SENTINELS + 2 }, () => '{x}').join(' ') + ` ${S(5)}`;
    const { masked, slots } = mask(text);
    expect(slots).toHaveLength(MAX_SENTINELS);
    expect(slots[MAX_SENTINELS - 1]).toBe(`{x} {x} {x} ${S(5)}`);
    expect(unmask(masked, slots)).toBe(text);
  });
});

const placeholderish = fc.constantFrom(
  '%s', '%d', '%1$s', '%%', '%(n)s', '{0}', '{name}', '$HOME', '${v}', '<b>', '</b>', '<br/>',
  '&amp;', 'http://a.b/c', 'x@y.org', '42', '3.14', ' ', 'a', 'é', '%', '{', '<', '$', '&', '.', '\n',
);
const sentinelish = fc.integer({ min: 0xe000, max: 0xe01f }).map((c) => String.fromCharCode(c));
const pieces = fc.array(fc.oneof(placeholderish, sentinelish, fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 3 })), {
  maxLength: 60,
});

describe('round trip', () => {
  it('unmask(mask(s)) === s for arbitrary strings, including private-use sentinels', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(sentinelish, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 80 }), (s) => {
        const { masked, slots } = mask(s);
        expect(unmask(masked, slots)).toBe(s);
      }),
      { numRuns: 5000 },
    );
  });

  it('unmask(mask(s)) === s for placeholder-dense strings beyond the slot limit', () => {
    fc.assert(
      fc.property(pieces, (parts) => {
        const s = parts.join('');
        const { masked, slots } = mask(s);
        expect(slots.length).toBeLessThanOrEqual(MAX_SENTINELS);
        expect(unmask(masked, slots)).toBe(s);
      }),
      { numRuns: 5000 },
    );
  });

  it('unmask(mask(s)) === s when raw sentinels follow more than MAX_SENTINELS placeholders', () => {
    const dense = fc.array(fc.oneof({ weight: 6, arbitrary: placeholderish }, { weight: 1, arbitrary: sentinelish }), {
      minLength: MAX_SENTINELS,
      maxLength: 3 * MAX_SENTINELS,
    });
    fc.assert(
      fc.property(dense, (parts) => {
        const s = parts.join(' ');
        const { masked, slots } = mask(s);
        expect(unmask(masked, slots)).toBe(s);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('unmask of model output', () => {
  it('drops sentinels whose slot does not exist and omits slots never mentioned', () => {
    const { slots } = mask('%s of %d');
    expect(unmask(`${S(1)} de ${S(7)}`, slots)).toBe('%d de ');
  });
});

describe('maskPair', () => {
  it('reuses the source slot characters in the target so the model can copy', () => {
    const pair = maskPair('Copy %s to <b>%s</b>', 'Copiar %s en <b>%s</b>');
    expect(pair.source).toBe(`Copy ${S(0)} to ${S(1)}${S(2)}${S(3)}`);
    expect(pair.target).toBe(`Copiar ${S(0)} en ${S(1)}${S(2)}${S(3)}`);
    expect(pair.unmatchedTarget).toBe(0);
  });

  it('follows reordered placeholders by text', () => {
    const pair = maskPair('{name} has {count} files', '{count} archivos de {name}');
    expect(pair.target).toBe(`${S(1)} archivos de ${S(0)}`);
  });

  it('leaves target-only placeholders literal and counts them', () => {
    const pair = maskPair('Angle: 1.5', 'Ángulo: 2,5 %s');
    expect(pair.slots).toEqual(['1.5']);
    expect(pair.target).toBe('Ángulo: 2,5 %s');
    expect(pair.unmatchedTarget).toBe(2);
  });

  it('matches numbers across decimal and thousands separators and $vars across their bar', () => {
    const pair = maskPair('Ratio 1.618, 1,000 items, $nick', 'Razón 1,618, 1.000 elementos, $nick|');
    expect(pair.target).toBe(`Razón ${S(0)}, ${S(1)} elementos, ${S(2)}`);
    expect(maskPair('15 or 1.5', '1,5').target).toBe(S(1));
  });

  it('deletes target-only sentinel characters', () => {
    const pair = maskPair('Plain', `Llano${S(4)}`);
    expect(pair.target).toBe('Llano');
    expect(pair.unmatchedTarget).toBe(1);
  });

  it('reuses a source slot when the target repeats its placeholder', () => {
    expect(maskPair('%s', '%s, %s').target).toBe(`${S(0)}, ${S(0)}`);
  });
});

describe('findPlaceholders', () => {
  it('reports positions of non-overlapping placeholders', () => {
    expect(findPlaceholders('a %s b {0}')).toEqual([
      { index: 2, text: '%s' },
      { index: 7, text: '{0}' },
    ]);
  });
});

describe('placeholdersIntact', () => {
  const table: [source: string, output: string, allowed: string[], intact: boolean][] = [
    ['Copy %s to %d files', 'Copiar %s a %d archivos', [], true],
    ['Copy %s to %d files', 'Copiar %s a archivos', [], false], // dropped
    ['Copy %s to %s', 'Copiar %s a %s y %s', [], false], // duplicated
    ['Delete {name}?', '¿Eliminar {nombre}?', [], false], // altered
    ['Level 3 of 10', 'Nivel 3 de 10', [], true],
    ['Level 3 of 10', 'Nivel 310', [], false], // two number slots glued into one
    ['6th row', '6.ª fila', [], true], // a number copied out of a glued source form
    ['Cost: 12g', 'Coste: 12 de oro', [], true],
    ['Cost: 12g', 'Coste: 13 de oro', [], false], // an invented number
    ['Hello $user', 'Hola $user|', [], false], // a $var slot glued to a literal bar parses differently
    ['Open the Inbox', 'Abra Bandeja 2', ['Bandeja 2'], true], // a number inside a glossary target
    ['Press Ctrl+S', 'Pulse Ctrl+S', [], true],
    ['', '', [], true],
  ];
  it.each(table)('%j → %j (allowed %j) is intact: %s', (source, output, allowed, intact) => {
    expect(placeholdersIntact(source, output, allowed)).toBe(intact);
  });

  it('holds for every text against itself, and fails when a placeholder is removed', () => {
    const ph = fc.constantFrom('%s', '%d', '{0}', '{name}', '$user', '<b>', '</b>', '42', '3.5', 'Ctrl+S', '%1$s', 'https://example.org/a');
    const word = fc.constantFrom('file', 'the', 'open', 'save', 'to');
    fc.assert(fc.property(fc.array(fc.oneof(ph, word), { minLength: 1, maxLength: 8 }), (parts) => {
      const text = parts.join(' ');
      expect(placeholdersIntact(text, text)).toBe(true);
      const found = findPlaceholders(text);
      if (found.length > 0) {
        const f = found[found.length - 1];
        expect(placeholdersIntact(text, text.slice(0, f.index) + text.slice(f.index + f.text.length))).toBe(false);
      }
    }));
  });
});

describe('unmaskSeparated', () => {
  it('separates slots glued to literal text that changes their parse, and nothing else', () => {
    expect(unmaskSeparated(`${S(0)}1${S(1)} files`, ['2', '3'])).toBe('2 1 3 files');
    expect(unmaskSeparated(`de ${S(0)}|B`, ['$city'])).toBe('de $city |B');
    expect(unmaskSeparated(`Copiar ${S(0)}s a ${S(1)}.`, ['%s', '{dir}'])).toBe('Copiar %ss a {dir}.');
    expect(unmaskSeparated(`Abra ${S(0)}2`, ['Bandeja'])).toBe('Abra Bandeja2'); // a glossary slot is not a placeholder
    expect(unmaskSeparated(`x ${S(5)} y`, ['%s'])).toBe('x  y'); // a slot that does not exist is dropped, as by unmask
  });

  it('always yields each placeholder slot parsed as itself, for any literal glue around it', () => {
    const slotText = fc.constantFrom('2', '3.5', '$city', '%s', '{0}', 'Ctrl+S');
    const glue = fc.constantFrom('', '1', '|', 'a', '.', ',', '-', '_', 'x9');
    fc.assert(fc.property(fc.array(fc.tuple(glue, slotText), { minLength: 1, maxLength: 5 }), glue, (parts, tail) => {
      const slots = parts.map(([, t]) => t);
      const masked = parts.map(([g], i) => g + S(i)).join('') + tail;
      const out = unmaskSeparated(masked, slots);
      const found = findPlaceholders(out).map((f) => f.text);
      for (const t of new Set(slots)) expect(found.filter((f) => f === t).length, out).toBeGreaterThanOrEqual(slots.filter((x) => x === t).length);
    }));
  });
});

describe('placeholders across sentences and next to tags', () => {
  it('reads "%2</b>" as Qt\'s %2 and a closing tag, and keeps gcc\'s bare %< %> markers', () => {
    expect(findPlaceholders('Event <b>%2</b> not found').map((f) => f.text)).toEqual(['<b>', '%2', '</b>']);
    expect(findPlaceholders('%<inline%> and %qs').map((f) => f.text)).toEqual(['%<', '%>', '%qs']);
  });

  it('masks an opening tag that only a later sentence closes when given the whole text as context', () => {
    const text = '<html><body><p>First sentence. Second one.</p></body></html>';
    const first = '<html><body><p>First sentence.';
    expect(mask(first).slots).toEqual([]); // alone, <html> <body> <p> read as help-text metavariables
    expect(mask(first, [], { context: text }).slots).toEqual(['<html>', '<body>', '<p>']);
    expect(placeholdersIntact(first, '<html><body><p>Primera frase.', [], { context: text })).toBe(true);
    expect(placeholdersIntact(first, '<ht><body><p>Primera frase.', [], { context: text })).toBe(false);
  });
});
