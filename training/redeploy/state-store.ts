/**
 * The pipeline's memory between runs, `<work-dir>/state.json` (written atomically): for
 * each stage its status, the hash of its inputs, its outputs and timings, plus a history
 * of what every invocation did (ran, skipped, failed). `--resume` skips a stage recorded
 * as done with the same input hash; a stage left "running" was interrupted.
 */
import fs from 'node:fs';
import { writeFileAtomic } from '../../tools/atomic-write.ts';

export const STAGES = ['corpus', 'train', 'export', 'compare', 'gate', 'install', 'publish', 'deploy'] as const;
export type StageName = (typeof STAGES)[number];

export interface StageRecord {
  status: 'running' | 'done' | 'failed';
  inputHash: string;
  startedAt: string;
  finishedAt?: string;
  seconds?: number;
  output?: Record<string, unknown>;
  error?: string;
}

export type StageEvent = 'start' | 'done' | 'skip' | 'fail' | 'interrupted';

export interface RedeployState {
  version: 1;
  stages: Partial<Record<StageName, StageRecord>>;
  history: { invocation: number; time: string; stage: StageName; event: StageEvent; detail?: string }[];
}

export class StateStore {
  readonly state: RedeployState;
  readonly invocation: number;

  /** Loads the state file; `fresh` forgets every stage (a run without --resume) but keeps the history. */
  constructor(readonly file: string, fresh: boolean) {
    let loaded: RedeployState | undefined;
    if (fs.existsSync(file)) {
      try {
        loaded = JSON.parse(fs.readFileSync(file, 'utf8')) as RedeployState;
        if (loaded.version !== 1 || typeof loaded.stages !== 'object' || !Array.isArray(loaded.history)) loaded = undefined;
      } catch {
        loaded = undefined;
      }
    }
    this.state = loaded ?? { version: 1, stages: {}, history: [] };
    if (fresh) this.state.stages = {};
    this.invocation = 1 + this.state.history.reduce((m, h) => Math.max(m, h.invocation), 0);
  }

  get(stage: StageName): StageRecord | undefined {
    return this.state.stages[stage];
  }

  set(stage: StageName, record: StageRecord, event: StageEvent, detail?: string): void {
    this.state.stages[stage] = record;
    this.event(stage, event, detail);
  }

  event(stage: StageName, event: StageEvent, detail?: string): void {
    this.state.history.push({ invocation: this.invocation, time: new Date().toISOString(), stage, event, ...(detail ? { detail } : {}) });
    this.save();
  }

  private save(): void {
    writeFileAtomic(this.file, JSON.stringify(this.state, null, 2) + '\n');
  }
}
