/**
 * What a benchmark result was measured on: CPU model, cores, load, Node and tfjs versions,
 * and the git commit (with a "-dirty" suffix when the work tree has uncommitted changes).
 */
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface MachineInfo { date: string; cpu: string; cores: number; loadAvg1m: number; node: string; tfjs: string; commit: string }

const git = (args: string[]) => {
  try { return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return ''; }
};

export function machineInfo(): MachineInfo {
  const commit = git(['rev-parse', '--short', 'HEAD']) || 'unknown';
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
  return {
    date: new Date().toISOString(), cpu: os.cpus()[0]?.model.trim() ?? 'unknown', cores: os.cpus().length,
    loadAvg1m: Number(os.loadavg()[0].toFixed(2)), node: process.version, tfjs: tf.version.tfjs, commit: dirty ? `${commit}-dirty` : commit,
  };
}

