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

describe('layer boundary', () => {
  it('allows the OpenAPI registry to import the answer schemas', () => {
    const root = fakeRepo({ 'worker/openapi/schemas.ts': "import { message } from '../schemas/chat';\n", 'worker/llm/x.ts': "import { openApiTools } from '../tools/openapi/load';\n" });
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
