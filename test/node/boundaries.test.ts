// The import-boundary check (scripts/check-boundaries.mjs): passes on this repo, fails on each kind of violation.
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
