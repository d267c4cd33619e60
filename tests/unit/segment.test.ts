/**
 * Sentence segmentation: lossless (the pieces join back to the text), and correct on
 * multi-sentence texts with abbreviations ("e.g.", "Dr."), version numbers ("v2.0.1"),
 * placeholders, URLs, shortcuts and line breaks.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { segmentText } from '../../src/model/text/segment.ts';

const sentences = (t: string) => segmentText(t).filter((p) => p.sentence).map((p) => p.text);

/** Texts and their expected sentences. */
export const SEGMENT_CASES: [string, string[]][] = [
  ['Use a format, e.g. PNG. Then save the file.', ['Use a format, e.g. PNG.', 'Then save the file.']],
  ['Ask Dr. Smith about it. He knows the answer.', ['Ask Dr. Smith about it.', 'He knows the answer.']],
  ['Install v2.0.1 now. It fixes the crash.', ['Install v2.0.1 now.', 'It fixes the crash.']],
  ['Version 2.0. Next release is 3.1.4! Upgrade?', ['Version 2.0.', 'Next release is 3.1.4!', 'Upgrade?']],
  ['Open %s. Then close <b>%1$s</b>. Done.', ['Open %s.', 'Then close <b>%1$s</b>.', 'Done.']],
  ['See www.example.com. Then go to https://example.org/a.b. Thanks.', ['See www.example.com.', 'Then go to https://example.org/a.b.', 'Thanks.']],
  ['Press Ctrl+S. Then press F1.', ['Press Ctrl+S.', 'Then press F1.']],
  ['Some files, i.e. The ones you chose, are gone.', ['Some files, i.e. The ones you chose, are gone.']],
  ['He said "Stop." Then he left.', ['He said "Stop."', 'Then he left.']],
  ['Wait... what? Yes!', ['Wait... what?', 'Yes!']],
  ['First line\nSecond line. Third.', ['First line', 'Second line.', 'Third.']],
  ['Written by J. R. Smith. Read it.', ['Written by J. R. Smith.', 'Read it.']],
  ['The value is 3.5 m. This is fine.', ['The value is 3.5 m.', 'This is fine.']],
  ['Compare A vs. B first. Then decide.', ['Compare A vs. B first.', 'Then decide.']],
];

describe('segmentText', () => {
  for (const [text, expected] of SEGMENT_CASES) {
    it(`splits ${JSON.stringify(text)}`, () => expect(sentences(text)).toEqual(expected));
  }

  it('keeps the whitespace and line breaks between and around sentences', () => {
    const pieces = segmentText('  One.  Two.\n\n\tThree?  ');
    expect(pieces).toEqual([
      { text: '  ', sentence: false }, { text: 'One.', sentence: true }, { text: '  ', sentence: false },
      { text: 'Two.', sentence: true }, { text: '\n\n\t', sentence: false }, { text: 'Three?', sentence: true }, { text: '  ', sentence: false },
    ]);
  });

  it('is lossless on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'B', ' ', '.', '!', '?', '\n', '\r', '%s', 'e.g.', 'Dr.', '2.0', '"', '…', 'www.x.org') }), (t) => {
      const pieces = segmentText(t);
      expect(pieces.map((p) => p.text).join('')).toBe(t);
      for (const p of pieces) if (p.sentence) expect(p.text).toBe(p.text.trim());
      for (let i = 1; i < pieces.length; i++) expect(pieces[i].sentence || pieces[i - 1].sentence).toBe(true);
    }), { numRuns: 500 });
  });
});
