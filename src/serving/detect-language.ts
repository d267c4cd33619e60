/**
 * Tells English from Spanish (the only languages the Worker knows) for `source: "auto"`,
 * with a small, explainable heuristic rather than a language-ID model:
 *
 *  1. Placeholders (tags, %s, {0}, URLs, numbers...) are removed: they say nothing.
 *  2. Every word (letters only, lower-cased) scores at most one of, in this order:
 *     - 1 point for its language if it is a function word or frequent UI word of exactly one
 *       of the two languages (words both languages have, like "a", "no", "me", "he", "son",
 *       "error", are in neither list);
 *     - 1 point for Spanish if it contains ñ, á, é, í, ó, ú or ü;
 *     - ½ point for Spanish for the endings -ciones, -mente, -dad(es), -ando, -iendo, participles
 *       -ado/-ada/-ido/-ida(s), infinitives -ir and -arlo/-arla/-arse/-arme, and a consonant
 *       + o/a(s) ending (Spanish nouns and adjectives: "Puerto", "Atributos");
 *     - ½ point for English for -ing, -tion(s), -ness, a consonant + y ending, or a "th", "sh",
 *       "ee", "oo", "w" or "k".
 *  3. Each ¿ or ¡ adds 2 points for Spanish.
 *
 * The language with more points wins (a tie, including no evidence, gives English, the
 * model's source, as LibreTranslate defaults to "en"). Confidence, on LibreTranslate's 0–100
 * scale, is 100·|es − en| / (es + en + ½): 0 without evidence, 67 for one telling word,
 * above 90 for a typical UI sentence. A batch is detected as one text, as LibreTranslate does.
 *
 * Measured on the corpus, each string alone (`npx tsx` over training/data/en-es/*.jsonl.gz):
 * test split (2,504 pairs of short UI strings) 98.5% of the English sides and 93.4% of the
 * Spanish sides; GNOME user docs (2,337 longer sentences) 99.9% and 98.9%.
 */
import { findPlaceholders } from '../model/text/placeholders.ts';

export interface DetectedLanguage {
  language: 'en' | 'es';
  /** 0–100, as LibreTranslate reports it. */
  confidence: number;
}

const EN_WORDS = new Set(
  ('the of and to in is are was were be been being you your yours that this these those it its for on with as at by from or not but ' +
    'what which who whom when where how why all any each every can could will would should shall must may might have has had do does did ' +
    "done there their they them we our us an if into than then about out up so some such only also more most new file files folder open " +
    'save select show please cannot unable failed settings enter delete click download upload page window view edit name value ' +
    'print close exit cancel help tools options search replace insert table font size add remove copy paste cut undo redo user ' +
    'password default current selected image text line lines number column row sheet document documents list ' +
    'hello thanks welcome she his her him my mine just now over after before under while again both too because other many much very here yes ' +
    "don't can't won't isn't doesn't couldn't it's you're there's let's"
  ).split(/\s+/),
);

const ES_WORDS = new Set(
  ('el la los las de del que y en un una unos unas por para con se es al lo como pero sus su le les ya o este esta estos estas ese esa ' +
    'eso esto esos esas si sí porque muy sin sobre también hay donde cuando quien quién desde todo todos toda todas nos ni otro otra otros ' +
    'otras puede pueden está están ser fue ha han hacer usted ustedes cual cuál qué cómo nuevo nueva nuevos nuevas desea quiere archivo ' +
    'archivos carpeta abrir guardar seleccione mostrar borrar eliminar pulse haga clic descargar página ventana ver editar nombre valor ' +
    'cambios configuración hola gracias bienvenido ella él mi mis tu tus aquí después antes mientras entre hasta según durante ' +
    'imprimir cerrar salir cancelar aceptar ayuda herramientas opciones buscar reemplazar insertar formato tabla fuente tamaño ' +
    'añadir quitar copiar pegar cortar deshacer rehacer usuario contraseña predeterminado actual imagen texto línea número ' +
    'columna fila hoja documento documentos lista'
  ).split(/\s+/),
);

const ES_LETTERS = /[ñáéíóúü]/;
const ES_ENDINGS = /(?:ciones|mente|dad|dades|ando|iendo|[ai]d[oa]s?|\p{L}{2}ir|\p{L}{2}ar[lms]e|\p{L}{2}[^aeiouy][oa]s?)$/u;
const EN_SHAPES = /(?:ing|tion|tions|ness|[^aeiou]y)$|th|sh|ee|oo|w|k/;

/** Removes the placeholders of a text (they are not words of either language). */
function withoutPlaceholders(text: string): string {
  let out = '';
  let pos = 0;
  for (const p of findPlaceholders(text)) {
    out += `${text.slice(pos, p.index)} `;
    pos = p.index + p.text.length;
  }
  return out + text.slice(pos);
}

/** The points for each language of a set of texts (see the file comment). */
export function languageScores(texts: readonly string[]): { en: number; es: number } {
  let en = 0;
  let es = 0;
  for (const text of texts) {
    const plain = withoutPlaceholders(text);
    for (const ch of plain) if (ch === '¿' || ch === '¡') es += 2;
    for (const match of plain.toLowerCase().matchAll(/\p{L}+(?:'\p{L}+)?/gu)) {
      const word = match[0];
      if (EN_WORDS.has(word)) en += 1;
      else if (ES_WORDS.has(word)) es += 1;
      else if (ES_LETTERS.test(word)) es += 1;
      else if (ES_ENDINGS.test(word)) es += 0.5;
      else if (EN_SHAPES.test(word)) en += 0.5;
    }
  }
  return { en, es };
}

/** The language of a text, or of a batch taken as one text. */
export function detectLanguage(texts: readonly string[]): DetectedLanguage {
  const { en, es } = languageScores(texts);
  const confidence = Math.round((1000 * Math.abs(es - en)) / (es + en + 0.5)) / 10;
  return { language: es > en ? 'es' : 'en', confidence };
}
