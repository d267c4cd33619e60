/**
 * The BLEU tokenizers against outputs of the real sacreBLEU 2.6.0 tokenizers on the same
 * strings (including its quirks: the zh tokenizer's accidental U+2001..U+2A6D range and
 * Python's whitespace set).
 */
import { describe, expect, it } from 'vitest';
import { getTokenizer, TOKENIZERS } from '../../src/metrics/index.ts';
import { isChineseChar } from '../../src/metrics/tokenizers.ts';
import { pySplit, pyStrip } from '../../src/metrics/python-compat.ts';

describe('13a, intl and zh tokenizers', () => {
  it.each([
    ['13a', "Hello, world! It's 3.5 km &amp; 1,000 <skipped>items.", "Hello , world ! It's 3.5 km & 1,000 items ."],
    ['13a', 'a-\nb 10-20 x&quot;y&lt;z&gt;', 'ab 10 - 20 x " y < z >'],
    ['13a', 'He said: "(ok)" $5 #1 2.', 'He said : " ( ok ) " $ 5 # 1 2 .'],
    ['13a', 'A\x1cB\x85C\ufeffD\u00a0E', 'A B C\ufeffD E'],
    ['intl', 'Hello, world! 3.5 1,000 2.', 'Hello , world ! 3.5 1,000 2.'],
    ['intl', '¿Qué? «sí» — €5 ©2024 a+b=c', '¿ Qué ? « sí » — € 5 © 2024 a + b = c'],
    ['intl', 'x\u00a0y 😀z', 'x y 😀 z'],
    ['zh', '我爱北京天安门。', '我 爱 北 京 天 安 门 。'],
    ['zh', ' 他说：“你好”—再见… €5 ', '他 说 ： “ 你 好 ” — 再 见 … € 5'],
    ['zh', 'ABC中文，test.', 'ABC 中 文 ， test .'],
    ['zh', '𠀀x 、', '𠀀x 、'],
  ] as const)('%s tokenizes %j like sacreBLEU', (name, input, want) => {
    expect(TOKENIZERS[name](input)).toBe(want);
  });

  it('treats U+2001..U+2A6D as Chinese but not U+2000 or astral ideographs, as sacreBLEU does', () => {
    expect([0x2000, 0x2001, 0x2014, 0x2a6d, 0x2a6e, 0x20000, 0x2f800, 0x4e00].map(isChineseChar)).toEqual([
      false, true, true, true, false, false, false, true,
    ]);
  });
});

describe('char and none tokenizers', () => {
  it('splits every code point, keeping astral characters whole', () => {
    expect(TOKENIZERS.char('ab c😀')).toBe('a b   c 😀');
    expect(TOKENIZERS.char(' x ')).toBe('  x  ');
  });

  it('leaves the line alone with none', () => {
    expect(TOKENIZERS.none(' a,b. ')).toBe(' a,b. ');
  });

  it('rejects an unknown tokenizer name', () => {
    expect(() => getTokenizer('moses' as never)).toThrow(/unknown BLEU tokenizer 'moses'/);
  });
});

describe('Python whitespace semantics', () => {
  it('splits on Python whitespace (U+001C, U+0085, U+3000) but not on U+FEFF or U+200B', () => {
    expect(pySplit('a\x1cb\x85c\u3000d\ufeffe\u200bf')).toEqual(['a', 'b', 'c', 'd\ufeffe\u200bf']);
    expect(pyStrip('\u2028 x \x1f')).toBe('x');
  });
});
