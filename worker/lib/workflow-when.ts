// A step's `when` condition: a small expression language parsed by hand (never eval or Function) and evaluated against
// a run's context. Grammar (lowest precedence first):
//   expr := or;  or := and ('||' and)*;  and := cmp ('&&' cmp)*;  cmp := unary (('=='|'!='|'>'|'>='|'<'|'<=') unary)?
//   unary := '!' unary | primary;  primary := literal | '{{' reference '}}' | '(' expr ')'
//   literal := "string" | 'string' | number | true | false | null
// Equality: JSON equality, except that a number and a numeric string compare as numbers (model outputs are text).
// Ordering: numbers (or numeric strings) as numbers, other strings alphabetically, anything else is false.
// The result is the expression's truthiness, as in JavaScript (a bare reference to "" / 0 / null / false is false).
import { parseRef, resolveRef, TemplateError, type TemplateContext, type TemplateRef } from './workflow-template';

export type WhenNode =
  | { type: 'literal'; value: string | number | boolean | null }
  | { type: 'ref'; ref: TemplateRef }
  | { type: 'not'; operand: WhenNode }
  | { type: 'and' | 'or'; left: WhenNode; right: WhenNode }
  | { type: 'compare'; op: CompareOp; left: WhenNode; right: WhenNode };

type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=';

