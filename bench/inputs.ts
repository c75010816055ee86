// Deterministic benchmark inputs: request bodies of a target size in several shapes, with prose in
// several languages and code. No files are shipped: everything is generated from a seeded PRNG so two
// runs (and two machines) analyze exactly the same bytes.

export type Shape = 'anthropic-doc' | 'openai-doc' | 'many-messages' | 'many-tools';
export const SHAPES: Shape[] = ['anthropic-doc', 'openai-doc', 'many-messages', 'many-tools'];

export interface BenchInput {
  name: string;
  shape: Shape;
  /** Target size in characters. */
  size: number;
  text: string;
  /** Offset (in text) of a character inside the largest string block: where the "large block" edit goes. */
  bigEditAt: number;
  /** Offset of a character inside the last message's text: where the "last message" edit goes. */
  lastEditAt: number;
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EN = 'the cache prompt model request token system message should every before after while which because answer customer policy refund order shipping account invoice document section clause agreement party shall notwithstanding provided however including without limitation'.split(' ');
const DE = 'der die das und ist nicht mit für auf werden Vertrag Kunde Bestellung Rechnung Lieferung Gewährleistung Haftung Änderungen gemäß außerdem Straße größer müssen können Verantwortung Datenschutz'.split(' ');
const RU = 'и в не на что это как по из для договор клиент заказ счёт доставка ответственность изменения согласно также должен может данные политика возврат'.split(' ');
const ZH = '我们的客户服务政策规定所有订单必须在三十天内处理退款申请需要提供发票和订单号码系统将自动计算缓存令牌的数量并且提示模型回答问题时应当保持礼貌';
const JA = 'お客様のご注文は三十日以内に処理されますキャッシュされたプロンプトはトークンの数を減らしますシステムは自動的に計算しますご質問があればお問い合わせください';
const CODE_LINES = [
  'export function computeTotal(items: LineItem[], taxRate = 0.19): number {',
  '  let sum = 0;',
  '  for (const item of items) {',
  '    if (item.quantity <= 0) continue; // skip returns',
  '    sum += item.price * item.quantity;',
  '  }',
  '  return Math.round(sum * (1 + taxRate) * 100) / 100;',
  '}',
  'def load_config(path: str) -> dict:',
  '    with open(path, "r", encoding="utf-8") as fh:',
  '        return json.load(fh)',
  'SELECT id, name, created_at FROM customers WHERE status = \'active\' ORDER BY created_at DESC;',
  '    const url = `https://api.example.com/v1/orders/${orderId}?expand=items`;',
  '\tif err != nil {\n\t\treturn nil, fmt.Errorf("read %s: %w", path, err)\n\t}',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function sentence(r: () => number, words: string[], min = 6, max = 18): string {
  const n = min + Math.floor(r() * (max - min));
  const ws: string[] = [];
  for (let i = 0; i < n; i++) ws.push(pick(r, words));
  const s = ws.join(' ');
  return s[0].toUpperCase() + s.slice(1) + pick(r, ['.', '.', '.', '?', '!', ';']);
}

function cjk(r: () => number, src: string): string {
  const start = Math.floor(r() * (src.length - 20));
  const len = 15 + Math.floor(r() * 25);
  let s = '';
  for (let i = 0; i < len; i++) s += src[(start + i) % src.length];
  return s + pick(r, ['。', '，', '、', '！', '？']);
}

/** One paragraph of mixed-language prose or a code block. */
export function paragraph(r: () => number): string {
  const kind = Math.floor(r() * 7);
  const lines = 2 + Math.floor(r() * 5);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    switch (kind) {
      case 0:
      case 1:
        out.push(sentence(r, EN) + ' ' + sentence(r, EN));
        break;
      case 2:
        out.push(sentence(r, DE));
        break;
      case 3:
        out.push(sentence(r, RU));
        break;
      case 4:
        out.push(cjk(r, ZH) + cjk(r, ZH));
        break;
      case 5:
        out.push(cjk(r, JA) + cjk(r, JA));
        break;
      default:
        out.push(pick(r, CODE_LINES));
    }
  }
  if (kind === 6) return '```\n' + out.join('\n') + '\n```';
  return out.join(kind >= 4 && kind <= 5 ? '' : ' ');
}

/** Prose/code text of about `chars` characters (paragraphs separated by blank lines, some headings, some emoji). */
export function document(r: () => number, chars: number): string {
  const parts: string[] = [];
  let n = 0;
  let sec = 1;
  while (n < chars) {
    let p = paragraph(r);
    if (r() < 0.08) p = `## Section ${sec++}: ${sentence(r, EN, 2, 5)}\n\n${p}`;
    if (r() < 0.05) p += ' 🚀 ✅ 👍🏽';
    parts.push(p);
    n += p.length + 2;
  }
  return parts.join('\n\n');
}

function json(v: unknown): string {
  return JSON.stringify(v, null, 2);
}

/** Offset in `text` of a character roughly in the middle of the JSON string whose decoded value contains `marker`. */
function offsetOf(text: string, marker: string, from = 0): number {
  const i = text.indexOf(marker, from);
  if (i < 0) throw new Error(`marker ${marker} not found`);
  return i;
}

export function makeInput(shape: Shape, size: number, seed = 1): BenchInput {
  const r = rng(seed * 7919 + size);
  const name = `${shape} ${fmtSize(size)}`;
  const mid = '\u00a7MID\u00a7';
  const last = '\u00a7LAST\u00a7';
  let body: any;
  const question = 'Summarize the sections above and list every refund rule. ' + last + ' Answer in English.';
  switch (shape) {
    case 'anthropic-doc': {
      const doc = document(r, Math.floor(size * 0.45)) + mid + document(r, Math.floor(size * 0.45));
      body = {
        model: 'claude-sonnet-4-5',
        max_tokens: 1024,
        system: [
          { type: 'text', text: 'You are a careful assistant for the legal and support team.' },
          { type: 'text', text: doc, cache_control: { type: 'ephemeral' } },
        ],
        messages: [
          { role: 'user', content: 'What does section 3 say about refunds?' },
          { role: 'assistant', content: 'Section 3 says refunds are processed within thirty days.' },
          { role: 'user', content: [{ type: 'text', text: question }] },
        ],
      };
      break;
    }
    case 'openai-doc': {
      const doc = document(r, Math.floor(size * 0.45)) + mid + document(r, Math.floor(size * 0.45));
      body = {
        model: 'gpt-4o',
        messages: [
          { role: 'system', content: doc },
          { role: 'user', content: 'What does section 3 say about refunds?' },
          { role: 'assistant', content: 'Section 3 says refunds are processed within thirty days.' },
          { role: 'user', content: question },
        ],
      };
      break;
    }
    case 'many-messages': {
      const messages: any[] = [{ role: 'system', content: 'You are a helpful support agent. ' + document(r, 600) }];
      let n = 400;
      let midDone = false;
      while (n < size * 0.95) {
        const content = document(r, 80 + Math.floor(r() * 500));
        const withMid = !midDone && n > size * 0.45;
        if (withMid) midDone = true;
        const m = { role: messages.length % 2 ? 'user' : 'assistant', content: withMid ? content.slice(0, 40) + mid + content.slice(40) : content };
        messages.push(m);
        n += content.length + 40;
      }
      if (messages.length % 2 === 0) messages.push({ role: 'assistant', content: 'Noted.' });
      messages.push({ role: 'user', content: question });
      body = { model: 'gpt-4o', messages };
      break;
    }
    case 'many-tools': {
      const tools: any[] = [];
      let n = 0;
      let midDone = false;
      for (let i = 0; n < size * 0.9; i++) {
        const withMid = !midDone && n > size * 0.45;
        if (withMid) midDone = true;
        const desc = document(r, 150 + Math.floor(r() * 700)).replace(/```/g, '');
        const t = {
          type: 'function',
          function: {
            name: `tool_${i}_${pick(r, EN)}`,
            description: withMid ? desc.slice(0, 30) + mid + desc.slice(30) : desc,
            parameters: {
              type: 'object',
              properties: {
                query: { type: 'string', description: sentence(r, EN) },
                limit: { type: 'integer', description: 'Maximum number of results.' },
                mode: { type: 'string', enum: ['fast', 'thorough', 'exhaustive'] },
              },
              required: ['query'],
            },
          },
        };
        tools.push(t);
        n += json(t).length;
      }
      body = {
        model: 'gpt-4o',
        tools,
        messages: [
          { role: 'system', content: 'You can call tools. ' + sentence(r, EN) },
          { role: 'user', content: question },
        ],
      };
      break;
    }
  }
  const text = json(body);
  return { name, shape, size, text, bigEditAt: offsetOf(text, mid) + 1, lastEditAt: offsetOf(text, last) + 1 };
}

export function fmtSize(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(0)} MB` : `${(n / 1024).toFixed(0)} KB`;
}

/** A one-character edit at `at`: insert a letter (alternating with deleting it again keeps the text size stable). */
export function insertChar(text: string, at: number, ch: string): string {
  return text.slice(0, at) + ch + text.slice(at);
}
