/**
 * The exactly-once constraint behind placeholder integrity (and glossary terms, which are
 * injected as placeholders): every id of `required` is emitted exactly once, in any order,
 * no other id of `slotIds` is ever emitted, and EOS is allowed only once all required ids
 * are out. The search knows nothing of placeholders: the engine passes the sentinel ids of
 * the source as `required` and the whole sentinel range as `slotIds`.
 *
 * State: a 32-bit mask of the required ids already emitted (at most 32 required ids, the
 * engine's sentinel range; more throws).
 */
import type { SearchConstraint } from './constraint.ts';

export function slotConstraint(required: readonly number[], slotIds: readonly number[], eosId: number): SearchConstraint<number> {
  const unique = [...new Set(required)];
  if (unique.length > 32) throw new RangeError(`at most 32 required ids per constraint, got ${unique.length}`);
  const index = new Map(unique.map((id, i) => [id, i]));
  const all = unique.length === 32 ? 0xffffffff : (1 << unique.length) - 1;
  const watched = [...new Set([...slotIds, ...unique, eosId])];
  const popcount = (m: number): number => { let n = 0; for (; m; m &= m - 1) n++; return n; };
  return {
    watched,
    initial: 0,
    allows(c, id) {
      if (id === eosId) return c === all;
      const i = index.get(id);
      return i !== undefined && (c & (1 << i)) === 0;
    },
    advance(c, token) {
      const i = index.get(token);
      return i === undefined ? c : (c | (1 << i)) >>> 0;
    },
    mustEmit(c) { return unique.length - popcount(c); },
  };
}
