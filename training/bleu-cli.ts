/**
 * sacreBLEU-compatible command line for corpus BLEU + chrF (src/metrics, sacreBLEU 2.6.0).
 *
 *   npx tsx training/bleu-cli.ts --hyp HYP --ref REF [--ref REF2 ...] [options]
 *
 * The default output is what `sacrebleu REF... -i HYP -m bleu chrf -f text` prints (the
 * BLEU and chrF lines, aligned on '='). `--sentence` prints one sentence-BLEU line per
 * input line (effective order on), like `sacrebleu -sl`. `--json` prints the full
 * diagnostics instead. Files are read like sacreBLEU reads them: UTF-8, lines split on
 * "\n", trailing whitespace stripped, a leading BOM kept (as Python's utf-8 codec does).
 * Bad input: one line on stderr, exit code 2.
 */
import { readFileSync } from 'node:fs';
import {
  bleuVerbose,
  corpusBleu,
  corpusChrf,
  formatBleuLine,
  formatChrfLine,
  isSmoothMethod,
  isTokenizerName,
  sentenceBleu,
  sentenceChrf,
  TOKENIZERS,
  type BleuOptions,
  type BleuScore,
  type ChrfOptions,
  type ChrfScore,
} from '../src/metrics/index.ts';
import { pyRstrip } from '../src/metrics/python-compat.ts';

const USAGE = `Usage: npx tsx training/bleu-cli.ts --hyp FILE --ref FILE [--ref FILE2 ...] [options]

Scores a hypothesis file against one or more reference files exactly as sacreBLEU 2.6.0
(BLEU and chrF). Every file holds one segment per line; all must have the same line count.

Options:
  --hyp FILE              hypotheses (system output), one per line
  --ref FILE              a reference stream; repeat for multiple references
  --tokenize NAME         BLEU tokenizer: ${Object.keys(TOKENIZERS).join('|')} (default 13a)
  --lowercase             case-insensitive BLEU
  --smooth METHOD         BLEU smoothing: exp|floor|add-k|none (default exp)
  --smooth-value X        value for floor (default 0.1) or add-k (default 1)
  --chrf-word-order N     chrF word n-gram order (default 0; 2 = chrF++)
  --sentence              sentence-level BLEU per line (effective order), like sacrebleu -sl
  --width N               decimals of the printed scores (default 1)
  --json                  print a JSON object with all diagnostics
  --help                  show this help`;

/** A problem with the user's input: reported as one line on stderr, exit code 2. */
class UsageError extends Error {}

interface CliArgs {
  hyp: string;
  refs: string[];
  bleu: BleuOptions;
  chrf: ChrfOptions;
  sentence: boolean;
  json: boolean;
  width: number;
}

function parseNumber(flag: string, raw: string, integer: boolean): number {
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x) || (integer && (!Number.isInteger(x) || x < 0))) {
    throw new UsageError(`${flag} expects ${integer ? 'a non-negative integer' : 'a number'}, got '${raw}'`);
  }
  return x;
}

/** Parse argv (without node and script); returns null when --help was asked for. */
function parseArgs(argv: readonly string[]): CliArgs | null {
  let hyp: string | undefined;
  const refs: string[] = [];
  const bleu: BleuOptions = {};
  const chrf: ChrfOptions = {};
  let sentence = false;
  let json = false;
  let width = 1;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`option ${flag} needs a value`);
      return v;
    };
    const noValue = (): void => {
      if (inline !== undefined) throw new UsageError(`option ${flag} takes no value`);
    };
    switch (flag) {
      case '--help':
      case '-h':
        return null;
      case '--hyp':
        if (hyp !== undefined) throw new UsageError('--hyp given twice');
        hyp = value();
        break;
      case '--ref':
        refs.push(value());
        break;
      case '--tokenize': {
        const v = value();
        if (!isTokenizerName(v)) throw new UsageError(`unknown --tokenize '${v}' (expected ${Object.keys(TOKENIZERS).join('|')})`);
        bleu.tokenize = v;
        break;
      }
      case '--lowercase':
        noValue();
        bleu.lowercase = true;
        break;
      case '--smooth': {
        const v = value();
        if (!isSmoothMethod(v)) throw new UsageError(`unknown --smooth '${v}' (expected exp|floor|add-k|none)`);
        bleu.smoothMethod = v;
        break;
      }
      case '--smooth-value':
        bleu.smoothValue = parseNumber(flag, value(), false);
        break;
      case '--chrf-word-order':
        chrf.wordOrder = parseNumber(flag, value(), true);
        break;
      case '--sentence':
        noValue();
        sentence = true;
        break;
      case '--json':
        noValue();
        json = true;
        break;
      case '--width':
        width = parseNumber(flag, value(), true);
        break;
      default:
        throw new UsageError(arg.startsWith('-') ? `unknown option ${flag} (see --help)` : `unexpected argument '${arg}' (see --help)`);
    }
  }
  if (hyp === undefined) throw new UsageError('missing --hyp FILE (see --help)');
  if (refs.length === 0) throw new UsageError('missing --ref FILE (see --help)');
  return { hyp, refs, bleu, chrf, sentence, json, width };
}

