/**
 * Helpers over fast-xml-parser's ordered tree (preserveOrder: true): parse with
 * validation, and walk element names, attributes, children and text content.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One node: `{ tag: children[], ':@'?: attrs }` or a text node `{ '#text': string }`. */
export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  htmlEntities: true,
  processEntities: true,
});

/** Parses XML; returns an error message instead of a tree when the document is not well-formed. */
export function parseXml(text: string): XmlNode[] | string {
  const valid = XMLValidator.validate(text);
  if (valid !== true) return `${valid.err.msg} (line ${valid.err.line})`;
  return parser.parse(text) as XmlNode[];
}

export function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text');
}

export function childrenOf(node: XmlNode): XmlNode[] {
  const tag = tagOf(node);
  return tag ? (node[tag] as XmlNode[]) : [];
}

export function attrOf(node: XmlNode, name: string): string | undefined {
  const attrs = node[':@'] as Record<string, string> | undefined;
  return attrs?.[name];
}

export function isText(node: XmlNode): boolean {
  return '#text' in node;
}

/** Concatenated text of a node, skipping the subtrees of elements named in `skip`. */
export function textContent(node: XmlNode, skip: ReadonlySet<string> = new Set()): string {
  if (isText(node)) return String(node['#text']);
  const tag = tagOf(node);
  if (!tag || skip.has(tag)) return '';
  return childrenOf(node)
    .map((child) => textContent(child, skip))
    .join('');
}

/** Depth-first list of all elements named `tag`. */
export function findAll(nodes: XmlNode[], tag: string): XmlNode[] {
  const found: XmlNode[] = [];
  const walk = (list: XmlNode[]) => {
    for (const node of list) {
      if (isText(node)) continue;
      if (tagOf(node) === tag) found.push(node);
      walk(childrenOf(node));
    }
  };
  walk(nodes);
  return found;
}
