/**
 * Hostile inputs for the fuzz tests: hand-picked adversarial texts (lone surrogates,
 * control characters, emoji, right-to-left text, placeholder look-alikes, our own
 * sentinel characters...), fast-check arbitraries for texts, option values and raw
 * bodies, and builders for deeply nested JSON and invalid UTF-8.
 */
import fc from 'fast-check';

const repeat = (s: string, n: number) => s.repeat(n);

/**
 * Texts a tokenizer, a masker or a JSON layer could choke on. Each is <= 1000 code points;
 * only two encode to more than 300 subwords (the 1000-letter words), which keeps the
 * encoder's share of the fuzz run small.
 */
export const ADVERSARIAL_TEXTS: readonly string[] = [
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  'a\uDC00b\uD83D', // lone surrogates inside text, one at the end
  '\u0000', // NUL alone (not blank for trim())
  'tab\there\u0000nul\u0007bell\u001b[31mred\u001b[0m',
  '\u200B\u200C\u200D\uFEFF', // zero-width characters only
  '\u2028\u2029', // JS line/paragraph separators (blank: trim() removes them)
  '😀👩‍👩‍👧‍👦🏳️‍🌈 🇪🇸 emoji',
  '\u{1F600}'.repeat(999),
  'مرحبا بالعالم', // Arabic (RTL)
  'שלום עולם \u202Eevil\u202C', // Hebrew with an RTL override
  'e\u0301\u0301\u0301\u0301 Z\u0351\u0352\u0353\u0354\u0355\u0356', // stacked combining marks
  'ﬁ ﬀ ℌ ① Ａ', // compatibility characters (NFC leaves them)
  '%s %1$s {0} <b>bold</b> %d%% ${HOME} $(VAR) {{name}} &amp; %(name)s',
  repeat('%s ', 40), // more placeholders than sentinel slots
  repeat('{0}', 60), // 60 brace placeholders, 32 slots
  '\uE000\uE001\uE01F\uE020', // our own sentinel characters (and one past the range)
  repeat('\uE000', 100),
  '<b><i><u>nested</u></i></b> <br/> <a href="x">link</a>',
  'https://example.com/a?b=c&d=e#f mail@example.com www.example.org',
  repeat('a', 1000), // one 1000-character word
  repeat('a.', 150), // 300 one-character pieces
  repeat('Supercalifragilistic', 50),
  repeat('ab ', 100),
  '1,000.5 3.14 -2 1e9 0x1F 1/2',
  '\u0130stanbul \u00DF \u03A3', // case-mapping traps
  '"quotes" \\backslash\\ \'single\' `back`',
  '\r\n\r\nline breaks\r\n',
  '▁ leading marker ▁▁', // the BPE word-start marker as literal text
  '\uFFFD\uFFFE\uFFFF', // replacement and non-characters
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕄𝕒𝕥𝕙',
  '中文 日本語 한국어',
];

/** One UTF-16 code unit, any value (so lone surrogates are common). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

/** Short texts drawn from every corner of Unicode, weighted towards the hostile ones. */
export const hostileText = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...ADVERSARIAL_TEXTS.filter((t) => t.length <= 4 * maxLength)),
    fc.string({ unit: codeUnit, minLength: 1, maxLength }),
    fc.string({ unit: 'binary', minLength: 1, maxLength }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength }),
    fc.string({ unit: fc.constantFrom('%', 's', '$', '{', '}', '<', '>', '/', 'b', '1', '&', ';', ' ', '\uE000', '.', ','), minLength: 1, maxLength }),
  );

/** Option values of every JSON type, in and out of range. */
export const optionValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -3, max: 300 }),
  fc.constantFrom(0, -0, 1, 2, 8, 9, 256, 257, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, 5e-324, 0.5, 1.5, 2.0000001),
  fc.double(),
  fc.constantFrom('4', '', 'NaN', 'Infinity', true, false, null, [], {}, [1], { value: 1 }),
);

/** A JSON document nested `depth` levels deep, as arrays, objects or a mix, optionally inside `text`. */
export function nestedJson(depth: number, kind: 'array' | 'object' | 'mixed', underText: boolean): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    const asArray = kind === 'array' || (kind === 'mixed' && i % 2 === 0);
    open += asArray ? '[' : '{"a":';
    close = (asArray ? ']' : '}') + close;
  }
  const doc = `${open}"x"${close}`;
  return underText ? `{"text":${doc}}` : doc;
}

/** Invalid UTF-8 sequences: stray continuation bytes, overlong forms, encoded surrogates, truncated sequences, 0xFF. */
export const INVALID_UTF8: readonly number[][] = [
  [0x80],
  [0xbf, 0xbf],
  [0xc0, 0xaf], // overlong '/'
  [0xe0, 0x80, 0xaf], // overlong
  [0xed, 0xa0, 0x80], // UTF-8-encoded surrogate U+D800
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xf0, 0x9f, 0x98], // truncated emoji
  [0xe2, 0x82], // truncated euro sign
  [0xff],
  [0xfe, 0xff],
];

const encoder = new TextEncoder();
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** `{"text":"<prefix><bad bytes><suffix>"}` (or the same in a /bleu body) as raw bytes. */
export function bodyWithBytes(route: '/translate' | '/bleu', bad: number[], prefix = 'hello ', suffix = ' world'): Uint8Array {
  const [head, tail] =
    route === '/translate' ? ['{"text":"', '","beam":1,"maxLength":8}'] : ['{"hypotheses":["', '"],"references":["hello world"]}'];
  return concat(encoder.encode(head + prefix), Uint8Array.from(bad), encoder.encode(suffix + tail));
}

/** Arbitrary raw bodies: random bytes, JSON with invalid UTF-8 spliced in, BOM-prefixed and UTF-16 JSON. */
export const rawBody = (route: '/translate' | '/bleu'): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.tuple(fc.constantFrom(...INVALID_UTF8), fc.constantFrom('', 'hola ', '%s '), fc.constantFrom('', ' mundo')).map(([bad, p, s]) =>
      bodyWithBytes(route, bad, p, s),
    ),
    fc.array(fc.constantFrom(...INVALID_UTF8), { minLength: 1, maxLength: 8 }).map((bads) => bodyWithBytes(route, bads.flat())),
    fc.constant(concat(Uint8Array.of(0xef, 0xbb, 0xbf), encoder.encode(route === '/translate' ? '{"text":"hi","beam":1}' : '{"hypotheses":["a"],"references":["a"]}'))),
    fc.constant(
      (() => {
        const json = '{"text":"hi"}';
        const utf16 = new Uint8Array(json.length * 2);
        for (let i = 0; i < json.length; i++) utf16[2 * i] = json.charCodeAt(i);
        return utf16;
      })(),
    ),
  );

/** Content-Type headers that are not JSON (or are malformed), plus absent (undefined). */
export const WRONG_CONTENT_TYPES: readonly (string | undefined)[] = [
  undefined,
  '',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/jsonp',
  'application/json-patch', // not +json
  'json',
  'application/',
  '*/*',
  'application/json, text/plain', // a list is not one media type
  ';;;',
  'x'.repeat(2000),
];
