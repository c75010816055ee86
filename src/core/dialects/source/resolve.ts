// Resolving expressions to values within one file, for Python and TypeScript / JavaScript syntax trees:
// string literals (escapes, triple quotes, f-strings, template literals), concatenations, constants
// followed through assignments (module level and the enclosing functions), .format(), strip/trim, dedent,
// literal dicts / objects / lists (with ** / spread), LangChain message constructors. What the file cannot
// resolve becomes an unknown value or a hole in a string (a dynamic span).
import type { OffsetRange } from '../../types';
import { dedentStr, escLit, formatStr, hole, lit, short, str, stripStr, unknown, withSite, type Entry, type Hole, type ListV, type ObjV, type Part, type StrV, type Value } from './values';
import { field, kids, named, nodeAt, type SourceLanguage, type SyntaxNode } from './syntax';

const MAX_DEPTH = 40;

interface Binding {
  name: string;
  start: number;
  value: SyntaxNode | undefined;
  /** The enclosing function ("start:end"; web-tree-sitter gives a new object per access), '' at module level. */
  scope: string;
}

function scopeKey(n: SyntaxNode | undefined): string {
  return n ? `${n.startIndex}:${n.endIndex}` : '';
}

const PY_SCOPES = new Set(['function_definition', 'lambda']);
const TS_SCOPES = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']);

export function rangeOf(n: SyntaxNode): OffsetRange {
  return { start: n.startIndex, end: n.endIndex };
}

/** All nodes of the given types under root (web-tree-sitter's native descendantsOfType when available). */
export function descendants(root: SyntaxNode, types: string[]): SyntaxNode[] {
  const native = (root as unknown as { descendantsOfType?: (t: string[]) => (SyntaxNode | null)[] }).descendantsOfType;
  if (typeof native === 'function') return native.call(root, types).filter((n): n is SyntaxNode => !!n);
  const set = new Set(types);
  const out: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (set.has(n.type)) out.push(n);
    const c = kids(n);
    for (let i = c.length - 1; i >= 0; i--) stack.push(c[i]);
  }
  return out;
}

export class Resolver {
  readonly py: boolean;
  private bindings = new Map<string, Binding[]>();
  private depth = 0;

  constructor(
    readonly text: string,
    readonly root: SyntaxNode,
    readonly language: SourceLanguage,
  ) {
    this.py = language === 'python';
  }

  src(n: SyntaxNode | OffsetRange): string {
    const r = 'type' in n ? rangeOf(n as SyntaxNode) : (n as OffsetRange);
    return this.text.slice(r.start, r.end);
  }

  private scopeOf(n: SyntaxNode): SyntaxNode | undefined {
    const scopes = this.py ? PY_SCOPES : TS_SCOPES;
    for (let p = n.parent; p; p = p.parent) if (scopes.has(p.type)) return p;
    return undefined;
  }

