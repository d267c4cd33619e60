/**
 * What every benchmark result of this suite records about where it ran: the machine
 * (lib/machine-info.ts: CPU model, cores, Node, tfjs, commit), the full load average
 * (the machine may be shared with training), memory, and the model measured.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machineInfo, type MachineInfo } from './machine-info.ts';

export interface RunContext extends MachineInfo {
  /** 1, 5 and 15-minute load averages when the benchmark started. */
  loadavg: number[];
  memoryGB: number;
  model: { id: string; dtype: string; trainingSteps: unknown; shortlistListed: boolean };
}

export function runContext(modelDir = 'weights/en-es'): RunContext {
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'manifest.json'), 'utf8'));
  return {
    ...machineInfo(),
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    model: { id: manifest.model_id, dtype: manifest.dtype, trainingSteps: manifest.training?.steps, shortlistListed: Boolean(manifest.files?.['shortlist.json']) },
  };
}

/** The header line each benchmark prints. */
export function describeContext(m: RunContext): string {
  return `${m.cpu} × ${m.cores} cores, load ${m.loadavg.join('/')}, node ${m.node}, tfjs ${m.tfjs}, commit ${m.commit}, ` +
    `model ${m.model.id} (${m.model.dtype}, ${String(m.model.trainingSteps)} training steps${m.model.shortlistListed ? ', shortlist listed' : ''})`;
}
