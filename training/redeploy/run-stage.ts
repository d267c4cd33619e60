/**
 * Runs one pipeline stage with a heading, its duration, and its record in the state file:
 * with --resume a stage already done with the same input hash (and whose outputs still
 * exist) is skipped and its recorded outputs reused; a failure is recorded and becomes
 * one clear PipelineError naming the stage.
 */
import { PipelineError } from './pipeline-error.ts';
import { formatDuration } from './redeploy-log.ts';
import type { RedeployContext } from './redeploy-context.ts';
import { STAGES, type StageName, type StageRecord } from './state-store.ts';

export interface StageDef<T extends Record<string, unknown>> {
  name: StageName;
  title: string;
  /** Hash of everything the stage reads; a different hash reruns it. */
  inputHash: () => string;
  /** Whether a done stage's outputs are still in place (else it reruns). */
  stillValid?: (out: T) => boolean;
  /** Does the work; gets the previous record (e.g. to resume an interrupted training). */
  run: (previous: StageRecord | undefined) => Promise<T>;
}

export async function runStage<T extends Record<string, unknown>>(ctx: RedeployContext, def: StageDef<T>): Promise<T> {
  const { log, store } = ctx;
  const index = STAGES.indexOf(def.name) + 1;
  log.line(`\n━━ [${index}/${STAGES.length}] ${def.name}: ${def.title} ━━`);
  const inputHash = def.inputHash();
  const previous = store.get(def.name);
  if (ctx.opts.resume && previous?.status === 'done' && previous.inputHash === inputHash && (!def.stillValid || def.stillValid(previous.output as T))) {
    store.event(def.name, 'skip', 'done earlier with the same inputs');
    log.line(`↷ ${def.name}: skipped, already done (${previous.finishedAt}) with the same inputs`);
    return previous.output as T;
  }
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  store.set(def.name, { status: 'running', inputHash, startedAt }, 'start');
  try {
    const output = await def.run(previous);
    const seconds = (performance.now() - t0) / 1000;
    store.set(def.name, { status: 'done', inputHash, startedAt, finishedAt: new Date().toISOString(), seconds, output }, 'done');
    log.line(`✓ ${def.name} done in ${formatDuration(seconds)}`);
    return output;
  } catch (e) {
    const err = e instanceof PipelineError ? e : new PipelineError(`stage ${def.name} failed: ${(e as Error).message.split('\n')[0]}`);
    const seconds = (performance.now() - t0) / 1000;
    if (err.exitCode === 130) store.event(def.name, 'interrupted', err.message);
    else store.set(def.name, { status: 'failed', inputHash, startedAt, finishedAt: new Date().toISOString(), seconds, error: err.message }, 'fail', err.message);
    log.line(`✗ ${def.name} ${err.exitCode === 130 ? 'interrupted' : 'failed'} after ${formatDuration(seconds)}`);
    throw err;
  }
}
