/**
 * A short run of the training fault test (training/fault-kill.ts): train.ts on the tiny
 * fixture config is SIGKILLed twice at random moments and resumed; every checkpoint left
 * behind must load, and the result must be bitwise equal to an uninterrupted run.
 * (The full version, 5 kills over 60 steps, is `npm run fault-kill`.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { faultKill } from '../../training/fault-kill.ts';
import { tempDir } from './train-toy.ts';

const out = tempDir('train-fault-kill');

describe('fault-kill', () => {
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('after 2 SIGKILLs and resumes, train.ts ends bitwise equal to an uninterrupted run', async () => {
    const s = await faultKill({ config: 'tests/fixtures/train/tiny.json', kills: 2, maxSteps: 30, seed: 2, out });
    expect(s.kills).toHaveLength(2);
    for (const k of s.kills) {
      expect(k.checkpointOk, `kill ${k.kill}: ${k.error}`).toBe(true);
      expect(k.bestOk).not.toBe(false);
      expect(k.stepAtKill).toBeGreaterThanOrEqual(k.targetStep);
      expect(k.stepAtKill).toBeLessThan(30);
    }
    expect(s.resumes).toBe(2);
    expect(s.finalStep).toBe(30);
    expect(s.identical).toEqual({ params: true, adam: true, state: true, best: true, runFiles: true });
    expect(s.mismatches).toEqual([]);
    expect(s.ok).toBe(true);
    // Both runs really trained: the reference checkpoint is in its own folder.
    expect(fs.existsSync(path.join(out, 'straight', 'last.ckpt'))).toBe(true);
  }, 180_000);

  it('rejects more kills than steps with one line on stderr and exit status 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'training/fault-kill.ts', '--kills', '9', '--max-steps', '5', '--out', path.join(out, 'bad')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['error: --kills must be less than --max-steps (9 kills, 5 steps)']);
    expect(fs.existsSync(path.join(out, 'bad'))).toBe(false);
  }, 60_000);
});
