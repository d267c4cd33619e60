/**
 * `npm run redeploy -- --feedback local|remote` and the new fine-tuning options: wrangler's
 * JSON becomes a TSV that the corpus reader takes like a --data file, and bad options stop
 * with exit code 2 and one message.
 */
import { describe, expect, it } from 'vitest';
import { parseTsv } from '../../training/corpus/read-user-data.ts';
import { PipelineError } from '../../training/redeploy/pipeline-error.ts';
import { feedbackTsv } from '../../training/redeploy/pull-feedback.ts';
import { parseRedeployOptions } from '../../training/redeploy/redeploy-options.ts';
import { fineTuneConfig } from '../../training/redeploy/fine-tune-defaults.ts';
import { readTrainConfig } from '../../training/lib/train-config.ts';

describe('feedbackTsv', () => {
  it('turns wrangler d1 execute --json output into en/es pairs the corpus reader accepts', () => {
    const json = JSON.stringify([{ results: [{ source: 'Open the project', correction: 'Abrir el proyecto' }, { source: 'Two\tcells\nand lines', correction: 'Dos\tceldas' }], success: true, meta: {} }]);
    const { tsv, rows } = feedbackTsv(json);
    expect(rows).toBe(2);
    expect(parseTsv(tsv, 'feedback.tsv')).toEqual([{ en: 'Open the project', es: 'Abrir el proyecto' }, { en: 'Two cells and lines', es: 'Dos celdas' }]);
  });
  it('writes only the header when nothing is accepted, and rejects output that is not JSON', () => {
    expect(feedbackTsv('[{"results":[],"success":true}]')).toEqual({ tsv: 'en\tes\n', rows: 0 });
    expect(() => feedbackTsv('✘ [ERROR] no such table')).toThrow(/did not print JSON/);
  });
});

describe('redeploy options for feedback and fine-tuning', () => {
  const bad = (argv: string[]) => {
    try { parseRedeployOptions(argv); } catch (e) { return { code: (e as PipelineError).exitCode, message: (e as Error).message }; }
    return null;
  };
  it('stops with exit 2 on bad values', () => {
    expect(bad(['--feedback', 'cloud'])).toEqual({ code: 2, message: '--feedback must be local or remote, got "cloud"' });
    expect(bad(['--lr', '0.001'])?.message).toMatch(/need --init-from/);
    expect(bad(['--init-from', 'weights/en-es', '--oversample', '0'])?.message).toBe('--oversample must be a positive integer, got "0"');
    expect(bad(['--no-debian', '--rebuild-debian', '--feedback', 'local'])?.message).toBe('--no-debian and --rebuild-debian exclude each other');
  });
  it('accepts --feedback alone (no --data) and the fine-tuning flags with --init-from', () => {
    expect(parseRedeployOptions(['--feedback', 'local']).feedback).toBe('local');
    const o = parseRedeployOptions(['--init-from', 'weights/en-es', '--lr', '0.0001', '--replay-ratio', '3']);
    expect([o.lr, o.replayRatio, o.oversample]).toEqual([0.0001, 3, undefined]);
  });
  it('fine-tunes with a quarter of the LR, a warm-up of at most a tenth of the steps, small batches and the replay mix', () => {
    const cfg = readTrainConfig('training/configs/en-es.json');
    const ft = fineTuneConfig(cfg, { maxSteps: 60 }, '/work/new-data');
    expect(ft.train).toMatchObject({ lr: 0.0005, warmupSteps: 6, maxTokens: 1000, evalEvery: 100 });
    expect(ft.data).toMatchObject({ devLimit: 200, focus: { corpus: '/work/new-data', oversample: 4, replayRatio: 2 } });
    expect(fineTuneConfig(cfg, {}, null).data.focus).toBeUndefined();
    expect(fineTuneConfig(cfg, {}, null).train.warmupSteps).toBe(50);
  });
});
