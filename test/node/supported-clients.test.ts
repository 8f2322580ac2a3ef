// The "Supported clients" guide (views/docs/guide-clients.ts) tells the truth: each library it lists is pinned in
// package.json at exactly the version it names, that version is the one installed, and every library the
// compatibility suite (test/workers/compat/) imports is listed.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_CLIENTS } from '../../views/docs/guide-clients';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as Record<'dependencies' | 'devDependencies', Record<string, string>>;
const pinned = { ...pkg.dependencies, ...pkg.devDependencies };
const installed = (name: string) => (JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, root), 'utf8')) as { version: string }).version;

/** The npm packages a file imports (bare specifiers, without subpaths). */
const packagesOf = (source: string) =>
  [...source.matchAll(/from '([^'.][^']*)'/g)].map((m) =>
    m[1]!
      .split('/')
      .slice(0, m[1]!.startsWith('@') ? 2 : 1)
      .join('/'),
  );

describe('the supported clients guide', () => {
  it('names the exact version package.json pins and node_modules holds', () => {
    for (const c of SUPPORTED_CLIENTS) {
      expect(pinned[c.name], c.name).toBe(c.version);
      expect(installed(c.name), c.name).toBe(c.version);
    }
  });

  it('lists every library the compatibility suite imports', () => {
    const dir = new URL('test/workers/compat/', root);
    const used = new Set(
      readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .flatMap((f) => packagesOf(readFileSync(new URL(f, dir), 'utf8'))),
    );
    for (const name of ['vitest', 'cloudflare:test', 'zod']) used.delete(name);
    expect([...used].sort()).toEqual(
      SUPPORTED_CLIENTS.map((c) => c.name)
        .filter((n) => n !== 'openapi-typescript')
        .sort(),
    );
  });
});
