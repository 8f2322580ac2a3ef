// No comment or Markdown file cites a file that is not in the repository: repo paths (worker/…, views/…, test/…),
// path suffixes (routes/api/x.ts, page-helpers.ts) and ./relative paths must exist. Generated files are allowed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const ROOTS = ['worker', 'views', 'durable-objects', 'scripts', 'test', 'containers', 'sdk', 'migrations'];
const SKIP_DIRS = new Set(['node_modules', '.git', '.wrangler', 'dist', 'test-results', 'coverage']);
/** Built by `npm run assets` (scripts/copy-assets.mjs, build-widget.mjs, build-static.mjs) or written by runs; gitignored. */
const GENERATED = ['views/static/widget.js', 'views/static/assets/vendor', 'worker/generated', 'test-results'];
/** This file cites missing paths on purpose, as examples. */
const SELF_PATH = 'test/node/citations.test.ts';
const GENERATED_NAMES = new Set(['widget.js', 'htmx.min.js', 'htmx-ext-sse.min.js', '.dev.vars']);
const SOURCE = /\.(m?[jt]sx?|d\.mts)$/;
const EXT = '(?:tsx?|mts|mjs|js|md|toml|json|sql|css)';

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      yield p + '/';
      yield* walk(p);
    } else yield p;
  }
}

const rel = (p: string) => relative(root, p).split('\\').join('/');
const entries = [...walk(root)].map((p) => (p.endsWith('/') ? rel(p.slice(0, -1)) + '/' : rel(p)));
const files = entries.filter((p) => !p.endsWith('/'));
const known = new Set(entries.flatMap((p) => [p, p.replace(/\/$/, '')]));
const generated = (p: string) => GENERATED.some((g) => p === g || p.startsWith(g + '/'));

/** The comment text of a source file, line by line (other lines blank): `//` comments and block comments. */
function commentLines(text: string): string[] {
  let inBlock = false;
  return text.split('\n').map((line) => {
    let out = '';
    let rest = line;
    while (rest) {
      if (inBlock) {
        const end = rest.indexOf('*/');
        out += ' ' + (end < 0 ? rest : rest.slice(0, end));
        if (end < 0) break;
        inBlock = false;
        rest = rest.slice(end + 2);
        continue;
      }
      // A `//` or `/*` that starts a comment: at the line start or after a space or punctuation (never `http://`).
      const m = /(^|[\s;,(){}])(\/\/|\/\*)/.exec(rest);
      if (!m) break;
      const at = m.index + m[1]!.length;
      if (m[2] === '//') {
        out += ' ' + rest.slice(at + 2);
        break;
      }
      inBlock = true;
      rest = rest.slice(at + 2);
    }
    return out;
  });
}

const ROOTED = new RegExp(`(?<![\\w./@:-])((?:${ROOTS.join('|')})/[\\w./-]*)`, 'g');
const RELATIVE = /(?<![\w./])(\.\.?\/[\w./-]+)/g;
const SUFFIX = new RegExp(`(?<![\\w./@:$-])([a-z0-9_][\\w-]*(?:/[\\w.-]+)*\\.${EXT})(?![\\w/])`, 'g');
const PLACEHOLDER = /^[<*{…$[]/;

/** Each cited path of one line that does not exist, as `path` (text after the match decides placeholders). */
function missing(file: string, line: string): string[] {
  const out: string[] = [];
  const after = (m: RegExpExecArray) => line.slice(m.index + m[0].length);
  for (const m of line.matchAll(ROOTED)) {
    const p = m[1]!.replace(/[.]+$/, '');
    if (PLACEHOLDER.test(after(m)) || p.endsWith('.') || (/\/$/.test(p) && PLACEHOLDER.test(after(m)))) continue;
    if (!known.has(p) && !generated(p)) out.push(p);
  }
  for (const m of line.matchAll(RELATIVE)) {
    if (PLACEHOLDER.test(after(m))) continue;
    const p = rel(join(root, dirname(file), m[1]!.replace(/[.]+$/, '')));
    if (!existsSync(join(root, p)) && !generated(p)) out.push(m[1]!);
  }
  for (const m of line.matchAll(SUFFIX)) {
    const p = m[1]!;
    if (ROOTS.some((r) => p.startsWith(r + '/')) || GENERATED_NAMES.has(p) || PLACEHOLDER.test(after(m))) continue;
    if (!files.some((f) => f === p || f.endsWith('/' + p)) && !generated(p) && !GENERATED.some((g) => g.endsWith('/' + p))) out.push(p);
  }
  return out;
}

function citations() {
  const scanned = files
    .filter((f) => f !== SELF_PATH)
    .filter((f) => (ROOTS.some((r) => f.startsWith(r + '/')) && (SOURCE.test(f) || f.endsWith('.md')) && !generated(f)) || /^[^/]+\.(md|ts|mjs)$/.test(f));
  const problems: string[] = [];
  for (const file of scanned) {
    const text = readFileSync(join(root, file), 'utf8');
    const lines = file.endsWith('.md') ? text.split('\n') : commentLines(text);
    lines.forEach((line, i) => {
      for (const p of missing(file, line)) problems.push(`${file}:${i + 1}: ${p}`);
    });
  }
  return { scanned, problems };
}

describe('citations', () => {
  it('every path a comment or Markdown file cites exists', () => {
    const { scanned, problems } = citations();
    expect(scanned.length).toBeGreaterThan(200);
    expect(problems).toEqual([]);
  });

  it('catches a comment citing a file that is gone', () => {
    expect(missing('worker/routes/pages/chat.tsx', ' Mounted inside appPages (pages-app.tsx), see worker/routes/pages-app.tsx')).toEqual([
      'worker/routes/pages-app.tsx',
      'pages-app.tsx',
    ]);
    expect(missing('README.md', 'see [the SDK](./sdk/README.md) and [old](./docs/old.md)')).toEqual(['./docs/old.md']);
    expect(missing('worker/app.ts', 'the route files in routes/api/agents.ts and services/nothing-here.ts')).toEqual(['services/nothing-here.ts']);
    expect(commentLines("const u = 'http://x/worker/a.ts'; // cites worker/nope.ts\n/* and\n views/nope.tsx */").map((l) => l.trim())).toEqual([
      'cites worker/nope.ts',
      'and',
      'views/nope.tsx',
    ]);
  });
});
