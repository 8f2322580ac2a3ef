// Test projects: `workers` runs inside the Workers runtime (SELF.fetch, real D1 migrations, DO stubs); `node` runs
// Node-side suites (fixtures, static checks).
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Fixed test secrets: real formats, never used outside tests.
const TEST_SECRETS = {
  MASTER_KEY: 'k1:' + Buffer.alloc(32, 7).toString('base64'),
  SESSION_SECRET: 'test-session-secret-0123456789abcdef',
};

export default defineConfig(async () => {
  const migrations = await readD1Migrations('migrations');
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: './wrangler.toml' },
              miniflare: { bindings: { ...TEST_SECRETS, TEST_MIGRATIONS: migrations } },
            }),
          ],
          test: {
            name: 'workers',
            include: ['test/workers/**/*.test.ts'],
            setupFiles: ['test/setup/apply-migrations.ts'],
          },
        },
        {
          test: { name: 'node', include: ['test/node/**/*.test.ts'], environment: 'node' },
        },
      ],
    },
  };
});