  /**
   * The assignments of `name`, found lazily: a text search for `name =` (not `==`, `=>`), each hit mapped to
   * its assignment node (a keyword argument or a comparison is not one). Memoized per name.
   */
  private bindingsOf(name: string): Binding[] {
    let list = this.bindings.get(name);
    if (list) return list;
    list = [];
    const re = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\s*(?::[^=\\n]{0,200})?=(?![=>])`, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(this.text)) !== null) {
      const at = nodeAt(this.root, m.index, m.index + name.length);
      if (at.type !== 'identifier') continue;
      const p = at.parent;
      if (!p) continue;
      if (this.py ? p.type === 'assignment' && field(p, 'left')?.startIndex === at.startIndex : (p.type === 'variable_declarator' && field(p, 'name')?.startIndex === at.startIndex) || (p.type === 'assignment_expression' && field(p, 'left')?.startIndex === at.startIndex)) {
        // bound after the statement
        list.push({ name, start: p.endIndex, value: field(p, this.py || p.type === 'assignment_expression' ? 'right' : 'value'), scope: scopeKey(this.scopeOf(p)) });
      }
    }
    list.sort((a, b) => a.start - b.start);
    this.bindings.set(name, list);
    return list;
  }

  /** Is `name` a parameter of the function `scope`? */
  private isParameter(scope: SyntaxNode, name: string): boolean {
    const params = field(scope, 'parameters') ?? field(scope, 'parameter');
    if (!params) return false;
    if (params.type === 'identifier') return this.src(params) === name;
    const stack = named(params);
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'identifier' && this.src(n) === name) return true;
      if (n.type === 'type_annotation' || n.type === 'type') continue;
      stack.push(...named(n).filter((c) => c !== field(n, 'value') && c !== field(n, 'type')));
    }
    return false;
  }

  /** The binding of an identifier used at `at`: the innermost enclosing scope that assigns it (last before use). */
  lookup(name: string, at: SyntaxNode): { binding?: Binding; parameterOf?: SyntaxNode } {
    const list = /^[A-Za-z_$][\w$]*$/.test(name) ? this.bindingsOf(name) : [];
    const chain: (SyntaxNode | undefined)[] = [];
    const scopes = this.py ? PY_SCOPES : TS_SCOPES;
    for (let p = at.parent; p; p = p.parent) if (scopes.has(p.type)) chain.push(p);
    chain.push(undefined);
    for (const scope of chain) {
      const key = scopeKey(scope);
      const inScope = list?.filter((b) => b.scope === key) ?? [];
      // Module level read inside a function: the function runs later, so the module's last assignment counts.
      if (!scope && inScope.length && chain.length > 1) return { binding: inScope[inScope.length - 1] };
      const before = inScope.filter((b) => b.start <= at.startIndex);
      if (before.length) return { binding: before[before.length - 1] };
      if (scope && this.isParameter(scope, name)) return { parameterOf: scope };
    }
    return {};
  }

  resolve(n: SyntaxNode | undefined | null): Value {
    if (!n) return unknown('', { start: 0, end: 0 }, 'missing');
    if (this.depth > MAX_DEPTH) return unknown(this.src(n), rangeOf(n), 'too deeply nested to follow');
    this.depth++;
    try {
      return this.py ? this.resolvePy(n) : this.resolveTs(n);
    } finally {
      this.depth--;
    }
  }

  /** Parts for a value spliced into a string (f-string hole, .format argument, concatenation). */
  asParts(v: Value, site: OffsetRange, inTemplate = false): Part[] {
    if (v.kind === 'str') return v.parts;
    if (v.kind === 'atom') {
      const t = this.py ? ({ true: 'True', false: 'False', null: 'None' } as Record<string, string>)[v.json] ?? v.json : v.json;
      return [{ ...lit(t, site.start), starts: Array.from(t, () => site.start), ends: Array.from(t, () => site.end) }];
    }
    if (v.kind === 'unknown') return [{ ...v.hole, inTemplate }];
    return [hole(this.src(site), site, 'a list or object turned into text', { inTemplate })];
  }

  private identifier(n: SyntaxNode): Value {
    const name = this.src(n);
    const r = rangeOf(n);
    if (!this.py && name === 'undefined') return { kind: 'atom', json: 'null', range: r, site: r };
    const { binding, parameterOf } = this.lookup(name, n);
    if (parameterOf) return unknown(name, r, `${name} is a parameter of the enclosing function: its value comes from the caller`, { clock: false });
    if (!binding?.value) return unknown(name, r, `${name} is not defined in this file`);
    const v = this.resolve(binding.value);
    if (v.kind === 'unknown') {
      const h = v.hole;
      const expr = short(this.src(binding.value), 50);
      return unknown(name, r, `${name} = ${expr}${h.clock ? ': a clock or random value, new on every call' : ': not resolved in this file'}`, { clock: h.clock, constantLike: !h.clock && h.constantLike });
    }
    if ((v.kind === 'list' || v.kind === 'obj') && this.mutated(name, binding.start)) {
      return unknown(name, r, `${name} is changed at run time (appended to or updated after it is assigned)`, { clock: false, constantLike: false });
    }
    return withSite(v, r);
  }

  /** Is a list / dict / object named `name` appended to or updated after `from` (messages.append(...), …)? */
  private mutated(name: string, from: number): boolean {
    const re = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\s*(?:\\.\\s*(?:append|extend|insert|push|unshift|splice|update|setdefault|pop)\\s*\\(|\\[[^\\]\\n]*\\]\\s*=(?!=)|\\+=)`, 'g');
    re.lastIndex = from;
    return re.test(this.text);
  }

  // ---------------------------------------------------------------------------------------------------
  // Python

  private resolvePy(n: SyntaxNode): Value {
    const r = rangeOf(n);
    switch (n.type) {
      case 'string':
        return this.pyString(n);
      case 'concatenated_string':
        return str(named(n).flatMap((s) => this.asParts(this.resolve(s), rangeOf(s))), r);
      case 'parenthesized_expression': {
        const inner = named(n).filter((c) => c.type !== 'comment');
        return inner.length === 1 ? withSite(this.resolve(inner[0]), r) : unknown(this.src(n), r, 'not a single value');
      }
      case 'binary_operator':
        return this.plus(n, field(n, 'left'), field(n, 'right'), field(n, 'operator'));
      case 'identifier':
        return this.identifier(n);
      case 'integer':
      case 'float':
        return { kind: 'atom', json: this.src(n).replace(/_/g, ''), range: r, site: r };
      case 'true':
        return { kind: 'atom', json: 'true', range: r, site: r };
      case 'false':
        return { kind: 'atom', json: 'false', range: r, site: r };
      case 'none':
        return { kind: 'atom', json: 'null', range: r, site: r };
      case 'dictionary':
        return this.pyDict(n);
      case 'list':
      case 'tuple':
        return this.list(n, 'list_splat');
      case 'call':
        return this.pyCall(n);
      default:
        return unknown(this.src(n), r, n.type === 'attribute' ? `${short(this.src(n))} is not defined in this file` : 'an expression this file does not resolve');
    }
  }

  private pyString(n: SyntaxNode): StrV {
    const r = rangeOf(n);
    const c = kids(n);
    const start = c.find((x) => x.type === 'string_start');
    const end = c.find((x) => x.type === 'string_end');
    const startText = start ? this.src(start) : '"';
    const prefix = /^[a-zA-Z]*/.exec(startText)![0];
    const quote = startText.slice(prefix.length);
    const raw = /r/i.test(prefix);
    const fstr = /f/i.test(prefix);
    const parts: Part[] = [];
    for (const x of c) {
      if (x.type === 'string_content') parts.push(...this.pyContent(x, raw, fstr));
      else if (x.type === 'interpolation') {
        const e = field(x, 'expression') ?? named(x)[0];
        parts.push(...this.asParts(e ? this.resolve(e) : unknown(this.src(x), rangeOf(x), 'empty'), e ? rangeOf(e) : rangeOf(x), true).map((p) => (p.t === 'hole' ? { ...p, outer: rangeOf(x) } : p)));
      }
    }
    const content = { start: start?.endIndex ?? r.start, end: end?.startIndex ?? r.end };
    return str(parts, r, { prefix, quote, content, template: fstr });
  }

  private pyContent(x: SyntaxNode, raw: boolean, fstr: boolean): Part[] {
    const parts: Part[] = [];
    let at = x.startIndex;
    for (const e of kids(x)) {
      if (e.type !== 'escape_sequence' && e.type !== 'escape_interpolation') continue;
      if (e.startIndex > at) parts.push(lit(this.text.slice(at, e.startIndex), at));
      const t = this.src(e);
      if (e.type === 'escape_interpolation') parts.push(fstr ? escLit(t[0], e.startIndex, e.endIndex) : lit(t, e.startIndex));
      else if (raw) parts.push(lit(t, e.startIndex));
      else parts.push(escLit(decodePyEscape(t), e.startIndex, e.endIndex));
      at = e.endIndex;
    }
    if (x.endIndex > at) parts.push(lit(this.text.slice(at, x.endIndex), at));
    return parts;
  }

  private pyDict(n: SyntaxNode): ObjV {
    const r = rangeOf(n);
    const entries: Entry[] = [];
    for (const c of named(n)) {
      if (c.type === 'pair') {
        const k = field(c, 'key');
        const kv = k ? this.resolve(k) : undefined;
        if (kv?.kind !== 'str' || kv.parts.some((p) => p.t === 'hole')) continue;
        entries.push({ key: kv.parts.map((p) => (p as { text: string }).text).join(''), keyRange: rangeOf(k!), value: this.resolve(field(c, 'value')), range: rangeOf(c) });
      } else if (c.type === 'dictionary_splat') {
        const v = this.resolve(named(c)[0]);
        if (v.kind === 'obj') entries.push(...v.entries);
      }
    }
    return { kind: 'obj', entries, range: r, site: r, literal: true, close: closeOf(n, '}'), syntax: 'dict' };
  }

  /** Keyword arguments (and ** splats) of a Python call, as an object. */
  kwargs(args: SyntaxNode | undefined): ObjV {
    const r = args ? rangeOf(args) : { start: 0, end: 0 };
    const entries: Entry[] = [];
    for (const c of named(args)) {
      if (c.type === 'keyword_argument') {
        const k = field(c, 'name');
        if (k) entries.push({ key: this.src(k), keyRange: rangeOf(k), value: this.resolve(field(c, 'value')), range: rangeOf(c) });
      } else if (c.type === 'dictionary_splat') {
        const v = this.resolve(named(c)[0]);
        if (v.kind === 'obj') entries.push(...v.entries);
      }
    }
    return { kind: 'obj', entries, range: r, site: r, literal: true, close: args ? closeOf(args, ')') : undefined, syntax: 'kwargs' };
  }

  positional(args: SyntaxNode | undefined): SyntaxNode[] {
    return named(args).filter((c) => c.type !== 'keyword_argument' && c.type !== 'dictionary_splat' && c.type !== 'comment');
  }

  private pyCall(n: SyntaxNode): Value {
    const r = rangeOf(n);
    const fn = field(n, 'function');
    const args = field(n, 'arguments');
    const fnText = fn ? this.src(fn).replace(/\s+/g, '') : '';
    const pos = this.positional(args);
    if (fn?.type === 'attribute') {
      const method = this.src(field(fn, 'attribute') ?? fn);
      const obj = field(fn, 'object');
      if (method === 'format' || method === 'strip' || method === 'lstrip' || method === 'rstrip' || method === 'join') {
        const base = this.resolve(obj);
        if (base.kind === 'str') {
          if (method === 'format') {
            const kw = new Map(this.kwargs(args).entries.map((e) => [e.key, e.value] as const));
            return formatStr(base, pos.map((p) => this.resolve(p)), kw, r, (v) => this.asParts(v, v.site));
          }
          if (method === 'join') {
            const list = pos[0] ? this.resolve(pos[0]) : undefined;
            if (list?.kind === 'list') return joinList(base, list, r, (v) => this.asParts(v, v.site));
          } else if (!pos.length) return stripStr(base, method !== 'rstrip', method !== 'lstrip', r);
        }
      }
    }
    if ((fnText === 'textwrap.dedent' || fnText === 'dedent' || fnText === 'inspect.cleandoc' || fnText === 'cleandoc') && pos[0]) {
      const v = this.resolve(pos[0]);
      if (v.kind === 'str') return fnText.endsWith('cleandoc') ? stripStr(dedentStr(v, r), true, true, r) : dedentStr(v, r);
    }
    if (fnText === 'dict') return { ...this.kwargs(args), range: r, site: r, syntax: 'call' };
    if (fnText === 'str' && pos[0]) {
      const v = this.resolve(pos[0]);
      if (v.kind === 'str') return withSite(v, r);
    }
    const role = LANGCHAIN_ROLES[fnText.split('.').pop() ?? ''];
    if (role) return this.langchainMessage(n, role, pos[0] ?? field(named(args).find((c) => c.type === 'keyword_argument' && this.src(field(c, 'name')!) === 'content'), 'value'));
    return unknown(this.src(n), r, `${short(this.src(n))}: a call, its value is not in this file`);
  }

  langchainMessage(n: SyntaxNode, role: string, content: SyntaxNode | undefined): ObjV {
    const r = rangeOf(n);
    const roleLit = lit(role, r.start);
    return {
      kind: 'obj',
      entries: [
        { key: 'role', keyRange: r, value: { kind: 'str', parts: [{ ...roleLit, starts: Array.from(role, () => r.start), ends: Array.from(role, () => r.end) }], range: r, site: r, synthetic: true }, range: r },
        { key: 'content', keyRange: r, value: content ? this.resolve(content) : unknown('', r, 'no content'), range: content ? rangeOf(content) : r },
      ],
      range: r,
      site: r,
      literal: false,
      syntax: 'call',
    };
  }

  private plus(n: SyntaxNode, left: SyntaxNode | undefined, right: SyntaxNode | undefined, op: SyntaxNode | undefined): Value {
    const r = rangeOf(n);
    if (!left || !right || !op || this.src(op) !== '+') return unknown(this.src(n), r, 'an expression this file does not resolve');
    const a = this.resolve(left);
    const b = this.resolve(right);
    if (a.kind === 'list' || b.kind === 'list') {
      const items = [...(a.kind === 'list' ? a.items : [a]), ...(b.kind === 'list' ? b.items : [b])];
      return { kind: 'list', items, range: r, site: r };
    }
    if (a.kind === 'str' || b.kind === 'str') return str([...this.asParts(a, rangeOf(left)), ...this.asParts(b, rangeOf(right))], r);
    return unknown(this.src(n), r, 'an expression this file does not resolve');
  }

  private list(n: SyntaxNode, splat: string): ListV {
    const r = rangeOf(n);
    const items: Value[] = [];
    for (const c of named(n)) {
      if (c.type === 'comment') continue;
      if (c.type === splat) {
        const v = this.resolve(named(c)[0]);
        if (v.kind === 'list') items.push(...v.items);
        else items.push(v);
      } else items.push(this.resolve(c));
    }
    return { kind: 'list', items, range: r, site: r, close: closeOf(n, n.type === 'tuple' ? ')' : ']') };
  }

  // ---------------------------------------------------------------------------------------------------
  // TypeScript / JavaScript

  private resolveTs(n: SyntaxNode): Value {
    const r = rangeOf(n);
    switch (n.type) {
      case 'string':
        return this.tsString(n);
      case 'template_string':
        return this.tsTemplate(n);
      case 'parenthesized_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression':
      case 'type_assertion': {
        const inner = named(n).find((c) => c.type !== 'comment' && !/type|predefined_type|const$/.test(c.type) && c !== field(n, 'type'));
        return inner ? withSite(this.resolve(inner), r) : unknown(this.src(n), r, 'not a single value');
      }
      case 'binary_expression':
        return this.plus(n, field(n, 'left'), field(n, 'right'), field(n, 'operator'));
      case 'identifier':
        return this.identifier(n);
      case 'number':
        return { kind: 'atom', json: String(Number(this.src(n).replace(/_/g, ''))), range: r, site: r };
      case 'true':
      case 'false':
      case 'null':
        return { kind: 'atom', json: n.type, range: r, site: r };
      case 'undefined':
        return { kind: 'atom', json: 'null', range: r, site: r };
      case 'object':
        return this.tsObject(n);
      case 'array':
        return this.list(n, 'spread_element');
      case 'call_expression':
        return this.tsCall(n);
      case 'new_expression': {
        const ctor = field(n, 'constructor');
        const role = LANGCHAIN_ROLES[ctor ? this.src(ctor) : ''];
        if (role) {
          const a = named(field(n, 'arguments'))[0];
          const content = a?.type === 'object' ? this.tsPairValue(a, 'content') : a;
          return this.langchainMessage(n, role, content);
        }
        return unknown(this.src(n), r, `${short(this.src(n))}: its value is not in this file`);
      }
      default:
        return unknown(this.src(n), r, n.type === 'member_expression' ? `${short(this.src(n))} is not defined in this file` : 'an expression this file does not resolve');
    }
  }

  private tsPairValue(obj: SyntaxNode, key: string): SyntaxNode | undefined {
    for (const c of named(obj)) if (c.type === 'pair' && this.tsKey(field(c, 'key')) === key) return field(c, 'value');
    return undefined;
  }

  private tsKey(k: SyntaxNode | undefined): string | undefined {
    if (!k) return undefined;
    if (k.type === 'property_identifier' || k.type === 'identifier' || k.type === 'number') return this.src(k);
    if (k.type === 'string') {
      const v = this.tsString(k);
      return v.parts.every((p) => p.t === 'lit') ? v.parts.map((p) => (p as { text: string }).text).join('') : undefined;
    }
    return undefined;
  }

  private tsString(n: SyntaxNode): StrV {
    const r = rangeOf(n);
    const parts: Part[] = [];
    for (const c of kids(n)) {
      if (c.type === 'string_fragment') parts.push(lit(this.src(c), c.startIndex));
      else if (c.type === 'escape_sequence') parts.push(escLit(decodeTsEscape(this.src(c)), c.startIndex, c.endIndex));
    }
    const quote = this.text[r.start] ?? '"';
    return str(parts, r, { prefix: '', quote, content: { start: r.start + 1, end: Math.max(r.start + 1, r.end - 1) }, template: false });
  }

  private tsTemplate(n: SyntaxNode): StrV {
    const r = rangeOf(n);
    const parts: Part[] = [];
    for (const c of kids(n)) {
      if (c.type === 'string_fragment') parts.push(lit(this.src(c), c.startIndex));
      else if (c.type === 'escape_sequence') parts.push(escLit(decodeTsEscape(this.src(c)), c.startIndex, c.endIndex));
      else if (c.type === 'template_substitution') {
        const e = named(c)[0];
        parts.push(...this.asParts(e ? this.resolve(e) : unknown(this.src(c), rangeOf(c), 'empty'), e ? rangeOf(e) : rangeOf(c), true).map((p) => (p.t === 'hole' ? { ...p, outer: rangeOf(c) } : p)));
      }
    }
    return str(parts, r, { prefix: '', quote: '`', content: { start: r.start + 1, end: Math.max(r.start + 1, r.end - 1) }, template: true });
  }

  private tsObject(n: SyntaxNode): ObjV {
    const r = rangeOf(n);
    const entries: Entry[] = [];
    for (const c of named(n)) {
      if (c.type === 'pair') {
        const k = field(c, 'key');
        const key = this.tsKey(k);
        if (key === undefined) continue;
        entries.push({ key, keyRange: rangeOf(k!), value: this.resolve(field(c, 'value')), range: rangeOf(c) });
      } else if (c.type === 'shorthand_property_identifier') {
        entries.push({ key: this.src(c), keyRange: rangeOf(c), value: this.identifier(c), range: rangeOf(c) });
      } else if (c.type === 'spread_element') {
        const v = this.resolve(named(c)[0]);
        if (v.kind === 'obj') entries.push(...v.entries);
      }
    }
    return { kind: 'obj', entries, range: r, site: r, literal: true, close: closeOf(n, '}'), syntax: 'object' };
  }

  private tsCall(n: SyntaxNode): Value {
    const r = rangeOf(n);
    const fn = field(n, 'function');
    const args = field(n, 'arguments');
    if (fn?.type === 'member_expression') {
      const method = this.src(field(fn, 'property') ?? fn);
      const base = this.resolve(field(fn, 'object'));
      const pos = named(args);
      if (base.kind === 'str' && (method === 'trim' || method === 'trimStart' || method === 'trimEnd') && !pos.length) return stripStr(base, method !== 'trimEnd', method !== 'trimStart', r);
      if (base.kind === 'list' && method === 'join') {
        const sep = pos[0] ? this.resolve(pos[0]) : undefined;
        const sepV: StrV = sep?.kind === 'str' ? sep : str([lit(',', r.start)], r);
        return joinList(sepV, base, r, (v) => this.asParts(v, v.site));
      }
    }
    if (fn && /^(?:dedent|outdent|stripIndent)$/.test(this.src(fn)) && args?.type === 'template_string') {
      const v = this.tsTemplate(args);
      return stripStr(dedentStr(v, r), true, true, r);
    }
    return unknown(this.src(n), r, `${short(this.src(n))}: a call, its value is not in this file`);
  }
}

