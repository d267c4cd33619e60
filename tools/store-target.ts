/**
 * The `--local` / `--remote` / `--persist-to DIR` options shared by the CLIs that write
 * to the model store (publish, rollback, redeploy): local is the default.
 */
export interface StoreTarget {
  remote: boolean;
  persistTo?: string;
}

export const STORE_TARGET_HELP = `  --local                the local R2 of wrangler dev (default)
  --remote               Cloudflare R2 (wrangler's login or CLOUDFLARE_API_TOKEN)
  --persist-to DIR       local state folder (default .wrangler/state, as wrangler dev)`;

export const STORE_TARGET_OPTIONS = {
  local: { type: 'boolean' },
  remote: { type: 'boolean' },
  'persist-to': { type: 'string' },
} as const;

export function storeTarget(values: { local?: boolean; remote?: boolean; 'persist-to'?: string }): StoreTarget {
  if (values.local && values.remote) throw new Error('invalid options: --local and --remote exclude each other');
  if (values.remote && values['persist-to']) throw new Error('invalid options: --persist-to only goes with --local');
  return { remote: values.remote ?? false, persistTo: values['persist-to'] };
}
