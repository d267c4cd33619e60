/**
 * Which model folder a CLI uses: `--model DIR` when given, else `weights/<source>-<target>`
 * from `--source`/`--target` (default en → es). When both are given, the folder's manifest
 * must be for that pair (its language_pair; exports older than the field are en-es).
 */
import fs from 'node:fs';
import path from 'node:path';

export const LANGUAGE_OPTIONS = {
  source: { type: 'string' },
  target: { type: 'string' },
} as const;

export const LANGUAGE_HELP = `  --source LANG     source language (default en); without --model picks weights/<source>-<target>
  --target LANG     target language (default es)`;

/** The language pair of a model folder's manifest. */
export function folderPair(dir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { language_pair?: unknown };
  return typeof manifest.language_pair === 'string' ? manifest.language_pair : 'en-es';
}

export function chooseModelFolder(values: { model?: string; source?: string; target?: string }, weightsRoot = 'weights'): string {
  for (const flag of ['source', 'target'] as const) {
    const v = values[flag];
    if (v !== undefined && !/^[a-z]{2,3}$/.test(v)) throw new Error(`--${flag} must be a language code such as en or es, got ${JSON.stringify(v)}`);
  }
  const pair = `${values.source ?? 'en'}-${values.target ?? 'es'}`;
  if (values.model === undefined) {
    const dir = path.join(weightsRoot, pair);
    if (!fs.existsSync(path.join(dir, 'manifest.json'))) throw new Error(`no model for ${pair}: ${dir}/manifest.json not found (give --model DIR)`);
    return dir;
  }
  if ((values.source !== undefined || values.target !== undefined) && fs.existsSync(path.join(values.model, 'manifest.json'))) {
    const actual = folderPair(values.model);
    if (actual !== pair) throw new Error(`invalid arguments: --model ${values.model} translates ${actual}, not ${pair}`);
  }
  return values.model;
}
