/**
 * Real software-localisation strings (English and Spanish, some unicode/CJK/HTML entities)
 * from the shared sacreBLEU fixture, used as a small training text for tokenizer tests.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('../fixtures/sacrebleu-cases.json', import.meta.url));

interface Case {
  hyps: string[];
  refs: string[][];
}

export function fixtureTexts(): string[] {
  const { cases } = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { cases: Case[] };
  const texts = new Set<string>();
  for (const c of cases) for (const s of [...c.hyps, ...c.refs.flat()]) if (s.trim() !== '') texts.add(s);
  return [...texts];
}
