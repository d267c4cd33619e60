// Boots the TypeScript gradient worker inside a worker thread: tsx's loader hooks are not
// inherited by worker threads, so register them here before importing the .ts module.
import { register } from 'tsx/esm/api';
register();
await import('./grad-worker.ts');
