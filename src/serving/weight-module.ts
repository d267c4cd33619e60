/**
 * Bytes of a file bundled under weights/ (wrangler.toml bundles every file there
 * as Data, i.e. an ArrayBuffer with the exact file bytes). TypeScript types a
 * `.json` import from the file's content, so this is the one place that says
 * what the import really is at run time, and checks it.
 *
 *   import manifestModule from '../../weights/en-es/manifest.json';
 *   const bytes = weightFileBytes(manifestModule, 'manifest.json');
 *   const manifest = JSON.parse(new TextDecoder().decode(bytes));
 */
export function weightFileBytes(imported: unknown, name: string): ArrayBuffer {
  if (imported instanceof ArrayBuffer) return imported;
  throw new TypeError(
    `${name} was not bundled as bytes (got ${typeof imported}); it must live under a weights/ folder (wrangler.toml rules)`,
  );
}
