/**
 * `npm run -s translate -- [--model weights/en-es | --source es --target en] [--beam 5] [--nbest N] [--alpha 1.0] [--max-length N]`
 * `npm run -s translate -- --file app.pot --out es.po [--format po|xliff|json] [--overwrite] [--glossary terms.tsv] [--endpoint URL]`
 *
 * With --file, translates a catalog (PO/POT, XLIFF 1.2/2.0, i18next JSON): see
 * training/catalog/translate-catalog.ts and src/catalog/. Without it:
 * Reads lines from stdin and writes one translation per line to stdout, in order; empty
 * lines stay empty. With --nbest N > 1 each input gives N lines "i<TAB>score<TAB>text" and
 * a blank line. Progress goes to stderr when stdin is a file (not a terminal or a pipe).
 * Same engine and same code path as the Worker.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { chooseModelFolder, LANGUAGE_HELP, LANGUAGE_OPTIONS } from '../tools/model-folder-choice.ts';
import cliProgress from 'cli-progress';
import { runCli } from '../tools/cli.ts';
import { DEFAULT_ALPHA } from '../src/model/search/length-penalty.ts';
import { DEFAULT_LOW_CONFIDENCE, translateCatalogFile } from './catalog/translate-catalog.ts';

const HELP = `Usage: npm run -s translate -- [--model DIR] [--beam N] [--nbest N] [--alpha A] [--max-length N] < input.txt > output.txt
  --model DIR       model folder (default weights/<source>-<target>)
${LANGUAGE_HELP}
  --beam N          beam size, 1 = greedy (default 5)
  --nbest N         hypotheses per line, 1..beam (default 1); N > 1 prints "index<TAB>score<TAB>text" lines
  --alpha A         GNMT length penalty exponent (default 1.0)
  --max-length N    cap on output subwords per line

Catalogs: npm run -s translate -- --file app.pot --out es.po [options]
  --file FILE        catalog to fill: .po/.pot, .xlf/.xliff (1.2, 2.0), .json (i18next, nested or flat)
  --out FILE         where the filled catalog goes (written atomically)
  --format F         po | xliff | json (default: from the file name)
  --overwrite        also retranslate entries that already have a translation
  --glossary FILE    terminology: .tsv, .csv (source,target) or .tbx
  --endpoint URL     translate through a running Worker's POST /translate instead of in-process
  --token-env NAME   environment variable holding the endpoint's bearer token (default EDGE_MT_TOKEN)
  --concurrency N    endpoint requests in flight (default 4)
  --batch N          texts per batch (default 16)
  --low-confidence C confidence below which an entry gets a low-confidence note (default ${DEFAULT_LOW_CONFIDENCE})`;

function intOpt(name: string, v: string | undefined, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in ${min}..${max}, got ${v}`);
  return n;
}

runCli(HELP, async () => {
  const { values } = parseArgs({ options: {
    model: { type: 'string' }, ...LANGUAGE_OPTIONS, beam: { type: 'string' }, nbest: { type: 'string' }, alpha: { type: 'string' }, 'max-length': { type: 'string' }, help: { type: 'boolean' },
    file: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, overwrite: { type: 'boolean', default: false }, glossary: { type: 'string' },
    endpoint: { type: 'string' }, 'token-env': { type: 'string', default: 'EDGE_MT_TOKEN' }, concurrency: { type: 'string' }, batch: { type: 'string' }, 'low-confidence': { type: 'string' },
  } });
  const beam = intOpt('beam', values.beam, 5, 1, 16);
  const nbest = intOpt('nbest', values.nbest, 1, 1, beam);
  const alpha = values.alpha === undefined ? DEFAULT_ALPHA : Number(values.alpha);
  if (!Number.isFinite(alpha) || alpha < 0 || alpha > 5) throw new Error(`--alpha must be a number in 0..5, got ${values.alpha}`);
  const maxLength = values['max-length'] === undefined ? undefined : intOpt('max-length', values['max-length'], 0, 1, 1024);
  if (values.file !== undefined) {
    const lowConfidence = values['low-confidence'] === undefined ? DEFAULT_LOW_CONFIDENCE : Number(values['low-confidence']);
    if (!Number.isFinite(lowConfidence) || lowConfidence < 0 || lowConfidence > 1) throw new Error(`--low-confidence must be a number in 0..1, got ${values['low-confidence']}`);
    await translateCatalogFile({
      file: values.file, out: values.out, format: values.format, overwrite: values.overwrite!, glossary: values.glossary, endpoint: values.endpoint,
      tokenEnv: values['token-env']!, concurrency: intOpt('concurrency', values.concurrency, 4, 1, 32), batch: intOpt('batch', values.batch, 16, 1, 256),
      lowConfidence, model: chooseModelFolder(values), beam, alpha, maxLength,
    });
    return;
  }
  // tfjs is imported here, not at the top, so a catalog run with bad input fails fast.
  const [{ initBackend }, { loadEngine }] = await Promise.all([import('../src/backend/node-wasm.ts'), import('../tools/load-engine.ts')]);
  await initBackend('wasm');
  const engine = await loadEngine(chooseModelFolder(values));
  const lines = fs.readFileSync(0, 'utf8').split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const stdinIsFile = (() => { try { return fs.fstatSync(0).isFile(); } catch { return false; } })();
  const bar = stdinIsFile ? new cliProgress.SingleBar({ format: 'translate |{bar}| {value}/{total} lines | ETA {eta_formatted}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5000 }, cliProgress.Presets.shades_classic) : null;
  bar?.start(lines.length, 0);
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') out.push(nbest > 1 ? '\n' : '');
    else {
      const [r] = engine.translate([line], { beam, nbest, alpha, maxLength, attention: false });
      out.push(nbest > 1 ? r.nbest.map((h) => `${i}\t${h.normScore.toFixed(4)}\t${h.text}`).join('\n') + '\n' : r.translation);
    }
    bar?.update(i + 1);
  });
  bar?.stop();
  process.stdout.write(out.map((l) => l + '\n').join(''));
  engine.dispose();
});
