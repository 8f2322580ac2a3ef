// The widget's budget (issue 8): all of widget.js at most 10 KB gzipped, built only from our own sources (no
// runtime dependencies). Builds views/static/widget.js the way `npm start` does, then measures that file.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM build script; no type declarations
import { WIDGET_OUT, buildWidget } from '../../scripts/build-widget.mjs';

const BUDGET = 10 * 1024;

describe('widget.js', () => {
  it('is at most 10 KB gzipped', async () => {
    await buildWidget();
    const gz = gzipSync(readFileSync(WIDGET_OUT)).length;
    console.log(`widget.js: ${readFileSync(WIDGET_OUT).length} bytes, ${gz} bytes gzipped (budget ${BUDGET})`);
    expect(gz).toBeLessThanOrEqual(BUDGET);
  });

  it('bundles only the widget and the shared markdown renderer, no packages', async () => {
    const { inputs } = await buildWidget({ write: false });
    expect(inputs.filter((f: string) => !/^views\/(widget\/[\w-]+\.(ts|css)|lib\/markdown\.ts)$/.test(f))).toEqual([]);
    expect(inputs).toContain('views/lib/markdown.ts');
  });
});
