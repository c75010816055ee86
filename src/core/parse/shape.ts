// Wrong types inside one block: a problem on that block (the rest of the request is still analysed).
// The dialects count such a block as best they can (as JSON text); the API would reject the request.
import type { InputProblem } from '../types';
import { arrayItems, nodeRange, prop, type Node } from './json';

const KIND: Record<string, string> = { object: 'an object', array: 'an array', number: 'a number', boolean: 'a boolean', null: 'null', string: 'a string' };

function expectString(n: Node | undefined, what: string, out: InputProblem[]): void {
  if (!n || n.type === 'string' || out.length >= 20) return;
  out.push({ severity: 'error', message: `${what} is ${KIND[n.type] ?? n.type}, not a string: the API rejects this request (counted here as JSON text).`, range: nodeRange(n), code: 'block-type' });
}

function blocks(list: Node | undefined, where: string, out: InputProblem[]): void {
  arrayItems(list).forEach((b, i) => {
    if (b.type !== 'object') return;
    const type = prop(b, 'type');
    expectString(type, `The "type" of ${where} block ${i + 1}`, out);
    if (type?.type === 'string' && type.value === 'text') expectString(prop(b, 'text'), `The "text" of ${where} block ${i + 1}`, out);
  });
}

/** Problems for wrongly typed "role", "type" and "text" values in system, messages and their content. */
export function shapeProblems(root: Node): InputProblem[] {
  const out: InputProblem[] = [];
  blocks(prop(root, 'system'), 'system', out);
  arrayItems(prop(root, 'messages')).forEach((m, i) => {
    if (m.type !== 'object') return;
    expectString(prop(m, 'role'), `The "role" of message ${i + 1}`, out);
    blocks(prop(m, 'content'), `message ${i + 1}'s content`, out);
  });
  return out;
}
