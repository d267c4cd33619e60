/**
 * Checks a translated catalog against its source, entry by entry: same entries in the same
 * order with the same context and source texts; every form of a filled entry non-empty;
 * the multiset of placeholders (printf, {{var}}, tags, …: the engine's own placeholder
 * finder) identical to its source form's; an accelerator in the source ⇒ exactly one mark
 * of the same kind, on a letter, in the translation. Returns counts and the failures.
 */
import { findPlaceholders } from '../model/text/placeholders.ts';
import { acceleratorPositions, findAccelerator } from './accelerators.ts';
import type { ParsedCatalog } from './catalog.ts';

export interface IntegrityReport {
  entries: number;
  /** Entries with a translation in every form. */
  translated: number;
  plurals: { entries: number; filled: number };
  placeholders: { entries: number; intact: number };
  accelerators: { entries: number; intact: number };
  /** Entry-level problems: "key: what is wrong". */
  failures: string[];
}

const bag = (text: string) => findPlaceholders(text).map((p) => p.text).sort().join('\u0000');

export function checkCatalogPair(source: ParsedCatalog, translated: ParsedCatalog): IntegrityReport {
  const r: IntegrityReport = { entries: source.units.length, translated: 0, plurals: { entries: 0, filled: 0 }, placeholders: { entries: 0, intact: 0 }, accelerators: { entries: 0, intact: 0 }, failures: [] };
  if (translated.units.length !== source.units.length) r.failures.push(`entry count: ${source.units.length} in the source, ${translated.units.length} translated`);
  source.units.forEach((s, i) => {
    const t = translated.units[i];
    if (!t) return;
    const name = `${s.context ? `${s.context}|` : ''}${s.key}`;
    if (t.key !== s.key || t.context !== s.context || t.sources.join('\u0000') !== s.sources.join('\u0000')) {
      r.failures.push(`${name}: entry ${i + 1} is ${t.context ? `${t.context}|` : ''}${t.key} in the translation (order, context or source changed)`);
      return;
    }
    const forms = t.targets;
    const complete = forms.length === s.sources.length && forms.every((f) => f.length > 0);
    if (complete) r.translated++;
    if (s.sources.length > 1) {
      r.plurals.entries++;
      if (complete) r.plurals.filled++;
      else r.failures.push(`${name}: plural forms ${JSON.stringify(forms)}`);
    }
    if (!complete) return;
    if (s.sources.some((src) => findPlaceholders(src).length > 0)) {
      r.placeholders.entries++;
      const bad = s.sources.findIndex((src, f) => bag(src) !== bag(forms[f]));
      if (bad < 0) r.placeholders.intact++;
      else r.failures.push(`${name}: placeholders of ${JSON.stringify(s.sources[bad])} not kept in ${JSON.stringify(forms[bad])}`);
    }
    if (s.accelerators) {
      const accs = s.sources.map(findAccelerator);
      if (accs.some((a) => a !== undefined)) {
        r.accelerators.entries++;
        const bad = accs.findIndex((a, f) => a !== undefined && !(acceleratorPositions(forms[f]).length === 1 && acceleratorPositions(forms[f])[0].mark === a.mark));
        if (bad < 0) r.accelerators.intact++;
        else r.failures.push(`${name}: accelerator of ${JSON.stringify(s.sources[bad])} not kept in ${JSON.stringify(forms[bad])}`);
      }
    }
  });
  return r;
}
