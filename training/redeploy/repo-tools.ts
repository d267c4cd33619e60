/**
 * Where the pipeline finds the repository and its tools: child stages run from the repo
 * root with its own tsx and wrangler (node_modules/.bin), whatever the caller's cwd.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const TSX_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
export const WRANGLER_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'wrangler');

/** The argv that runs a training CLI script (e.g. 'training/train.ts') with tsx. */
export const tsxScript = (script: string, ...args: string[]): string[] => [TSX_BIN, path.join(REPO_ROOT, script), ...args];
