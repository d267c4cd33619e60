/**
 * A cheap test of whether a msgstr is Spanish, to catch what a large crawl brings: English
 * copied through and catalogues filled in another language. It counts function words, which
 * every sentence has and which rarely cross languages. The msgstr is weighed against each
 * language in turn, counting only words that one side has and the other has not:
 *  - Spanish points: Spanish function words (`el`, `de`, `que`, `para`, …) the other language
 *    lacks, and the letters `ñ ¿ ¡`;
 *  - the other language's points: its function words Spanish lacks (`the`, `não`, `amb`, `unha`,
 *    `avec`, `della`, `und`), letters Spanish never writes (`ç ã õ à è ò ê â ô ß l·l`) and
 *    elisions (`s'ha`, `d'ouvrir`; not for English), 1 each.
 * Verdicts:
 *  - `english` when English has at least 2 points and more than Spanish, or when the msgstr's
 *    words are the msgid's words (case aside), at least two of them;
 *  - `other` for mojibake (UTF-8 read as Latin-1: `Ã³`, `Ã¡`) the msgid does not have, or when
 *    Portuguese, Catalan, Galician, French, Italian or German has at least 2 points and more than
 *    Spanish, not counting words copied from the msgid (names and terms: `MIT`, `file`, `Näfels`);
 *  - otherwise `spanish`, which includes "no evidence" (short labels, names, technical strings).
 * Placeholders and markup are ignored.
 */
import { mask } from '../../../src/model/text/placeholders.ts';
import { MARKUP_TAG } from './no-words.ts';

export type LanguageVerdict = 'spanish' | 'english' | 'other';

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));

const SPANISH = words(`el la los las de del que y en un una unos unas es son por para con no se su sus al lo como más pero este esta
  esto estos estas ese esa eso está están ha han hay puede pueden sin sobre entre cuando también muy ya ni desde hasta usted ustedes
  le les nos fue ser estar todo todos toda todas otro otra otros otras debe cual cuál qué donde dónde porque según mediante ningún ninguna
  algún alguna archivo archivos carpeta fichero ficheros`);

/** Elisions (`l'arxiu`, `d'ouvrir`, `dell'archivio`), which Spanish never writes. */
const ELISION = /(?:^|\s)(?:[dlsmntcj]|qu|dell|all|sull|nell)['’]\p{L}/giu;

interface Language {
  /** Its function words (may include words shared with Spanish: those count for neither). */
  words: Set<string>;
  /** Letters or spellings Spanish never uses, 2 points each. */
  marks?: RegExp;
}

const ENGLISH: Language = {
  words: words(`the of to and is are with for this that you your not be from by an it on or will can cannot has have which was were
    been if when all into there these those would should could its their than then only also more must does do folder please enter
    select click using used use new open save show set`),
};

const OTHER: Record<string, Language> = {
  portuguese: { words: words('não uma um do da das em na nas ao aos pelo pela você isso então arquivo ficheiro são é também de que se'), marks: /[ãõç]/gu },
  catalan: { words: words('el la els les de del dels que en un una és per amb no es se ha hi ho al als pel aquest aquesta aquests què fitxer fitxers també són seu cal pot'), marks: /[àèòç]|l·l/gu },
  galician: { words: words('non unha dun dunha co coa ficheiro ficheiros tamén está nun nunha polo pola de que en'), marks: /[ç]/gu },
  french: { words: words('le la les des de du et est avec pour dans un une sur vous ce cette sont pas ne au aux fichier fichiers être impossible'), marks: /[çàèùêâôîûœ]/gu },
  italian: { words: words('il lo la gli le della delle dei degli di non che è sono questo questa nel nella alla alle per con un una impossibile'), marks: /[àèìòù]/gu },
  german: { words: words('der die das und ist nicht mit für von zu ein eine den dem sie wird werden auf auch datei dateien kann konnte'), marks: /[ßäö]/gu },
};

function tokens(text: string): string[] {
  const bare = mask(text)
    .masked.replace(MARKUP_TAG, ' ')
    .replace(/&[A-Za-z#0-9]+;/g, ' ')
    .toLowerCase();
  return bare.match(/[\p{L}·'’]+/gu)?.map((w) => w.replace(/^['’]+|['’]+$/g, '')).filter(Boolean) ?? [];
}

/** Points for `language` against Spanish: words of one and not the other, plus marks and elisions (1 each). */
function contest(esWords: readonly string[], language: Language): { spanish: number; other: number } {
  const text = esWords.join(' ');
  let spanish = text.match(/[ñ¿¡]/gu)?.length ?? 0;
  let other = (language.marks ? text.match(language.marks)?.length ?? 0 : 0) + (language === ENGLISH ? 0 : text.match(ELISION)?.length ?? 0);
  for (const w of esWords) {
    const inSpanish = SPANISH.has(w);
    const inOther = language.words.has(w);
    if (inSpanish && !inOther) spanish++;
    else if (inOther && !inSpanish) other++;
  }
  return { spanish, other };
}

/** UTF-8 decoded as Latin-1: `ó` → `Ã³`, `í` → `Ã­`, `¿` → `Â¿`. */
const MOJIBAKE = /[ÃÂ][\u0080-\u00bf]/u;

export function spanishVerdict(en: string, es: string): LanguageVerdict {
  if (MOJIBAKE.test(es) && !MOJIBAKE.test(en)) return 'other';
  const esWords = tokens(es);
  const enWords = tokens(en);
  const english = contest(esWords, ENGLISH);
  if (english.other >= 2 && english.other > english.spanish) return 'english';
  if (esWords.length >= 2 && esWords.join(' ') === enWords.join(' ')) return 'english';
  // Names and terms copied from the msgid (`MIT`, `file`, `Näfels`) are no evidence of another language.
  const inSource = new Set(enWords);
  const own = esWords.filter((w) => !inSource.has(w));
  for (const language of Object.values(OTHER)) {
    const { spanish, other } = contest(own, language);
    if (other >= 2 && other > spanish) return 'other';
  }
  return 'spanish';
}
