/**
 * XLIFF 1.2 and 2.x through fast-xml-parser in order-preserving mode, so the written file
 * is the input with targets added: declarations, comments, whitespace, notes, groups and
 * attributes stay as they were.
 *  - 1.2: every `<trans-unit>` (not translate="no") is a unit; a machine-filled one gets
 *    `<target state="needs-translation" state-qualifier="mt-suggestion">` after its source.
 *  - 2.x: every `<segment>` of a `<unit>` (not translate="no") is a unit; a filled segment
 *    gets `state="initial" subState="edge-mt:mt"` and a `<target>` after its source.
 * A source with inline markup (`<x/>`, `<g>`, `<ph/>`, `<pc>`) is translated as an XML
 * fragment: the engine's placeholder masking keeps the tags; a translation whose tags no
 * longer parse is written as plain text (and fails the integrity check). A low-confidence
 * fill gets a note (`<note from="edge-mt">` in 1.2, `<notes><note category="edge-mt">` in 2.x).
 * The file's target language (`target-language` / `trgLang`) is set to `es`.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { CatalogSyntaxError, type CatalogUnit, type FilledUnit, type ParsedCatalog } from './catalog.ts';

/** A node of fast-xml-parser's order-preserving tree. */
type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  commentPropName: '#comment',
  cdataPropName: '#cdata',
  processEntities: true,
  htmlEntities: false,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
} as const;

const parser = () => new XMLParser(OPTIONS);
const builder = () => new XMLBuilder({ ...OPTIONS, format: false, suppressEmptyNode: true });

/** The element name of a node (undefined for text, comments, declarations). */
function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && !k.startsWith('#') && !k.startsWith('?'));
}
const childrenOf = (node: XmlNode): XmlNode[] => (node[tagOf(node)!] as XmlNode[]) ?? [];
const attr = (node: XmlNode, name: string): string | undefined => node[':@']?.[`@_${name}`];
function setAttr(node: XmlNode, name: string, value: string): void {
  node[':@'] = { ...(node[':@'] ?? {}), [`@_${name}`]: value };
}
const localName = (tag: string) => tag.slice(tag.indexOf(':') + 1);
const isElement = (node: XmlNode, name: string) => tagOf(node) !== undefined && localName(tagOf(node)!) === name;

/** Elements named `name` in document order (not inside another one of the same name). */
function findAll(nodes: XmlNode[], name: string, out: XmlNode[] = []): XmlNode[] {
  for (const n of nodes) {
    const tag = tagOf(n);
    if (!tag) continue;
    if (localName(tag) === name) out.push(n);
    else findAll(childrenOf(n), name, out);
  }
  return out;
}

/** Plain text when the children are only text, else the children as an XML fragment. */
function contentOf(children: XmlNode[]): { text: string; markup: boolean } {
  if (children.every((c) => '#text' in c)) return { text: children.map((c) => String(c['#text'])).join(''), markup: false };
  return { text: builder().build(children) as string, markup: true };
}

/** The children a target gets for a translation (markup parsed back when it was markup). */
function targetChildren(translation: string, markup: boolean): XmlNode[] {
  if (markup && XMLValidator.validate(`<t>${translation}</t>`) === true) {
    const [root] = parser().parse(`<t>${translation}</t>`) as XmlNode[];
    return childrenOf(root);
  }
  return [{ '#text': translation }];
}

function hasText(children: XmlNode[]): boolean {
  return children.some((c) => ('#text' in c ? String(c['#text']).trim().length > 0 : tagOf(c) !== undefined));
}

interface XliffSlot {
  /** The element that holds source and target (trans-unit in 1.2, segment in 2.x). */
  holder: XmlNode;
  /** The element that gets notes (trans-unit in 1.2, unit in 2.x). */
  owner: XmlNode;
  markup: boolean;
}