const LANGCHAIN_ROLES: Record<string, string> = { SystemMessage: 'system', HumanMessage: 'user', AIMessage: 'assistant', SystemMessagePromptTemplate: 'system', HumanMessagePromptTemplate: 'user' };

function joinList(sep: StrV, list: ListV, site: OffsetRange, asParts: (v: Value) => Part[]): StrV {
  const parts: Part[] = [];
  list.items.forEach((it, i) => {
    if (i) parts.push(...sep.parts);
    parts.push(...asParts(it));
  });
  return str(parts, site);
}

function closeOf(n: SyntaxNode, ch: string): number | undefined {
  const c = kids(n);
  const last = c[c.length - 1];
  return last && last.type === ch ? last.startIndex : undefined;
}

export function decodePyEscape(t: string): string {
  const c = t[1];
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case '\\':
      return '\\';
    case "'":
      return "'";
    case '"':
      return '"';
    case 'a':
      return '\x07';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    case '\n':
      return '';
    case '\r':
      return '';
    case 'x':
    case 'u':
    case 'U': {
      const cp = parseInt(t.slice(2), 16);
      return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : t;
    }
    case 'N':
      return t;
    default:
      if (/^[0-7]/.test(c ?? '')) return String.fromCharCode(parseInt(t.slice(1), 8));
      return t;
  }
}

export function decodeTsEscape(t: string): string {
  const c = t[1];
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    case '0':
      return t.length === 2 ? '\0' : String.fromCharCode(parseInt(t.slice(1), 8));
    case '\n':
    case '\r':
    case '\u2028':
    case '\u2029':
      return '';
    case 'x':
      return String.fromCharCode(parseInt(t.slice(2), 16));
    case 'u': {
      const hex = t[2] === '{' ? t.slice(3, -1) : t.slice(2);
      const cp = parseInt(hex, 16);
      return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : t;
    }
    default:
      return t.slice(1);
  }
}

export type { Hole };
