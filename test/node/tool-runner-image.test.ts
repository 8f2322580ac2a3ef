// Static checks of the tool-runner image and its wiring, since Docker cannot build it here: a pinned base, a
// non-root user, the port the Container class uses, no internet, and a server with no dependencies to install.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(process.cwd(), 'containers/tool-runner');
const read = (p: string) => readFileSync(join(dir, p), 'utf8');
const dockerfile = read('Dockerfile');
const instructions = dockerfile
  .split('\n')
  .filter((l) => l.trim() && !l.trim().startsWith('#'))
  .map((l) => l.trim());
const container = read('container.ts');

describe('the tool-runner Dockerfile', () => {
  it('pins its base image by exact version (and digest), never latest', () => {
    const froms = instructions.filter((l) => /^FROM\s/i.test(l));
    expect(froms.length).toBeGreaterThan(0);
    for (const from of froms) {
      const image = from.split(/\s+/)[1]!;
      expect(image).not.toMatch(/:latest\b/);
      expect(image).toMatch(/^[\w./-]+:\d+\.\d+\.\d+[\w.-]*(@sha256:[0-9a-f]{64})?$/);
    }
  });

  it('runs as a non-root user', () => {
    const users = instructions.filter((l) => /^USER\s/i.test(l));
    const last = users.at(-1)?.split(/\s+/)[1];
    expect(last).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(last);
    expect(dockerfile).toMatch(new RegExp(`useradd[^\\n]*\\b${last}\\b`));
  });

  it('exposes and listens on the port the ToolRunner class uses', () => {
    const port = Number(/export const RUNNER_PORT = (\d+);/.exec(container)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(container).toMatch(/override defaultPort = RUNNER_PORT;/);
    expect(instructions.filter((l) => /^EXPOSE\s/i.test(l))).toEqual([`EXPOSE ${port}`]);
    expect(dockerfile).toMatch(new RegExp(`\\bPORT=${port}\\b`));
    expect(read('server.mjs')).toContain(`process.env.PORT ?? ${port}`);
    expect(dockerfile).toMatch(/\bHOST=0\.0\.0\.0\b/); // reachable from the container's network interface
  });

  it('copies a server that needs no packages: only node: built-ins and its own files', () => {
    expect(instructions).toContain('COPY server.mjs ./');
    expect(instructions).toContain('COPY lib ./lib');
    expect(instructions.at(-1)).toBe('CMD ["node", "server.mjs"]');
    const sources = ['server.mjs', ...readdirSync(join(dir, 'lib')).map((f) => `lib/${f}`)];
    for (const file of sources) {
      for (const [, spec] of read(file).matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)) {
        expect(spec, `${file} imports ${spec}`).toMatch(/^(node:|\.\/)/);
      }
    }
  });

  it('installs Python 3 with data libraries from Debian packages', () => {
    expect(dockerfile).toMatch(/apt-get install[^\n]*python3 python3-numpy python3-pandas/);
  });
});

describe('the ToolRunner container', () => {
  it('has internet access off and is declared in wrangler.toml, disabled for local dev', () => {
    expect(container).toMatch(/override enableInternet = false;/);
    expect(container).not.toMatch(/^\s*(?:override\s+|static\s+)?(?:allowedHosts|outbound\w*)\s*=|allowHost\(|setAllowedHosts\(/m);
    const toml = readFileSync(join(process.cwd(), 'wrangler.toml'), 'utf8');
    const block = /\[\[containers\]\]([\s\S]*?)(?=\n\[)/.exec(toml)?.[1] ?? '';
    expect(block).toMatch(/class_name = "ToolRunner"/);
    expect(block).toMatch(/image = "\.\/containers\/tool-runner\/Dockerfile"/);
    expect(block).toMatch(/instance_type = "\w[\w-]*"/);
    expect(toml).toMatch(/\[dev\][^[]*enable_containers = false/);
  });
});
