/**
 * Stage 6, install: keeps a copy of the deployed weights (<work-dir>/previous-weights),
 * swaps the verified candidate into --weights-dir atomically, then runs the test suite
 * (`npm test` or --test-command) from the repo root. If the tests fail, the previous
 * weights are swapped back and the stage fails. A rerun after an interruption between the
 * swap and the end of the tests reuses the copy taken before the swap.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hashInputs, sha256File } from '../hash-files.ts';
import { copyFolder, installFolder, removeFolder, verifyModelFolder } from '../model-folder.ts';
import { PipelineError } from '../pipeline-error.ts';
import type { RedeployContext } from '../redeploy-context.ts';
import { REPO_ROOT } from '../repo-tools.ts';
import { runCommand } from '../run-command.ts';
import type { StageDef } from '../run-stage.ts';
import type { ExportOutput } from './export-stage.ts';

export interface InstallOutput extends Record<string, unknown> { weightsDir: string; modelId: string; modelSha256: string; previous: string | null }

export function installStage(ctx: RedeployContext, candidate: ExportOutput): StageDef<InstallOutput> {
  const { opts, paths, log } = ctx;
  const target = opts.weightsDir;
  const bin = path.join(target, 'model.bin');
  const absentMarker = `${paths.previous}.absent`;
  const installed = () => fs.existsSync(bin) && sha256File(bin) === candidate.modelSha256;
  return {
    name: 'install',
    title: `swap the candidate into ${target}, then run the tests (${opts.testCommand})`,
    inputHash: () => hashInputs('install', candidate.modelSha256, target, opts.testCommand),
    stillValid: () => installed(),
    run: async (previous) => {
      verifyModelFolder(candidate.dir);
      const resumingAfterSwap = previous !== undefined && previous.status !== 'done' && installed() && (fs.existsSync(paths.previous) || fs.existsSync(absentMarker));
      if (!resumingAfterSwap) {
        fs.rmSync(absentMarker, { force: true });
        fs.rmSync(paths.previous, { recursive: true, force: true });
        if (fs.existsSync(target)) copyFolder(target, paths.previous);
        else fs.writeFileSync(absentMarker, `${target} did not exist before the swap\n`);
        installFolder(candidate.dir, target);
        log.line(`swapped ${candidate.modelId} into ${target} (model.bin sha256 ${candidate.modelSha256}); previous weights kept in ${fs.existsSync(paths.previous) ? paths.previous : '(none)'}`);
      } else {
        log.line(`${target} already holds the candidate (interrupted run); rerunning the tests`);
      }
      const r = await runCommand(log, opts.testCommand, { cwd: REPO_ROOT });
      if (r.code !== 0) {
        if (fs.existsSync(paths.previous)) installFolder(paths.previous, target);
        else removeFolder(target);
        throw new PipelineError(`stage install failed: the tests failed with the new weights (\`${opts.testCommand}\` exited with ${r.code ?? r.signal}); the previous weights were restored in ${target}`);
      }
      log.line('tests passed with the new weights');
      return { weightsDir: target, modelId: candidate.modelId, modelSha256: candidate.modelSha256, previous: fs.existsSync(paths.previous) ? paths.previous : null };
    },
  };
}
