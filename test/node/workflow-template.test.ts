// Workflow templates (worker/lib/workflow-template.ts) and `when` conditions (worker/lib/workflow-when.ts): rendering,
// the references a value names, evaluation, and parse errors with their positions.
import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate, TemplateError, templateRefs, type TemplateContext } from '../../worker/lib/workflow-template';
import { checkWhen, evaluateWhen, parseWhen, WhenError, whenRefs } from '../../worker/lib/workflow-when';

const ctx: TemplateContext = {
  inputs: { topic: 'tides', count: 3, tags: ['a', 'b'], flag: false, empty: '' },
  steps: {
    search: { output: { hits: [{ title: 'Moon' }, { title: 'Sun' }], total: 2 } },
    score: { output: { value: 4 } },
    text: { output: '7' },
    none: { output: null },
  },
  item: { name: 'x', n: 2 },
  index: 5,
};

describe('renderTemplate', () => {
  it('yields the raw value for a string that is exactly one reference', () => {
    expect(renderTemplate('{{inputs.tags}}', ctx)).toEqual(['a', 'b']);
    expect(renderTemplate('{{ inputs.count }}', ctx)).toBe(3);
    expect(renderTemplate('{{steps.search.output}}', ctx)).toEqual(ctx.steps.search!.output);
    expect(renderTemplate('{{steps.search.output.hits.1.title}}', ctx)).toBe('Sun');
    expect(renderTemplate('{{item}}', ctx)).toEqual({ name: 'x', n: 2 });
    expect(renderTemplate('{{item.n}}', ctx)).toBe(2);
    expect(renderTemplate('{{index}}', ctx)).toBe(5);
    expect(renderTemplate('{{inputs.flag}}', ctx)).toBe(false);
  });

  it('writes values into a longer string, objects as JSON, missing values as empty text', () => {
    expect(renderTemplate('About {{inputs.topic}} ({{inputs.count}})', ctx)).toBe('About tides (3)');
    expect(renderTemplate('tags: {{inputs.tags}}', ctx)).toBe('tags: ["a","b"]');
    expect(renderTemplate('[{{inputs.nope}}] [{{steps.search.output.hits.9.title}}] [{{steps.none.output.a}}]', ctx)).toBe('[] [] []');
    expect(renderTemplate('#{{index}}: {{item.name}}', ctx)).toBe('#5: x');
  });

  it('a missing value on its own is null (an unfinished step, an absent field, an index into a non-list)', () => {
    expect(renderTemplate('{{steps.later.output}}', ctx)).toBeNull();
    expect(renderTemplate('{{inputs.topic.length}}', ctx)).toBeNull();
    expect(renderTemplate('{{steps.search.output.hits.x}}', ctx)).toBeNull();
    expect(renderTemplate('{{steps.search.output.constructor}}', ctx)).toBeNull();
  });

  it('renders every string of nested JSON and keeps keys and other values', () => {
    const value = { q: '{{inputs.topic}}', list: ['{{index}}', 1, true, null, { deep: 'n={{item.n}}' }], '{{inputs.topic}}': 'k' };
    expect(renderTemplate(value, ctx)).toEqual({ q: 'tides', list: [5, 1, true, null, { deep: 'n=2' }], '{{inputs.topic}}': 'k' });
    expect(renderTemplate('plain {not a template}', ctx)).toBe('plain {not a template}');
  });

  it('throws TemplateError with the position of a bad template', () => {
    expect(() => renderTemplate('ok {{inputs.topic', ctx)).toThrow(TemplateError);
    try {
      parseTemplate('ab {{steps.x.result}}');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateError);
      expect((e as TemplateError).position).toBe(5);
      expect((e as Error).message).toMatch(/steps\.x\.output/);
    }
  });
});

describe('templateRefs', () => {
  it('lists every reference in nested JSON', () => {
    const { refs, errors } = templateRefs({ a: 'x {{inputs.topic}} {{steps.search.output.hits.0}}', b: ['{{item.name}}', '{{index}}'], c: 3 });
    expect(errors).toEqual([]);
    expect(refs).toEqual([
      { kind: 'input', name: 'topic', path: [] },
      { kind: 'step', id: 'search', path: ['hits', '0'] },
      { kind: 'item', path: ['name'] },
      { kind: 'index' },
    ]);
  });

  it('reports each bad string with its JSON path, position and reason', () => {
    const { refs, errors } = templateRefs({ ok: '{{inputs.a}}', args: { q: 'x {{ }}', list: ['{{env.SECRET}}', 'y {{steps.1bad.output}}'] }, u: '{{inputs.a' });
    expect(refs).toEqual([{ kind: 'input', name: 'a', path: [] }]);
    expect(errors.map((e) => [e.at, e.position])).toEqual([
      ['args.q', 4],
      ['args.list.0', 2],
      ['args.list.1', 4],
      ['u', 0],
    ]);
    expect(errors[0]!.message).toMatch(/empty/);
    expect(errors[1]!.message).toMatch(/unknown reference "env\.SECRET"/);
    expect(errors[2]!.message).toMatch(/not a step id/);
    expect(errors[3]!.message).toMatch(/never closed/);
    expect(templateRefs('{{index.x}}').errors[0]!.message).toMatch(/no fields/);
    expect(templateRefs('{{inputs}}').errors[0]!.message).toMatch(/name the input/);
    expect(templateRefs('{{steps.a..b}}').errors[0]!.message).toMatch(/empty field/);
  });
});

