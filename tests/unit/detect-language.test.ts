/**
 * The English/Spanish heuristic of `source: "auto"` (src/serving/detect-language.ts) on UI
 * strings from the test fixtures' domain: the language, the confidence scale, placeholders
 * ignored, and no evidence giving English with confidence 0.
 */
import { describe, expect, it } from 'vitest';
import { detectLanguage, languageScores } from '../../src/serving/detect-language.ts';

const ENGLISH = [
  'Open the file',
  'Could not connect to the server.',
  'Delete the selected items?',
  'The file <b>%1$s</b> already exists. Do you want to replace it?',
  'Select a color for the background',
  'Print only the current page',
  'Show hidden files',
  'Save the document as %s',
];
const SPANISH = [
  'Abrir el archivo',
  'No se pudo conectar al servidor.',
  '¿Eliminar los elementos seleccionados?',
  'El archivo <b>%1$s</b> ya existe. ¿Quiere reemplazarlo?',
  'Seleccione un color para el fondo',
  'Imprimir solo la página actual',
  'Mostrar archivos ocultos',
  'Guardar el documento como %s',
];

describe('detectLanguage', () => {
  it('tells English UI strings from their Spanish translations', () => {
    for (const t of ENGLISH) expect(detectLanguage([t]).language, t).toBe('en');
    for (const t of SPANISH) expect(detectLanguage([t]).language, t).toBe('es');
  });

  it('reports confidence on LibreTranslate\'s 0–100 scale, higher with more evidence', () => {
    const one = detectLanguage(['the']);
    const many = detectLanguage(['Do you want to save the changes to the document before closing?']);
    expect(one.confidence).toBeCloseTo(66.7, 1);
    expect(many.confidence).toBeGreaterThan(one.confidence);
    expect(many.confidence).toBeLessThanOrEqual(100);
  });

  it('gives English with confidence 0 when there is no evidence', () => {
    expect(detectLanguage(['%s: %d'])).toEqual({ language: 'en', confidence: 0 });
    expect(detectLanguage(['Zorg'])).toEqual({ language: 'en', confidence: 0 });
  });

  it('ignores placeholders: tags, URLs and variables are not words', () => {
    expect(languageScores(['<a href="the">%(the)s</a> https://the.example/the $the {the}'])).toEqual({ en: 0, es: 0 });
  });

  it('detects a batch as one text', () => {
    expect(detectLanguage(['Abrir', 'el archivo', 'de la carpeta']).language).toBe('es');
  });
});
