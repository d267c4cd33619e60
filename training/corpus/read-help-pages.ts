/**
 * Aligns translated Mallard help pages (gnome-user-docs) into sentence pairs for
 * the out-of-domain evaluation set. Each page exists as help/C/<doc>/<id>.page and
 * help/es/<doc>/<id>.page; the Spanish page is produced by itstool and keeps the
 * block structure, so the text blocks (title, subtitle, desc, p) of both pages are
 * paired in document order — only when both pages have the same block sequence.
 * Blocks holding an empty element (an auto-filled `<link xref="…"/>`) are skipped,
 * as their displayed text is not in the file. Key sequences render as `Ctrl+P`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RawPair } from './read-gettext.ts';
import { childrenOf, isText, parseXml, tagOf, type XmlNode } from './xml-tree.ts';

const BLOCKS = new Set(['title', 'subtitle', 'desc', 'p']);
/** Subtrees never read: page metadata other than desc, media and code listings. */
const SKIP = new Set(['credit', 'mal:credit', 'revision', 'license', 'media', 'include', 'screen', 'code']);

interface Block {
  tag: string;
  text: string;
  complete: boolean;
}

function blocksOf(nodes: XmlNode[], out: Block[] = []): Block[] {
  for (const node of nodes) {
    if (isText(node)) continue;
    const tag = tagOf(node);
    if (!tag || SKIP.has(tag)) continue;
    if (BLOCKS.has(tag)) out.push({ tag, text: blockText(node), complete: !hasEmptyElement(node) });
    else blocksOf(childrenOf(node), out);
  }
  return out;
}

function blockText(node: XmlNode): string {
  if (isText(node)) return String(node['#text']);
  const tag = tagOf(node);
  if (!tag || SKIP.has(tag)) return '';
  const children = childrenOf(node);
  if (tag === 'keyseq') return children.filter((c) => !isText(c)).map(blockText).join('+');
  return children.map(blockText).join('');
}

function hasEmptyElement(node: XmlNode): boolean {
  return childrenOf(node).some((child) => !isText(child) && (childrenOf(child).length === 0 || hasEmptyElement(child)));
}

/** Pairs of one English page and its Spanish translation; [] when the structures differ. */
export function alignPages(enXml: string, esXml: string): RawPair[] {
  const en = parseXml(enXml);
  const es = parseXml(esXml);
  if (typeof en === 'string' || typeof es === 'string') return [];
  const enBlocks = blocksOf(en);
  const esBlocks = blocksOf(es);
  if (enBlocks.length !== esBlocks.length || enBlocks.some((b, i) => b.tag !== esBlocks[i].tag)) return [];
  return enBlocks.flatMap((b, i) => (b.complete && esBlocks[i].complete ? [{ en: b.text, es: esBlocks[i].text }] : []));
}

export interface HelpAlignment {
  pairs: RawPair[];
  pages: number;
  alignedPages: number;
}

/** Walks `<root>/usr/share/help/C/<doc>/*.page` and aligns each with its `es` counterpart. */
export function alignHelpTree(root: string): HelpAlignment {
  const help = path.join(root, 'usr/share/help');
  const result: HelpAlignment = { pairs: [], pages: 0, alignedPages: 0 };
  for (const doc of fs.readdirSync(path.join(help, 'C')).sort()) {
    const enDir = path.join(help, 'C', doc);
    const esDir = path.join(help, 'es', doc);
    if (!fs.existsSync(esDir)) continue;
    for (const page of fs.readdirSync(enDir).filter((f) => f.endsWith('.page')).sort()) {
      const esPage = path.join(esDir, page);
      if (!fs.existsSync(esPage)) continue;
      result.pages++;
      const pairs = alignPages(fs.readFileSync(path.join(enDir, page), 'utf8'), fs.readFileSync(esPage, 'utf8'));
      if (pairs.length > 0) result.alignedPages++;
      result.pairs.push(...pairs);
    }
  }
  return result;
}
