/** Browser stand-in for node:util: gettext-parser only calls util.inherits at load time. */
export function inherits(ctor: { prototype: object }, superCtor: { prototype: object }): void {
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}
export default { inherits };
