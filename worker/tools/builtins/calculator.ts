// calculator: a safe arithmetic evaluator (a small recursive-descent parser; never eval or new Function).
// Numbers, + - * / % ^ (or **), parentheses, unary minus, functions and the constants pi and e.
import type { ToolResult } from '../types';

const MAX_LENGTH = 1000;
const MAX_DEPTH = 64;

const FUNCTIONS: Record<string, { arity: [number, number]; fn: (...a: number[]) => number }> = {
  sqrt: { arity: [1, 1], fn: Math.sqrt },
  abs: { arity: [1, 1], fn: Math.abs },
  round: { arity: [1, 2], fn: (x, d = 0) => Math.round(x * 10 ** d) / 10 ** d },
  floor: { arity: [1, 1], fn: Math.floor },
  ceil: { arity: [1, 1], fn: Math.ceil },
  min: { arity: [1, 100], fn: Math.min },
  max: { arity: [1, 100], fn: Math.max },
  log: { arity: [1, 1], fn: Math.log10 },
  ln: { arity: [1, 1], fn: Math.log },
  exp: { arity: [1, 1], fn: Math.exp },
  sin: { arity: [1, 1], fn: Math.sin },
  cos: { arity: [1, 1], fn: Math.cos },
  tan: { arity: [1, 1], fn: Math.tan },
};
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

export class CalcError extends Error {}

type Token = { t: 'num'; v: number; at: number } | { t: 'id'; v: string; at: number } | { t: 'op'; v: string; at: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)|([a-z_][a-z0-9_]*)|(\*\*|[-+*/%^(),×÷]))/iy;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) {
      const at = i + (src.slice(i).length - src.slice(i).trimStart().length);
      throw new CalcError(`Unexpected character "${src[at]}" at position ${at + 1}`);
    }
    const at = m.index + m[0].length - (m[1] ?? m[2] ?? m[3])!.length;
    if (m[1] !== undefined) out.push({ t: 'num', v: Number(m[1]), at });
    else if (m[2] !== undefined) out.push({ t: 'id', v: m[2].toLowerCase(), at });
    else out.push({ t: 'op', v: m[3] === '**' ? '^' : m[3] === '×' ? '*' : m[3] === '÷' ? '/' : m[3]!, at });
    i = re.lastIndex;
  }
  return out;
}

/** Evaluates `src`; throws CalcError with a message saying what is wrong and where. */
export function evaluate(src: string): number {
  if (src.length > MAX_LENGTH) throw new CalcError(`The expression is too long (at most ${MAX_LENGTH} characters)`);
  const tokens = tokenize(src);
  if (!tokens.length) throw new CalcError('The expression is empty');
  let pos = 0;
  let depth = 0;
  const peek = () => tokens[pos];
  const isOp = (v: string) => peek()?.t === 'op' && peek()!.v === v;
  const where = () => (peek() ? `at position ${peek()!.at + 1}` : 'at the end');
  const nest = <T>(f: () => T): T => {
    if (++depth > MAX_DEPTH) throw new CalcError('The expression is nested too deeply');
    try {
      return f();
    } finally {
      depth--;
    }
  };

  const expr = (): number =>
    nest(() => {
      let v = term();
      while (isOp('+') || isOp('-')) v = tokens[pos++]!.v === '+' ? v + term() : v - term();
      return v;
    });
  const term = (): number => {
    let v = unary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = tokens[pos++]!.v;
      const r = unary();
      if ((op === '/' || op === '%') && r === 0) throw new CalcError('Division by zero');
      v = op === '*' ? v * r : op === '/' ? v / r : v % r;
    }
    return v;
  };
  // Unary minus binds looser than ^, so -2^2 is -(2^2) = -4, as in mathematics.
  const unary = (): number => nest(() => (isOp('-') ? (pos++, -unary()) : isOp('+') ? (pos++, unary()) : power()));
  const power = (): number => {
    const base = primary();
    if (!isOp('^')) return base;
    pos++;
    return base ** unary(); // right-associative: 2^3^2 = 2^9
  };
  const primary = (): number => {
    const tok = peek();
    if (!tok) throw new CalcError('The expression ends too early');
    pos++;
    if (tok.t === 'num') return tok.v;
    if (tok.t === 'op' && tok.v === '(') {
      const v = expr();
      if (!isOp(')')) throw new CalcError(`Missing ")" ${where()}`);
      pos++;
      return v;
    }
    if (tok.t === 'id') {
      if (tok.v in CONSTANTS && !isOp('(')) return CONSTANTS[tok.v]!;
      const f = Object.hasOwn(FUNCTIONS, tok.v) ? FUNCTIONS[tok.v]! : undefined;
      if (!f) throw new CalcError(`Unknown name "${tok.v}" at position ${tok.at + 1}. Functions: ${Object.keys(FUNCTIONS).join(', ')}; constants: pi, e`);
      if (!isOp('(')) throw new CalcError(`${tok.v} needs parentheses, e.g. ${tok.v}(2)`);
      pos++;
      const args: number[] = [];
      if (!isOp(')')) {
        args.push(expr());
        while (isOp(',')) (pos++, args.push(expr()));
      }
      if (!isOp(')')) throw new CalcError(`Missing ")" after the arguments of ${tok.v} ${where()}`);
      pos++;
      const [lo, hi] = f.arity;
      if (args.length < lo || args.length > hi)
        throw new CalcError(`${tok.v} takes ${lo === hi ? lo : `${lo} to ${hi}`} argument${hi > 1 ? 's' : ''}, got ${args.length}`);
      return f.fn(...args);
    }
    throw new CalcError(`Unexpected "${tok.v}" at position ${tok.at + 1}`);
  };

  const value = expr();
  if (pos < tokens.length) throw new CalcError(`Unexpected "${peek()!.v}" at position ${peek()!.at + 1}`);
  if (!Number.isFinite(value))
    throw new CalcError(Number.isNaN(value) ? 'The result is not a number (e.g. sqrt of a negative number)' : 'The result is too large');
  return value;
}

export function calculator(args: Record<string, unknown>): ToolResult {
  const expression = args.expression;
  if (typeof expression !== 'string') return { ok: false, output: 'Pass the expression as a string, e.g. {"expression": "2 * (3 + 4)"}' };
  try {
    const result = Number(evaluate(expression).toPrecision(15));
    return { ok: true, output: JSON.stringify({ expression, result }) };
  } catch (e) {
    if (e instanceof CalcError) return { ok: false, output: `Cannot calculate: ${e.message}` };
    throw e;
  }
}
