/**
 * Types of the non-JS modules the Worker bundle imports (see `rules` in wrangler.toml):
 * `.wasm` becomes a precompiled WebAssembly.Module, `.bin` an ArrayBuffer.
 */
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}

declare module '*.bin' {
  const data: ArrayBuffer;
  export default data;
}