describe('when', () => {
  const holds = (src: string) => evaluateWhen(src, ctx);

  it('compares numbers, strings, booleans and null, a numeric string as a number', () => {
    expect(holds('{{steps.score.output.value}} >= 3')).toBe(true);
    expect(holds('{{steps.score.output.value}} > 4')).toBe(false);
    expect(holds('{{steps.score.output.value}} <= 4 && {{steps.score.output.value}} < 5')).toBe(true);
    expect(holds('{{steps.text.output}} == 7')).toBe(true);
    expect(holds('{{steps.text.output}} > 10')).toBe(false);
    expect(holds('"10" > "9"')).toBe(true);
    expect(holds('"b" > "a"')).toBe(true);
    expect(holds('{{inputs.topic}} == "tides"')).toBe(true);
    expect(holds("{{inputs.topic}} != 'tides'")).toBe(false);
    expect(holds('{{inputs.flag}} == false')).toBe(true);
    expect(holds('{{steps.none.output}} == null')).toBe(true);
    expect(holds('{{inputs.missing}} == null')).toBe(true);
    expect(holds('{{inputs.tags}} == {{inputs.tags}}')).toBe(true);
    expect(holds('{{inputs.topic}} > 3')).toBe(false);
    expect(holds('null < 1')).toBe(false);
    expect(holds('-1.5 < 0')).toBe(true);
  });

  it('uses JavaScript truthiness for a bare reference, with !, &&, || and parentheses', () => {
    expect(holds('{{inputs.topic}}')).toBe(true);
    expect(holds('{{inputs.empty}}')).toBe(false);
    expect(holds('{{inputs.tags}}')).toBe(true);
    expect(holds('!{{inputs.flag}}')).toBe(true);
    expect(holds('!!{{inputs.count}}')).toBe(true);
    expect(holds('{{inputs.flag}} || {{inputs.count}} == 3')).toBe(true);
    expect(holds('false || true && false')).toBe(false);
    expect(holds('(false || true) && !false')).toBe(true);
    expect(holds('!({{index}} == 5)')).toBe(false);
    expect(holds('"a\\"b" == \'a"b\'')).toBe(true);
  });

  it('lists the references a condition reads', () => {
    expect(whenRefs(parseWhen('{{steps.a.output.x}} > 1 || !{{inputs.b}}'))).toEqual([
      { kind: 'step', id: 'a', path: ['x'] },
      { kind: 'input', name: 'b', path: [] },
    ]);
  });

  it.each([
    ['', 0, /empty/],
    ['{{inputs.a}} = 3', 13, /use ==/],
    ['{{inputs.a}} > ', 15, /expected a value/],
    ['({{inputs.a}} > 1', 17, /expected "\)"/],
    ['1 < 2 < 3', 6, /do not chain/],
    ['{{inputs.a}} & 1', 13, /use &&/],
    ['{{inputs.a}} | 1', 13, /use \|\|/],
    ['yes == 1', 0, /unexpected "yes"/],
    ['"open', 0, /never closed/],
    ['{{inputs.a', 0, /never closed/],
    ['{{secret.x}} == 1', 2, /unknown reference/],
    ['1 2', 2, /expected && or \|\|/],
    ['process.exit()', 0, /unexpected "process"/],
    ['{{inputs.a}} > 1)', 16, /expected && or \|\| but found "\)"/],
    ['1 + 1', 2, /unexpected "\+"/],
    ['!'.repeat(40) + 'true', 33, /nested too deeply/],
  ])('refuses %j at %i', (src, position, message) => {
    const r = checkWhen(src);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toMatch(message);
    expect(r.position).toBe(position);
    expect(() => evaluateWhen(src, ctx)).toThrow(WhenError);
  });

  it('never runs code written in a condition', () => {
    const g = globalThis as { pwned?: boolean };
    for (const src of ['(globalThis.pwned = true)', '{{inputs.constructor}}', 'this', '`x`', '{{steps.__proto__.output}}'])
      expect(checkWhen(src).ok === false || evaluateWhen(src, ctx) === false).toBe(true);
    expect(g.pwned).toBeUndefined();
  });
});
