// Cheap recognition of request and prompt files, and dialect detection from a request's shape.
import type { Node } from 'jsonc-parser';
import { arrayItems, objectKeys, parseJson, prop, stringProp } from './parse/json';

export type DocumentKind = 'request' | 'prompt' | 'none';

const PROMPT_FILE = /\.(prompt|prompty)$|\.prompt\.(md|txt)$/i;
const JSON_FILE = /\.(json|jsonc|jsonl|ndjson)$/i;
const BODY_KEYS = ['messages', 'system', 'contents', 'input'];

export function isPromptFileName(fileName: string): boolean {
  return PROMPT_FILE.test(fileName);
}

export function isJsonlFileName(fileName: string): boolean {
  return /\.(jsonl|ndjson)$/i.test(fileName);
}

/**
 * Is this text a request body or a prompt template? Prompt templates are recognised by file name;
 * JSON is recognised by content: an object with messages/system/contents/input and a model (or, with no
 * model, messages that look like chat messages).
 */
export function detectRequest(text: string, fileName = ''): { kind: DocumentKind; reason: string } {
  if (isPromptFileName(fileName)) return { kind: 'prompt', reason: 'prompt template (file extension)' };
  if (fileName && !JSON_FILE.test(fileName) && !/^untitled/i.test(fileName) && fileName.includes('.')) {
    // Non-JSON file names are only considered when they are JSON-looking (e.g. .txt request dumps are not).
    const base = fileName.split(/[\\/]/).pop() ?? fileName;
    if (base.includes('.')) return { kind: 'none', reason: 'not a JSON or prompt file' };
  }
  const sample = firstJsonDocument(text, fileName);
  // Quick reject before parsing: a body key must appear in the text.
  if (!/"(messages|system|contents|input)"\s*:/.test(sample)) return { kind: 'none', reason: 'no messages/system/contents/input key' };
  const { root } = parseJson(sample);
  if (!root || root.type !== 'object') return { kind: 'none', reason: 'not a JSON object' };
  return looksLikeRequest(root)
    ? { kind: 'request', reason: 'request body (messages/system/contents/input with a model)' }
    : { kind: 'none', reason: 'JSON object without a request shape' };
}

/** For .jsonl files: the first non-empty line; otherwise the whole text. */
function firstJsonDocument(text: string, fileName: string): string {
  if (!isJsonlFileName(fileName)) return text;
  for (const line of text.split(/\r?\n/)) if (line.trim()) return line;
  return '';
}

export function looksLikeRequest(root: Node): boolean {
  const keys = objectKeys(root);
  if (!keys.some((k) => BODY_KEYS.includes(k))) return false;
  if (typeof stringProp(root, 'model') === 'string') return true;
  // No model: accept when messages look like chat messages (role + content) or contents like Gemini's.
  const msgs = arrayItems(prop(root, 'messages'));
  if (msgs.length && msgs.every((m) => m.type === 'object' && stringProp(m, 'role') !== undefined)) return true;
  const contents = arrayItems(prop(root, 'contents'));
  if (contents.length && contents.every((c) => c.type === 'object' && prop(c, 'parts'))) return true;
  return false;
}
