/**
 * Package descriptions translated by the Debian Description Translation Project (DDTP):
 * English from the cached `Translation-en` indices, Spanish from `Translation-es`, aligned by
 * `Description-md5`. Each description gives its synopsis pair and, when both sides split into
 * the same number of sentences (see sentences.ts), one pair per sentence; a description whose
 * sentence counts disagree contributes its synopsis only and is counted as dropped.
 */
import { indexFiles, readIndex } from './apt.ts';
import type { RawPair } from '../read-gettext.ts';
import { descriptionSegments } from './sentences.ts';

export interface DdtpStats {
  /** Distinct Spanish descriptions (by Description-md5) in Translation-es. */
  spanish: number;
  /** Of those, with an English original in Translation-en. */
  aligned: number;
  /** Aligned descriptions whose bodies split into the same number of sentences on both sides. */
  sentenceCountsAgree: number;
  /** Aligned descriptions whose bodies were dropped because their sentence counts disagree. */
  sentenceCountsDisagree: number;
  rawPairs: number;
}

/** md5 → description text (synopsis line, then the body lines with their leading space). */
export function parseTranslationIndex(text: string, language: 'en' | 'es'): Map<string, string> {
  const out = new Map<string, string>();
  const field = `Description-${language}:`;
  for (const stanza of text.split(/\n\s*\n/)) {
    const md5 = /^Description-md5:\s*([0-9a-f]{32})\s*$/m.exec(stanza)?.[1];
    const at = stanza.indexOf(`\n${field}`) >= 0 ? stanza.indexOf(`\n${field}`) + 1 : stanza.startsWith(field) ? 0 : -1;
    if (!md5 || at < 0 || out.has(md5)) continue;
    const lines = stanza.slice(at + field.length).split('\n');
    const body: string[] = [lines[0].trim()];
    for (const line of lines.slice(1)) {
      if (!line.startsWith(' ') && !line.startsWith('\t')) break;
      body.push(line);
    }
    out.set(md5, body.join('\n'));
  }
  return out;
}

/** Aligns English and Spanish descriptions (maps md5 → text) into raw sentence pairs, in md5 order. */
export function alignDescriptions(en: ReadonlyMap<string, string>, es: ReadonlyMap<string, string>): { pairs: RawPair[]; stats: DdtpStats } {
  const stats: DdtpStats = { spanish: es.size, aligned: 0, sentenceCountsAgree: 0, sentenceCountsDisagree: 0, rawPairs: 0 };
  const pairs: RawPair[] = [];
  for (const md5 of [...es.keys()].sort()) {
    const english = en.get(md5);
    if (english === undefined) continue;
    stats.aligned++;
    const a = descriptionSegments(english);
    const b = descriptionSegments(es.get(md5)!);
    pairs.push({ en: a.synopsis, es: b.synopsis });
    if (a.sentences.length === b.sentences.length) {
      stats.sentenceCountsAgree++;
      a.sentences.forEach((sentence, i) => pairs.push({ en: sentence, es: b.sentences[i] }));
    } else stats.sentenceCountsDisagree++;
  }
  stats.rawPairs = pairs.length;
  return { pairs, stats };
}

/** Reads the cached Translation-en and Translation-es indices of main and aligns them. */
export function readDdtp(cache: string): { pairs: RawPair[]; stats: DdtpStats } {
  const read = (language: 'en' | 'es') => {
    const merged = new Map<string, string>();
    for (const file of indexFiles(cache, `_main_i18n_Translation-${language}`))
      for (const [md5, text] of parseTranslationIndex(readIndex(file), language)) if (!merged.has(md5)) merged.set(md5, text);
    return merged;
  };
  return alignDescriptions(read('en'), read('es'));
}
