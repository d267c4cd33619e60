import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectAccelerators } from '../../training/corpus/archive/accelerators.ts';
import { alignDescriptions, parseTranslationIndex } from '../../training/corpus/archive/ddtp.ts';
import { dropHeldOutNeighbours, dropNearDuplicates, nearKey } from '../../training/corpus/archive/near-duplicates.ts';
import { freeFormLicence } from '../../training/corpus/archive/licence.ts';
import { hasWords } from '../../training/corpus/archive/no-words.ts';
import { spanishVerdict } from '../../training/corpus/archive/not-spanish.ts';
import { parsePrintUris } from '../../training/corpus/archive/plan.ts';
import { descriptionBlocks, descriptionSegments, splitSentences } from '../../training/corpus/archive/sentences.ts';

describe('not-Spanish filter', () => {
  it.each([
    ['Open the file', 'Abrir el archivo'],
    ['Settings', 'Configuración'],
    ['Inkscape SVG Editor', 'Editor SVG de Inkscape'],
    ['About The GIMP', 'Acerca de The GIMP'],
    ['Natural color', 'Color natural'],
    ['The MIT License (MIT)', 'La licencia MIT (MIT)'],
    ['Only allowed between two humans', 'Sólo se permite entre dos humanos'],
    ['Is it ok?', '¿Está bien?'],
    ['Error: %s', 'Error: %s'],
  ])('keeps Spanish: %s → %s', (en, es) => expect(spanishVerdict(en, es)).toBe('spanish'));

  it.each([
    ['Show hidden files', 'Show Hidden Files'],
    ['Print the document', 'Print the document.'],
    ['The file could not be opened', 'The file could not be read'],
  ])('flags English copied through: %s → %s', (en, es) => expect(spanishVerdict(en, es)).toBe('english'));

  it.each([
    ['Could not open %s', 'Não foi possível abrir %s'],
    ['Could not open %s', "No s'ha pogut obrir el fitxer %s"],
    ['Could not open %s', "Impossible d'ouvrir le fichier %s"],
    ['Unable to read file', 'Impossibile leggere il file'],
    ['Could not open the file %s', 'Die Datei %s konnte nicht geöffnet werden'],
    ['No path given.', 'No se especificÃ³ ninguna ruta, se usarÃ¡ otra.'],
  ])('flags another language: %s → %s', (en, es) => expect(spanishVerdict(en, es)).toBe('other'));
});

describe('templates with no words', () => {
  it.each(['<b>%s</b>', '%s x %s', '%d B', 'http://%s/', '(%s)', '<span weight="bold">%s</span>: %d'])('drops %s', (en) =>
    expect(hasWords(en)).toBe(false),
  );
  it.each(['<None>', '<path>', '%s of %s', '<b>Name</b>', '%d KB'])('keeps %s', (en) => expect(hasWords(en)).toBe(true));
});

describe('near-duplicates', () => {
  it('gives one key to strings that differ in case, punctuation and numbers only', () => {
    expect(nearKey('Save As…')).toBe(nearKey('save as:'));
    expect(nearKey('Page 1 of 3')).toBe(nearKey('Page 12 of 5'));
    expect(nearKey('Save As')).not.toBe(nearKey('Save All'));
  });

  it('keeps the first pair of each (English key, Spanish key)', () => {
    const pairs = [
      { en: 'Save As', es: 'Guardar como', pkg: 'a' },
      { en: 'Save As…', es: 'Guardar como…', pkg: 'b' },
      { en: 'Save As…', es: 'Guardar con otro nombre…', pkg: 'b' },
    ];
    const { kept, dropped } = dropNearDuplicates(pairs);
    expect(kept.map((p) => p.es)).toEqual(['Guardar como', 'Guardar con otro nombre…']);
    expect(dropped).toHaveLength(1);
  });

  it('drops training pairs that are near-copies of a held-out source', () => {
    const train = [
      { en: 'Open File…', es: 'Abrir archivo…', pkg: 'a' },
      { en: 'Close', es: 'Cerrar', pkg: 'a' },
    ];
    const { kept, dropped } = dropHeldOutNeighbours(train, ['open file']);
    expect(kept.map((p) => p.en)).toEqual(['Close']);
    expect(dropped.map((p) => p.en)).toEqual(['Open File…']);
  });
});

