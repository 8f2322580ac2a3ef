// JSON → sections. Scalars become "path: value" lines (one unit each); an array of objects becomes a table like a
// CSV: each object one row of "key: value" lines (nested keys dotted), rows grouped so none is ever split.
import { groupRows } from './parse-csv';
import { ParseError, type Section } from './types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function parseJson(text: string, title: string): Section[] {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (e) {
    throw new ParseError('corrupt', `This JSON file could not be read: ${(e as Error).message}.`);
  }
  const sections: Section[] = [];
  const lines: string[] = [];
  const walk = (v: Json, path: string) => {
    if (Array.isArray(v) && v.length && v.every(isObject)) {
      if (lines.length) sections.push({ headings: [title], text: lines.splice(0).join('\n'), kind: 'lines' });
      const rows = v.map((item) => flatten(item, '').join('\n'));
      sections.push(...groupRows(rows, path ? [title, path] : [title]));
    } else if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (isObject(v)) for (const [k, item] of Object.entries(v)) walk(item, path ? `${path}.${k}` : k);
    else if (v !== null && v !== '') lines.push(`${path || 'value'}: ${String(v).replace(/\s+/g, ' ')}`);
  };
  try {
    walk(value, '');
  } catch (e) {
    if (e instanceof RangeError) throw new ParseError('corrupt', 'This JSON file is nested too deeply to read.');
    throw e;
  }
  if (lines.length) sections.push({ headings: [title], text: lines.join('\n'), kind: 'lines' });
  return sections;
}

function isObject(v: Json): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function flatten(v: Json, path: string): string[] {
  if (Array.isArray(v)) {
    if (v.every((x) => !isObject(x) && !Array.isArray(x))) return v.length ? [`${path}: ${v.filter((x) => x !== null).join(', ')}`] : [];
    return v.flatMap((x, i) => flatten(x, `${path}[${i}]`));
  }
  if (isObject(v)) return Object.entries(v).flatMap(([k, x]) => flatten(x, path ? `${path}.${k}` : k));
  return v === null || v === '' ? [] : [`${path || 'value'}: ${String(v).replace(/\s+/g, ' ')}`];
}
