// The import-boundary check (scripts/check-boundaries.mjs): passes on this repo, fails on each kind of tenancy violation
// and on import cycles.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = join(process.cwd(), 'scripts/check-boundaries.mjs');
const run = (root: string) => {
  try {
    return { code: 0, out: execFileSync('node', [script, root], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e: any) {
    return { code: e.status as number, out: String(e.stderr) };
  }
};

const roots: string[] = [];
function fakeRepo(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'edgent-boundary-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

describe('tenancy import boundary', () => {
  it('passes on this repository', () => {
    expect(run(process.cwd())).toMatchObject({ code: 0 });
  });

  it('allows drizzle and env.DB inside worker/db/', () => {
    const root = fakeRepo({ 'worker/db/client.ts': "import { drizzle } from 'drizzle-orm/d1';\nexport const d = (env: any) => drizzle(env.DB);\n" });
    expect(run(root).code).toBe(0);
  });

  it.each([
    ['a route importing drizzle', 'worker/routes/x.ts', "import { eq } from 'drizzle-orm';"],
    ['a service touching env.DB', 'worker/services/x.ts', 'export const q = (env: any) => env.DB.prepare("select 1");'],
    ['a Durable Object touching this.env.DB', 'durable-objects/x.ts', 'this.env.DB.prepare("select 1")'],
    ['destructuring DB from env', 'worker/routes/y.ts', 'const { DB } = c.env;'],
    ['a raw D1Database handle', 'worker/services/y.ts', 'export function f(db: D1Database) {}'],
    ['importing the unscoped client', 'worker/routes/z.ts', "import { database } from '../db/client';"],
  ])('fails on %s', (_name, path, line) => {
    const result = run(fakeRepo({ [path]: line + '\n' }));
    expect(result.code).toBe(1);
    expect(result.out).toContain(path);
  });
});

describe('layer boundary', () => {
  it('allows the OpenAPI registry to import the answer schemas', () => {
    const root = fakeRepo({
      'worker/openapi/schemas.ts': "import { message } from '../schemas/chat';\n",
      'worker/llm/x.ts': "import { openApiTools } from '../tools/openapi/load';\n",
    });
    expect(run(root).code).toBe(0);
  });

  it.each([
    ['a Durable Object importing a route', 'durable-objects/x.ts', "import { sendMessageSchema } from '../worker/routes/sessions';"],
    ['llm code importing the OpenAPI registry', 'worker/llm/x.ts', "import { components } from '../openapi/schemas';"],
    ['an answer schema importing a route', 'worker/schemas/x.ts', "import { docs } from '../routes/agents';"],
  ])('fails on %s', (_name, path, line) => {
    const result = run(fakeRepo({ [path]: line + '\n' }));
    expect(result.code).toBe(1);
    expect(result.out).toContain(path);
    expect(result.out).toContain('Layer boundary');
  });
});

describe('import cycles among worker/, durable-objects/ and views/', () => {
  it('allows one-way imports, packages, files outside those folders and dynamic import()', () => {
    const root = fakeRepo({
      'worker/a.ts': "import { b } from './b';\nimport { z } from 'zod';\nimport { x } from '../containers/x';\nexport const a = b;\n",
      'worker/b.ts': "import type { T } from './types';\nexport const b = 1;\nexport const later = () => import('./a');\n",
      'worker/types.ts': 'export type T = string;\n',
      'containers/x.ts': "import { a } from '../worker/a';\nexport const x = a;\n",
    });
    expect(run(root)).toMatchObject({ code: 0 });
  });

  it.each([
    ['a value cycle', { 'worker/a.ts': "import { b } from './b';\n", 'worker/b.ts': "import { a } from './a';\n" }],
    [
      'a type-only cycle',
      { 'worker/tools/registry.ts': "import { run } from './builtins/x';\n", 'worker/tools/builtins/x.ts': "import type { ToolResult } from '../registry';\n" },
    ],
    ['an inline type-only cycle', { 'worker/a.ts': "import { type B } from './b';\n", 'worker/b.ts': "import { type A } from './a.js';\n" }],
    ['a cycle through a re-export', { 'worker/a.ts': "export * from './b';\n", 'worker/b.ts': "export { a } from './a';\n" }],
    ['a cycle through an index file', { 'worker/lib/index.ts': "import { a } from '../a';\n", 'worker/a.ts': "import { lib } from './lib';\n" }],
    [
      'a cycle across folders and a multi-line import',
      {
        'durable-objects/session.ts': "import {\n  render,\n  type Props,\n} from '../views/page';\n",
        'views/page.tsx': "import { service } from '../worker/service';\n",
        'worker/service.ts': "import { Session } from '../durable-objects/session';\n",
      },
    ],
  ])('fails on %s, naming each file in it', (_name, files: Record<string, string>) => {
    const result = run(fakeRepo(files));
    expect(result.code).toBe(1);
    expect(result.out).toContain('import cycle of');
    for (const path of Object.keys(files)) expect(result.out).toContain(path);
  });

  it('reports a D1 violation and a cycle in the same run', () => {
    const result = run(
      fakeRepo({ 'worker/a.ts': "import { b } from './b';\nimport { eq } from 'drizzle-orm';\n", 'worker/b.ts': "import { a } from './a';\n" }),
    );
    expect(result.code).toBe(1);
    expect(result.out).toContain('worker/a.ts:2: imports drizzle-orm');
    expect(result.out).toContain('import cycle of 2 files: worker/a.ts → worker/b.ts → worker/a.ts');
  });
});

// --- Layer rule: routes call services, never repositories ---------------------------------------------------------
describe('route → service → repo layering', () => {
  it('lets a route hand the tenant db to a service', () => {
    const root = fakeRepo({ 'worker/routes/api/x.ts': "const agent = await getAgent(c.var.db, c.req.param('id'));\nconst t = c.var.db.tenantId;\n" });
    expect(run(root).code).toBe(0);
  });

  it('lets a service call repositories', () => {
    const root = fakeRepo({ 'worker/services/x.ts': 'export const list = (db: TenantDb) => db.agents.list({ limit: 20, cursor: null });\n' });
    expect(run(root).code).toBe(0);
  });

  it.each([
    ['a repo call on c.var.db', 'worker/routes/api/x.ts', 'return c.json(await c.var.db.agents.list(page));'],
    ['a repo call on a local db alias', 'worker/routes/pages/y.tsx', 'const [tools] = await Promise.all([db.tools.list({ limit: 100, cursor: null })]);'],
    ['a repo call in a protocol adapter', 'worker/routes/protocols/z.ts', 'const row = await c.var.db.sessions.get(id);'],
    ['destructuring a repo from c.var.db', 'worker/routes/pages/w.tsx', 'const { agents } = c.var.db;'],
  ])('fails on %s', (_name, path, line) => {
    const result = run(fakeRepo({ [path]: line + '\n' }));
    expect(result.code).toBe(1);
    expect(result.out).toContain(path);
    expect(result.out).toContain('from a route');
  });
});