describe('description sentences', () => {
  it('does not cut after abbreviations, initials or version-like dotted words', () => {
    expect(splitSentences('It supports e.g. PNG and JPEG. Written by J. R. Smith in 500 A.D. The end.')).toEqual([
      'It supports e.g. PNG and JPEG.',
      'Written by J. R. Smith in 500 A.D. The end.',
    ]);
    expect(splitSentences('Soporta p.ej. PNG. ¿Funciona? Sí, etc. Y más.')).toEqual(['Soporta p.ej. PNG.', '¿Funciona?', 'Sí, etc. Y más.']);
  });

  it('cuts bodies into paragraphs and list items, and a Spanish "o" line is not a bullet', () => {
    expect(descriptionBlocks(' First line\n continues.\n .\n Features:\n  * one\n  * two\n (usando TCP\n o Jabber)')).toEqual([
      'First line continues.',
      'Features:',
      'one',
      'two (usando TCP o Jabber)',
    ]);
  });

  it('rejoins to the block it came from (property)', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9¿¡"(][A-Za-z0-9,;:)"']{0,7}[.!?]?$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), (words) => {
        const block = words.join(' ');
        expect(splitSentences(block).join(' ')).toBe(block);
      }),
    );
  });

  it('aligns by Description-md5, pairs synopses, and drops bodies whose sentence counts disagree', () => {
    const en = parseTranslationIndex(
      [
        'Package: a\nDescription-md5: 00000000000000000000000000000001\nDescription-en: a tool\n It opens files. It saves them.\n',
        'Package: b\nDescription-md5: 00000000000000000000000000000002\nDescription-en: another tool\n One. Two.\n',
        'Package: c\nDescription-md5: 00000000000000000000000000000003\nDescription-en: untranslated\n Text.\n',
      ].join('\n'),
      'en',
    );
    const es = parseTranslationIndex(
      [
        'Package: a\nDescription-md5: 00000000000000000000000000000001\nDescription-es: una herramienta\n Abre archivos. Los guarda.\n',
        'Package: b\nDescription-md5: 00000000000000000000000000000002\nDescription-es: otra herramienta\n Uno y dos.\n',
      ].join('\n'),
      'es',
    );
    const { pairs, stats } = alignDescriptions(en, es);
    expect(pairs).toEqual([
      { en: 'a tool', es: 'una herramienta' },
      { en: 'It opens files.', es: 'Abre archivos.' },
      { en: 'It saves them.', es: 'Los guarda.' },
      { en: 'another tool', es: 'otra herramienta' },
    ]);
    expect(stats).toEqual({ spanish: 2, aligned: 2, sentenceCountsAgree: 1, sentenceCountsDisagree: 1, rawPairs: 4 });
    expect(descriptionSegments('x\n A. B.').sentences).toEqual(['A. B.']);
  });
});

describe('accelerator detection', () => {
  const gtk = Array.from({ length: 20 }, (_, i) => ({ en: `_Open ${i}`, es: `_Abrir ${i}` }));
  const qt = Array.from({ length: 20 }, (_, i) => ({ en: `&Save ${i}`, es: `&Guardar ${i}` }));
  const plain = Array.from({ length: 200 }, (_, i) => ({ en: `Item ${i}`, es: `Elemento ${i}` }));
  it('finds the mark a catalogue uses, and none in plain text or identifiers', () => {
    expect(detectAccelerators([...gtk, ...plain])).toBe('_');
    expect(detectAccelerators([...qt, ...plain])).toBe('&');
    expect(detectAccelerators([...plain, { en: 'MAX_PATH', es: 'MAX_PATH' }, { en: 'R&D', es: 'I+D' }])).toBe('');
  });
});

describe('download plan', () => {
  it('parses apt-get --print-uris lines, decoding the epoch of the version', () => {
    const text =
      "'http://deb.debian.org/debian/pool/main/a/a2ps/a2ps_1%3a4.14-8_amd64.deb' a2ps_1%3a4.14-8_amd64.deb 123 SHA256:" + 'a'.repeat(64) + '\n';
    expect(parsePrintUris(text)).toEqual([
      { pkg: 'a2ps', version: '1:4.14-8', file: 'a2ps_1%3a4.14-8_amd64.deb', size: 123, sha256: 'a'.repeat(64), url: 'http://deb.debian.org/debian/pool/main/a/a2ps/a2ps_1%3a4.14-8_amd64.deb' },
    ]);
  });
});

describe('free-form copyright files', () => {
  it('names the licence a common-licenses path or a permission sentence gives', () => {
    expect(freeFormLicence('Released under the terms of the GPL; see\n/usr/share/common-licenses/GPL-3.\n')).toBe('GPL-3');
    expect(freeFormLicence("can be found in `/usr/share/common-licenses/LGPL-2.1'.")).toBe('LGPL-2.1');
    expect(freeFormLicence('Permission is hereby granted, free of charge, to any person')).toBe('MIT-style');
    expect(freeFormLicence('Redistribution and use in source and binary forms, with or without')).toBe('BSD-style');
    expect(freeFormLicence('All rights reserved.')).toBeUndefined();
  });
});
