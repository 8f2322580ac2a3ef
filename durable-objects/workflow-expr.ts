// The engine's reading of templates (`{{inputs.x}}`, `{{steps.a.output.b.0}}`, `{{item}}`, `{{index}}`) and `when`
// expressions: render values against a run's scope, list the steps a value references, and evaluate conditions.

/** What templates may read: the run's inputs, finished steps' outputs, and inside a map step the element. */
export type Scope = { inputs: Record<string, unknown>; steps: Record<string, { output: unknown }>; item?: unknown; index?: number };

const TAG = /\{\{\s*([^{}]+?)\s*\}\}/g;
const WHOLE = /^\{\{\s*([^{}]+?)\s*\}\}$/;

/** The value a path names (`inputs.x`, `steps.a.output.b.0`, `item.f`, `index`); undefined when missing. */
export function lookup(path: string, scope: Scope): unknown {
  const parts = path.split('.').map((p) => p.trim());
  let cur: unknown;
  let rest: string[];
  if (parts[0] === 'inputs') [cur, rest] = [scope.inputs, parts.slice(1)];
  else if (parts[0] === 'steps') [cur, rest] = [scope.steps, parts.slice(1)];
  else if (parts[0] === 'item') [cur, rest] = [scope.item, parts.slice(1)];
  else if (parts[0] === 'index' && parts.length === 1) return scope.index;
  else return undefined;
  for (const p of rest) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, p)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

const asText = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** Renders a template string: exactly one `{{…}}` yields the raw value (null when missing), else text. */
export function renderString(s: string, scope: Scope): unknown {
  const whole = WHOLE.exec(s);
  if (whole) return lookup(whole[1]!, scope) ?? null;
  return s.replace(TAG, (_, path: string) => asText(lookup(path, scope)));
}

/** Renders every string inside a JSON value. */
export function render(v: unknown, scope: Scope): unknown {
  if (typeof v === 'string') return renderString(v, scope);
  if (Array.isArray(v)) return v.map((x) => render(x, scope));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, render(x, scope)]));
  return v;
}

/** The step ids a value's templates reference. */
export function stepRefs(v: unknown, out = new Set<string>()): Set<string> {
  if (typeof v === 'string')
    for (const m of v.matchAll(TAG)) {
      const parts = m[1]!.split('.');
      if (parts[0]?.trim() === 'steps' && parts[1]) out.add(parts[1].trim());
    }
  else if (Array.isArray(v)) for (const x of v) stepRefs(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) stepRefs(x, out);
  return out;
}

// `when`: a small recursive-descent evaluator (|| over && over ! over comparisons over atoms).
type Tok = { t: 'op' | 'num' | 'str' | 'ref' | 'word'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith('{{', i)) {
      const end = src.indexOf('}}', i);
      if (end < 0) throw new Error('unclosed {{');
      out.push({ t: 'ref', v: src.slice(i + 2, end).trim() });
      i = end + 2;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '>=', '<=', '&&', '||'].includes(two)) {
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if ('<>!()'.includes(c)) {
      out.push({ t: 'op', v: c });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        s += src[j];
        j++;
      }
      if (j >= src.length) throw new Error('unclosed string');
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_]+/.exec(src.slice(i));
    if (word) {
      out.push({ t: 'word', v: word[0] });
      i += word[0].length;
      continue;
    }
    throw new Error(`unexpected "${c}"`);
  }
  return out;
}

/** Evaluates a `when` expression; a malformed one throws (validation refuses those before a run). */
export function evalWhen(src: string, scope: Scope): boolean {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const eat = (v: string) => (peek()?.t === 'op' && peek()?.v === v ? (p++, true) : false);
  const or = (): unknown => {
    let l = and();
    while (eat('||')) {
      const r = and();
      l = Boolean(l) || Boolean(r);
    }
    return l;
  };
  const and = (): unknown => {
    let l = not();
    while (eat('&&')) {
      const r = not();
      l = Boolean(l) && Boolean(r);
    }
    return l;
  };
  const not = (): unknown => (eat('!') ? !not() : cmp());
  const cmp = (): unknown => {
    const l = atom();
    for (const op of ['==', '!=', '>=', '<=', '>', '<']) {
      if (eat(op)) {
        const r = atom();
        const [a, b] = typeof l === 'number' || typeof r === 'number' ? [Number(l), Number(r)] : [l, r];
        if (op === '==') return a === b || (a == null && b == null);
        if (op === '!=') return !(a === b || (a == null && b == null));
        if (a === null || a === undefined || b === null || b === undefined) return false;
        if (op === '>') return (a as number) > (b as number);
        if (op === '>=') return (a as number) >= (b as number);
        if (op === '<') return (a as number) < (b as number);
        return (a as number) <= (b as number);
      }
    }
    return l;
  };
  const atom = (): unknown => {
    const t = toks[p++];
    if (!t) throw new Error('unexpected end');
    if (t.t === 'op' && t.v === '(') {
      const v = or();
      if (!eat(')')) throw new Error('missing )');
      return v;
    }
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'str') return t.v;
    if (t.t === 'ref') return lookup(t.v, scope) ?? null;
    if (t.t === 'word' && t.v === 'true') return true;
    if (t.t === 'word' && t.v === 'false') return false;
    if (t.t === 'word' && t.v === 'null') return null;
    throw new Error(`unexpected "${t.v}"`);
  };
  const v = or();
  if (p < toks.length) throw new Error(`unexpected "${toks[p]!.v}"`);
  return Boolean(v);
}