/** A mistake in a `when`: `position` is the 0-based offset in the source. */
export class WhenError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} (at character ${position + 1})`);
    this.name = 'WhenError';
  }
}

type Token =
  | { t: 'op'; v: string; pos: number }
  | { t: 'lit'; v: string | number | boolean | null; pos: number }
  | { t: 'ref'; v: TemplateRef; pos: number }
  | { t: 'end'; pos: number };

const OPS = ['==', '!=', '>=', '<=', '&&', '||', '>', '<', '!', '(', ')'];
const MAX_DEPTH = 32;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith('{{', i)) {
      const close = src.indexOf('}}', i + 2);
      if (close < 0) throw new WhenError('"{{" is never closed with "}}"', i);
      try {
        out.push({ t: 'ref', v: parseRef(src.slice(i + 2, close), i + 2), pos: i });
      } catch (e) {
        if (e instanceof TemplateError) throw new WhenError(e.message.replace(/ \(at character \d+\)$/, ''), e.position);
        throw e;
      }
      i = close + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= src.length) throw new WhenError('the string is never closed', i);
        const d = src[j]!;
        if (d === c) break;
        if (d === '\\') {
          const e = src[j + 1];
          if (e === undefined) throw new WhenError('the string is never closed', i);
          text += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
          continue;
        }
        text += d;
        j++;
      }
      out.push({ t: 'lit', v: text, pos: i });
      i = j + 1;
      continue;
    }
    const num = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (num && (c !== '-' || !prevIsValue(out))) {
      out.push({ t: 'lit', v: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (word) {
      const w = word[0];
      if (w === 'true' || w === 'false') out.push({ t: 'lit', v: w === 'true', pos: i });
      else if (w === 'null') out.push({ t: 'lit', v: null, pos: i });
      else throw new WhenError(`unexpected "${w}": write references as {{inputs.x}} or {{steps.<id>.output}}, text in quotes`, i);
      i += w.length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) {
      const hint = c === '=' ? ': use == to compare' : c === '&' ? ': use &&' : c === '|' ? ': use ||' : '';
      throw new WhenError(`unexpected "${c}"${hint}`, i);
    }
    out.push({ t: 'op', v: op, pos: i });
    i += op.length;
  }
  out.push({ t: 'end', pos: src.length });
  return out;
}

function prevIsValue(tokens: Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return !!last && (last.t === 'lit' || last.t === 'ref' || (last.t === 'op' && last.v === ')'));
}

/** Parses a `when`; throws WhenError (with the position) on the first mistake. */
export function parseWhen(src: string): WhenNode {
  if (!src.trim()) throw new WhenError('the condition is empty', 0);
  const tokens = tokenize(src);
  let k = 0;
  const peek = () => tokens[k]!;
  const isOp = (v: string) => {
    const t = peek();
    return t.t === 'op' && t.v === v;
  };
  const describe = (t: Token) => (t.t === 'end' ? 'the end' : t.t === 'op' ? `"${t.v}"` : 'a value');

  const or = (depth: number): WhenNode => {
    if (depth > MAX_DEPTH) throw new WhenError('the condition is nested too deeply', peek().pos);
    let left = and(depth);
    while (isOp('||')) {
      k++;
      left = { type: 'or', left, right: and(depth) };
    }
    return left;
  };
  const and = (depth: number): WhenNode => {
    let left = cmp(depth);
    while (isOp('&&')) {
      k++;
      left = { type: 'and', left, right: cmp(depth) };
    }
    return left;
  };
  const cmp = (depth: number): WhenNode => {
    const left = unary(depth);
    const t = peek();
    if (t.t === 'op' && ['==', '!=', '>', '>=', '<', '<='].includes(t.v)) {
      k++;
      const right = unary(depth);
      const next = peek();
      if (next.t === 'op' && ['==', '!=', '>', '>=', '<', '<='].includes(next.v))
        throw new WhenError(`comparisons do not chain: add parentheses or && before "${next.v}"`, next.pos);
      return { type: 'compare', op: t.v as CompareOp, left, right };
    }
    return left;
  };
  const unary = (depth: number): WhenNode => {
    if (isOp('!')) {
      if (depth > MAX_DEPTH) throw new WhenError('the condition is nested too deeply', peek().pos);
      k++;
      return { type: 'not', operand: unary(depth + 1) };
    }
    return primary(depth);
  };
  const primary = (depth: number): WhenNode => {
    const t = peek();
    if (t.t === 'lit') {
      k++;
      return { type: 'literal', value: t.v };
    }
    if (t.t === 'ref') {
      k++;
      return { type: 'ref', ref: t.v };
    }
    if (t.t === 'op' && t.v === '(') {
      k++;
      const inner = or(depth + 1);
      const close = peek();
      if (!(close.t === 'op' && close.v === ')')) throw new WhenError(`expected ")" but found ${describe(close)}`, close.pos);
      k++;
      return inner;
    }
    throw new WhenError(`expected a value, a reference or "(" but found ${describe(t)}`, t.pos);
  };

  const ast = or(0);
  const rest = peek();
  if (rest.t !== 'end') throw new WhenError(`expected && or || but found ${describe(rest)}`, rest.pos);
  return ast;
}

/** Parses without throwing: the tree, or the first mistake. */
export function checkWhen(src: string): { ok: true; ast: WhenNode } | { ok: false; position: number; message: string } {
  try {
    return { ok: true, ast: parseWhen(src) };
  } catch (e) {
    if (e instanceof WhenError) return { ok: false, position: e.position, message: e.message };
    throw e;
  }
}

/** The references a parsed condition reads. */
export function whenRefs(ast: WhenNode): TemplateRef[] {
  switch (ast.type) {
    case 'literal':
      return [];
    case 'ref':
      return [ast.ref];
    case 'not':
      return whenRefs(ast.operand);
    default:
      return [...whenRefs(ast.left), ...whenRefs(ast.right)];
  }
}

function truthy(v: unknown): boolean {
  return !!v && !(typeof v === 'number' && Number.isNaN(v));
}

function asNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v.trim()))) return Number(v.trim());
  return null;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function equal(a: unknown, b: unknown): boolean {
  if ((typeof a === 'number' && typeof b === 'string') || (typeof a === 'string' && typeof b === 'number')) {
    const na = asNumber(a);
    const nb = asNumber(b);
    return na !== null && na === nb;
  }
  return jsonEqual(a, b);
}

function order(op: '>' | '>=' | '<' | '<=', a: unknown, b: unknown): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  let x: number | string;
  let y: number | string;
  if (na !== null && nb !== null) [x, y] = [na, nb];
  else if (typeof a === 'string' && typeof b === 'string') [x, y] = [a, b];
  else return false;
  switch (op) {
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
  }
}

function value(ast: WhenNode, ctx: TemplateContext): unknown {
  switch (ast.type) {
    case 'literal':
      return ast.value;
    case 'ref':
      return resolveRef(ast.ref, ctx);
    case 'not':
      return !truthy(value(ast.operand, ctx));
    case 'and':
      return truthy(value(ast.left, ctx)) && truthy(value(ast.right, ctx));
    case 'or':
      return truthy(value(ast.left, ctx)) || truthy(value(ast.right, ctx));
    case 'compare': {
      const a = value(ast.left, ctx);
      const b = value(ast.right, ctx);
      if (ast.op === '==') return equal(a, b);
      if (ast.op === '!=') return !equal(a, b);
      return order(ast.op, a, b);
    }
  }
}

/** Whether the condition holds (a source string is parsed first; a bad one throws WhenError). */
export function evaluateWhen(when: string | WhenNode, ctx: TemplateContext): boolean {
  return truthy(value(typeof when === 'string' ? parseWhen(when) : when, ctx));
}