/** Lines of a UTF-8 file as sacreBLEU reads them: split on "\n", each right-stripped. */
function readLines(path: string): string[] {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `file not found: ${path}` : `cannot read ${path}: ${code ?? String(e)}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new UsageError(`${path} is not valid UTF-8`);
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map(pyRstrip);
}

function bleuJson(s: BleuScore): Record<string, unknown> {
  return {
    name: s.name,
    score: s.score,
    signature: s.signature,
    verbose_score: bleuVerbose(s),
    counts: s.counts,
    totals: s.totals,
    precisions: s.precisions,
    bp: s.bp,
    sys_len: s.sysLen,
    ref_len: s.refLen,
    ratio: s.ratio,
  };
}

function chrfJson(s: ChrfScore): Record<string, unknown> {
  return { name: s.name, score: s.score, signature: s.signature, char_order: s.charOrder, word_order: s.wordOrder, beta: s.beta };
}

/** sacreBLEU's `print_single_results`: right-align the text before ' = ' across lines. */
function alignOnEquals(lines: readonly string[]): string[] {
  const lens = lines.map((l) => l.indexOf('=') - 1);
  const w = Math.max(...lens);
  return lines.map((l, i) => l.slice(0, lens[i]).padStart(w) + l.slice(lens[i]));
}

function run(args: CliArgs): string {
  const hyps = readLines(args.hyp);
  const refs = args.refs.map(readLines);
  if (hyps.length === 0) throw new UsageError(`${args.hyp} contains no lines`);
  refs.forEach((stream, k) => {
    if (stream.length !== hyps.length) {
      throw new UsageError(`line count mismatch: ${args.hyp} has ${hyps.length} lines but ${args.refs[k]} has ${stream.length}`);
    }
  });

  if (args.sentence) {
    const perLine = hyps.map((h, i) => {
      const lineRefs = refs.map((stream) => stream[i]);
      return { bleu: sentenceBleu(h, lineRefs, args.bleu), chrf: sentenceChrf(h, lineRefs, args.chrf) };
    });
    if (args.json) {
      return JSON.stringify({ sentences: perLine.map((s, i) => ({ line: i + 1, bleu: bleuJson(s.bleu), chrf: chrfJson(s.chrf) })) }, null, 2);
    }
    return perLine.map((s) => formatBleuLine(s.bleu, args.width)).join('\n');
  }

  const bleu = corpusBleu(hyps, refs, args.bleu);
  const chrf = corpusChrf(hyps, refs, args.chrf);
  if (args.json) return JSON.stringify({ bleu: bleuJson(bleu), chrf: chrfJson(chrf) }, null, 2);
  return alignOnEquals([formatBleuLine(bleu, args.width), formatChrfLine(chrf, args.width)]).join('\n');
}

function main(argv: readonly string[]): number {
  try {
    const args = parseArgs(argv);
    if (args === null) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    process.stdout.write(`${run(args)}\n`);
    return 0;
  } catch (e) {
    const msg = e instanceof UsageError ? e.message : `error: ${e instanceof Error ? e.message : String(e)}`;
    process.stderr.write(`bleu-cli: ${msg}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
