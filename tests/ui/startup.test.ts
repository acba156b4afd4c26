/**
 * What the dashboard loads before its first frame (start-up time, issue 4): the built program's
 * modules in a fresh node, and the one bundled module bin/nta-top loads (scripts/bundle.mjs).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Runs ESM `code` in a fresh node in ROOT; its stdout. */
function node(code: string): string {
  if (!fs.existsSync(path.join(ROOT, 'dist/ui/app.js'))) throw new Error('run `npm run build` (npm test does) before these tests');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('dashboard start-up', () => {
  it("requires blessed's screen and box widgets, not its index of all 34", () => {
    const out = node(`
      import { createRequire } from 'node:module';
      await import('./dist/main.js');
      await import('./dist/ui/app.js');
      const loaded = Object.keys(createRequire(import.meta.url).cache)
        .filter((f) => f.includes('/node_modules/blessed/'))
        .map((f) => f.slice(f.indexOf('/node_modules/blessed/') + 22));
      console.log(JSON.stringify(loaded.sort()));
    `);
    const loaded = JSON.parse(out) as string[];
    expect(loaded).toContain('lib/widgets/screen.js');
    expect(loaded).toContain('lib/widgets/box.js');
    expect(loaded).not.toContain('lib/blessed.js');
    expect(loaded).not.toContain('lib/widget.js');
    expect(loaded).not.toContain('lib/widgets/ansiimage.js');
    expect(loaded.filter((f) => f.startsWith('lib/widgets/')).length).toBeLessThanOrEqual(8);
  });

  it('bin/nta-top loads one bundled module that imports no other file of ours', () => {
    const launcher = fs.readFileSync(path.join(ROOT, 'bin/nta-top'), 'utf8');
    expect(launcher).toContain("'../dist/bundle/nta-top.js'");
    const bundle = fs.readFileSync(path.join(ROOT, 'dist/bundle/nta-top.js'), 'utf8');
    // every import left is a package or a node: builtin, never a path
    const specs = [...bundle.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"']+)["']/g)].map((m) => m[1]);
    expect(specs.length).toBeGreaterThan(0);
    expect(specs.filter((s) => /^\.{1,2}\//.test(s) || s.startsWith('/'))).toEqual([]);
    expect(specs).toContain('node:fs');
  });
});
