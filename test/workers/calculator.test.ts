// The calculator's parser (worker/tools/builtins/calculator.ts): precedence, functions, constants, clear errors,
// and attack strings that must never run as code.
import { describe, expect, it } from 'vitest';
import { CalcError, calculator, evaluate } from '../../worker/tools/builtins/calculator';

const VALUES: [string, number][] = [
  ['1 + 2 * 3', 7],
  ['(1 + 2) * 3', 9],
  ['2 ^ 3 ^ 2', 512], // right-associative
  ['2 ** 10', 1024],
  ['-2 ^ 2', -4], // unary minus binds looser than ^
  ['(-2) ^ 2', 4],
  ['2 ^ -1', 0.5],
  ['--3', 3],
  ['-(4 - 6) * +2', 4],
  ['10 % 4', 2],
  ['7 / 2', 3.5],
  ['1.5e3 + .5', 1500.5],
  ['sqrt(16) + abs(-3)', 7],
  ['round(3.14159, 2)', 3.14],
  ['round(2.5)', 3],
  ['floor(-1.5) + ceil(1.2)', 0],
  ['min(4, 2, 8) + max(1, 9)', 11],
  ['log(1000)', 3],
  ['ln(e)', 1],
  ['exp(0)', 1],
  ['sin(0) + cos(0) + tan(0)', 1],
  ['2 * PI', 2 * Math.PI],
  ['6 × 7 ÷ 2', 21],
  ['  42  ', 42],
];

const ERRORS: [string, RegExp][] = [
  ['', /empty/],
  ['   ', /empty/],
  ['1 +', /ends too early/],
  ['(1 + 2', /Missing "\)"/],
  ['1 + 2)', /Unexpected "\)" at position 6/],
  ['1 / 0', /Division by zero/],
  ['5 % 0', /Division by zero/],
  ['sqrt(-1)', /not a number/],
  ['10 ^ 400', /too large/],
  ['foo(2)', /Unknown name "foo"/],
  ['sqrt', /needs parentheses/],
  ['sqrt(1, 2)', /takes 1 argument, got 2/],
  ['max()', /takes 1 to 100 arguments, got 0/],
  ['2 3', /Unexpected "3"/],
  ['1 $ 2', /Unexpected character "\$" at position 3/],
];

/** Strings that would do harm under eval or new Function: each must be refused as not arithmetic. */
const ATTACKS = [
  'process.exit(1)',
  'constructor',
  'constructor.constructor("return this")()',
  '[].constructor.constructor("alert(1)")()',
  '__proto__',
  'toString()',
  'valueOf(1)',
  'hasOwnProperty(1)',
  'this',
  'globalThis',
  'Math.max(1)',
  'eval("1")',
  'Function("return 1")()',
  '1; fetch("https://evil.example")',
  'a = 1',
  '`${1}`',
  '"1" + 1',
  "'1'",
  '1 // comment',
  '/* c */ 1',
  'import("x")',
  'require("fs")',
  '1 && 2',
  '1 | 2',
  '1 << 2',
  '!1',
  '~1',
  '1 ? 2 : 3',
  'x => x',
  '\u0000',
  '((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))',
  '-'.repeat(200) + '1',
  '1+'.repeat(600) + '1',
];

describe('calculator', () => {
  it('evaluates arithmetic with the usual precedence', () => {
    for (const [expr, value] of VALUES) expect(evaluate(expr), expr).toBeCloseTo(value, 10);
  });

  it('explains what is wrong and where', () => {
    for (const [expr, message] of ERRORS) {
      let err: unknown;
      try {
        evaluate(expr);
      } catch (e) {
        err = e;
      }
      expect(err, expr).toBeInstanceOf(CalcError);
      expect((err as Error).message, expr).toMatch(message);
    }
  });

  it(`refuses ${ATTACKS.length} attack strings as not arithmetic, without running anything`, () => {
    for (const attack of ATTACKS) {
      const r = calculator({ expression: attack });
      expect(r.ok, attack).toBe(false);
      expect(r.output, attack).toMatch(/^Cannot calculate: /);
    }
  });

  it('answers the tool call as JSON, rounding binary noise', () => {
    expect(calculator({ expression: '0.1 + 0.2' })).toEqual({ ok: true, output: '{"expression":"0.1 + 0.2","result":0.3}' });
    expect(calculator({ expression: 42 })).toMatchObject({ ok: false, output: expect.stringContaining('as a string') });
  });
});
