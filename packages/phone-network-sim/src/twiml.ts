import { XMLParser } from 'fast-xml-parser';

/**
 * One TwiML verb, with its attributes, text and nested verbs, in order.
 *
 * @public
 */
export interface Verb {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: Verb[];
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

function toVerbs(nodes: Node[]): Verb[] {
  return nodes.flatMap(node => {
    const name = Object.keys(node).find(k => k !== ':@');
    if (!name || name === '#text' || name === '?xml') return [];
    const content = (node[name] as Node[]) ?? [];
    return [
      {
        name,
        attributes: node[':@'] ?? {},
        text: content
          .filter(c => '#text' in c)
          .map(c => String(c['#text']))
          .join(''),
        children: toVerbs(content),
      },
    ];
  });
}

/**
 * The verbs of a TwiML document's `<Response>`, in order.
 *
 * @public
 */
export function parseTwiml(xml: string): Verb[] {
  const response = toVerbs(parser.parse(xml) as Node[]).find(
    v => v.name === 'Response',
  );
  if (!response) throw new Error(`Not a TwiML document: ${xml.slice(0, 80)}`);
  return response.children;
}