export function parseXliff(text: string, file: string): ParsedCatalog {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new CatalogSyntaxError(file, valid.err.line, valid.err.msg);
  const tree = parser().parse(text) as XmlNode[];
  const root = tree.find((n) => isElement(n, 'xliff'));
  if (!root) throw new CatalogSyntaxError(file, 1, 'no <xliff> root element');
  const version = attr(root, 'version') ?? '';
  const v2 = version.startsWith('2.');
  if (!v2 && version !== '1.2' && version !== '1.1') throw new CatalogSyntaxError(file, 1, `unsupported XLIFF version "${version}" (1.2 and 2.x are supported)`);
  const rootTag = tagOf(root)!;
  const prefix = rootTag.includes(':') ? `${rootTag.split(':')[0]}:` : '';

  const units: CatalogUnit[] = [];
  const slots: XliffSlot[] = [];
  const add = (holder: XmlNode, owner: XmlNode, id: string) => {
    const kids = childrenOf(holder);
    const source = kids.find((k) => isElement(k, 'source'));
    if (!source) return;
    const target = kids.find((k) => isElement(k, 'target'));
    const { text: src, markup } = contentOf(childrenOf(source));
    if (src.trim() === '') return;
    const done = target !== undefined && hasText(childrenOf(target));
    units.push({ key: id, sources: [src], targets: [done ? contentOf(childrenOf(target)).text : ''], translated: done, accelerators: !markup });
    slots.push({ holder, owner, markup });
  };
  if (v2) {
    for (const unit of findAll([root], 'unit')) {
      if (attr(unit, 'translate') === 'no') continue;
      const segments = childrenOf(unit).filter((k) => isElement(k, 'segment'));
      segments.forEach((seg, i) => add(seg, unit, `${attr(unit, 'id') ?? units.length}${segments.length > 1 ? `#${attr(seg, 'id') ?? i + 1}` : ''}`));
    }
  } else {
    for (const tu of findAll([root], 'trans-unit')) if (attr(tu, 'translate') !== 'no') add(tu, tu, attr(tu, 'id') ?? attr(tu, 'resname') ?? String(units.length));
  }

  const write = (fills: readonly (FilledUnit | undefined)[]): string => {
    const doc = structuredClone(tree);
    const docRoot = doc.find((n) => isElement(n, 'xliff'))!;
    if (v2) setAttr(docRoot, 'trgLang', 'es');
    else for (const f of findAll([docRoot], 'file')) setAttr(f, 'target-language', 'es');
    // Walk the clone in the same order as the parse to find each slot's copy.
    const holders: XmlNode[] = [];
    const owners: XmlNode[] = [];
    if (v2) {
      for (const unit of findAll([docRoot], 'unit')) {
        if (attr(unit, 'translate') === 'no') continue;
        for (const seg of childrenOf(unit).filter((k) => isElement(k, 'segment'))) {
          const src = childrenOf(seg).find((k) => isElement(k, 'source'));
          if (src && contentOf(childrenOf(src)).text.trim() !== '') { holders.push(seg); owners.push(unit); }
        }
      }
    } else {
      for (const tu of findAll([docRoot], 'trans-unit')) {
        if (attr(tu, 'translate') === 'no') continue;
        const src = childrenOf(tu).find((k) => isElement(k, 'source'));
        if (src && contentOf(childrenOf(src)).text.trim() !== '') { holders.push(tu); owners.push(tu); }
      }
    }
    fills.forEach((fill, i) => {
      if (!fill) return;
      const holder = holders[i];
      const kids = childrenOf(holder);
      const target: XmlNode = { [`${prefix}target`]: targetChildren(fill.forms[0], slots[i].markup) };
      if (!v2) {
        setAttr(target, 'state', 'needs-translation');
        setAttr(target, 'state-qualifier', 'mt-suggestion');
      } else {
        setAttr(holder, 'state', 'initial');
        setAttr(holder, 'subState', 'edge-mt:mt');
      }
      const old = kids.findIndex((k) => isElement(k, 'target'));
      if (old >= 0) kids.splice(old, 1, target);
      else {
        // The new target goes after the source, indented like it.
        const at = kids.findIndex((k) => isElement(k, 'source'));
        const indent = at > 0 && '#text' in kids[at - 1] && /^\s+$/.test(String(kids[at - 1]['#text'])) ? [{ '#text': kids[at - 1]['#text'] }] : [];
        kids.splice(at + 1, 0, ...indent, target);
      }
      if (fill.lowConfidence) {
        const text = `low-confidence ${fill.confidence?.toFixed(2) ?? ''}`.trim();
        const owner = owners[i];
        const ownerKids = childrenOf(owner);
        if (!v2) {
          const note: XmlNode = { [`${prefix}note`]: [{ '#text': text }] };
          setAttr(note, 'from', 'edge-mt');
          ownerKids.push(note);
        } else {
          const note: XmlNode = { [`${prefix}note`]: [{ '#text': text }] };
          setAttr(note, 'category', 'edge-mt');
          let notes = ownerKids.find((k) => isElement(k, 'notes'));
          if (!notes) {
            notes = { [`${prefix}notes`]: [] };
            const firstElement = ownerKids.findIndex((k) => tagOf(k) !== undefined);
            ownerKids.splice(firstElement < 0 ? 0 : firstElement, 0, notes);
          }
          childrenOf(notes).push(note);
        }
      }
    });
    const out = builder().build(doc) as string;
    return out.endsWith('\n') ? out : out + '\n';
  };

  return { format: 'xliff', dialect: `XLIFF ${version}`, units, write };
}
