/**
 * HTML segmentation of the LibreTranslate API's `format: "html"` (src/model/text/html-segments.ts):
 * blocks split, inline tags kept inside their segment, raw elements and comments untouched,
 * and the round trip exact (up to collapsed inner whitespace).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinHtml, segmentTexts, splitHtml } from '../../src/model/text/html-segments.ts';

const identity = (html: string) => {
  const parts = splitHtml(html);
  return joinHtml(parts, segmentTexts(parts));
};

describe('splitHtml / joinHtml', () => {
  it('splits at block tags and keeps inline tags with their text', () => {
    expect(segmentTexts(splitHtml('<p>Open the <b>file</b> now.</p>\n<ul><li>Print</li><li><a href="/x?a=1&amp;b=2">Go home</a></li></ul>'))).toEqual([
      'Open the <b>file</b> now.',
      'Print',
      '<a href="/x?a=1&amp;b=2">Go home</a>',
    ]);
  });

  it('keeps script, style, pre, textarea, comments and doctypes as they are', () => {
    const html = '<!DOCTYPE html><!-- a <p>comment</p> --><style>p { color: red }</style><script>x = "<p>hi</p>"</script><pre>  keep  me </pre><textarea>as is</textarea><p>Translate me</p>';
    expect(segmentTexts(splitHtml(html))).toEqual(['Translate me']);
    expect(identity(html)).toBe(html);
  });

  it('does not translate runs without letters', () => {
    expect(segmentTexts(splitHtml('<td>42</td><td>&nbsp;</td><td> <br> </td><td>3 &gt; 2</td>'))).toEqual([]);
  });

  it('keeps outer whitespace and collapses inner whitespace runs', () => {
    const parts = splitHtml('<p>\n  Open   the\n file \n</p>');
    expect(segmentTexts(parts)).toEqual(['Open the file']);
    expect(joinHtml(parts, ['Abrir el archivo'])).toBe('<p>\n  Abrir el archivo \n</p>');
  });

  it('puts translations back in order and rejects a wrong count', () => {
    const parts = splitHtml('<h1>Settings</h1><p>Save the <em>document</em></p>');
    expect(joinHtml(parts, ['Ajustes', 'Guardar el <em>documento</em>'])).toBe('<h1>Ajustes</h1><p>Guardar el <em>documento</em></p>');
    expect(() => joinHtml(parts, ['Ajustes'])).toThrow(/2 segments but 1 translations/);
  });

  it('round-trips any markup without whitespace runs exactly (property)', () => {
    const word = fc.stringMatching(/^[A-Za-z]{1,8}$/);
    const tag = fc.constantFrom('<p>', '</p>', '<b>', '</b>', '<br/>', '<li>', '</li>', '<a href="/x">', '</a>', '<!-- c -->', '&amp;');
    const piece = fc.oneof(word, tag, fc.constant(' '));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const html = pieces.join('').replace(/\s+/g, ' ');
        expect(identity(html)).toBe(html);
      }),
    );
  });
});
