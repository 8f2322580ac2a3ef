// Building blocks of `npm start` (scripts/dev-env.mjs): each migration reported once, and free ports found when
// another wrangler holds the default ones.
import { readdirSync, rmSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations, freePort, isPortFree, nearestFreePort } from '../../scripts/dev-env.mjs';

const dirs: string[] = [];
const servers: net.Server[] = [];
afterAll(() => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  servers.forEach((s) => s.close());
});

function occupy(port: number) {
  return new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    servers.push(server);
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

describe('applyMigrations', () => {
  it('reports each migration of a fresh database once, in order, and nothing on a second run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgent-migrations-'));
    dirs.push(dir);
    const lines: string[] = [];
    const first = await applyMigrations(dir, { log: (l: string) => lines.push(l) });
    const expected = readdirSync('migrations')
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(first.applied).toEqual(expected);
    expect(lines).toEqual([`Applied D1 migrations: ${expected.join(', ')}`]);

    const again = await applyMigrations(dir, { log: (l: string) => lines.push(l) });
    expect(again.applied).toEqual([]);
    expect(lines.at(-1)).toBe('D1 migrations are up to date.');
  }, 60_000);
});

describe('nearestFreePort', () => {
  it('keeps the preferred port when it is free', async () => {
    const port = await freePort();
    expect(await nearestFreePort(port)).toEqual({ port, moved: false });
  });

  it('moves to a free port when the preferred one is taken', async () => {
    const taken = await freePort();
    await occupy(taken);
    const found = await nearestFreePort(taken);
    expect(found.moved).toBe(true);
    expect(found.port).not.toBe(taken);
    expect(await isPortFree(found.port)).toBe(true);
  });
});
