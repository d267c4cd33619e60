/**
 * Types of the non-JS modules the Worker bundle imports (see `rules` in wrangler.toml):
 * `.wasm` becomes a precompiled WebAssembly.Module, `.bin` an ArrayBuffer.
 * JSON files under a weights/ folder are ArrayBuffers too at run time, but TypeScript
 * types every .json from its content: import them through `weightFileBytes()` in
 * src/serving/weight-module.ts rather than trusting the static type.
 */
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}

declare module '*.bin' {
  const data: ArrayBuffer;
  export default data;
}
