/**
 * What the dashboard loads before its first frame (start-up time, issue 4): the built program's
 * modules in a fresh node, and the one bundled module bin/nta-top loads (scripts/bundle.mjs).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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

  it('bin/nta-top loads one bundled file that requires no other file of ours', () => {
    const launcher = fs.readFileSync(path.join(ROOT, 'bin/nta-top'), 'utf8');
    expect(launcher).toContain("require('./bundle-loader.cjs')");
    const loader = fs.readFileSync(path.join(ROOT, 'bin/bundle-loader.cjs'), 'utf8');
    expect(loader).toContain("'dist', 'bundle', 'nta-top.cjs'");
    const bundle = fs.readFileSync(path.join(ROOT, 'dist/bundle/nta-top.cjs'), 'utf8');
    // every import left is a package or a node: builtin, never a path
    const specs = [...bundle.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"']+)["']/g)].map((m) => m[1]);
    expect(specs.length).toBeGreaterThan(0);
    expect(specs.filter((s) => /^\.{1,2}\//.test(s) || s.startsWith('/'))).toEqual([]);
    expect(specs).toContain('node:fs');
  });
});

/** bin/nta-top's node flags (its first line), the ones the code cache is made and used under. */
function shebangFlags(): string[] {
  const first = fs.readFileSync(path.join(ROOT, 'bin/nta-top'), 'utf8').split('\n')[0];
  return first.replace(/^#!.*\snode\s*/, '').split(/\s+/).filter(Boolean);
}

/** Runs CommonJS `code` in a fresh node with `flags` in ROOT; its stdout, trimmed. */
function nodeCjs(flags: string[], code: string): string {
  const r = spawnSync(process.execPath, [...flags, '-e', code], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.trim();
}

describe('the bundle\'s V8 code cache (bin/bundle-loader.cjs)', () => {
  it('is written by the build and used under bin/nta-top\'s flags', () => {
    const out = nodeCjs(shebangFlags(), `
      const { loadBundle } = require('./bin/bundle-loader.cjs');
      const l = loadBundle();
      console.log(l.cache, typeof l.exports.run);
    `);
    expect(out).toBe('used function');
  });

  it("is never used with another build's bundle, which still loads and runs", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nta-cache-'));
    try {
      // Same length, another build id: V8's own check (the source length) would accept it.
      const src = fs.readFileSync(path.join(ROOT, 'dist/bundle/nta-top.cjs'), 'utf8');
      const other = src.replace(/^\/\/ nta-top build ([0-9a-f]{32})/, (_m, id: string) => `// nta-top build ${id.replace(/./g, (c) => (c === '0' ? '1' : '0'))}`);
      expect(other.length).toBe(src.length);
      expect(other).not.toBe(src);
      fs.writeFileSync(path.join(dir, 'nta-top.cjs'), other);
      fs.copyFileSync(path.join(ROOT, 'dist/bundle/nta-top.cjs.v8cache'), path.join(dir, 'nta-top.cjs.v8cache'));
      const out = nodeCjs(shebangFlags(), `
        const { loadBundle } = require('./bin/bundle-loader.cjs');
        const a = loadBundle({ bundle: ${JSON.stringify(path.join(dir, 'nta-top.cjs'))} });
        const b = loadBundle({ cacheFile: ${JSON.stringify(path.join(dir, 'missing.v8cache'))} });
        console.log(a.cache, typeof a.exports.run, b.cache, typeof b.exports.run);
      `);
      expect(out).toBe('stale function none function');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what a headless report starts', () => {
  /** The builtin modules node loaded for `bin/nta-top ARGS` (process.moduleLoadList at exit). */
  function builtinsLoaded(args: string[]): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nta-builtins-'));
    try {
      const list = path.join(dir, 'list');
      const preload = path.join(dir, 'preload.cjs');
      // A report ends by the binding's exitNow (_exit: no 'exit' event), so the list is written
      // there too; `exitNow` in it says which way the process ended.
      fs.writeFileSync(
        preload,
        `const dump = (how) => require('fs').writeFileSync(${JSON.stringify(list)}, [how, ...process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13))].join('\\n'));
         const b = require(${JSON.stringify(path.join(ROOT, 'build/Release/nta_pcap.node'))});
         const exitNow = b.exitNow;
         b.exitNow = (code) => { dump('exitNow'); exitNow(code); };
         process.on('exit', () => dump('exit'));`,
      );
      const r = spawnSync(process.execPath, [...shebangFlags(), '-r', preload, path.join(ROOT, 'bin/nta-top'), ...args], { cwd: ROOT, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return fs.readFileSync(list, 'utf8').split('\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('bin/nta-top is a CommonJS script: no ES module loader for the launcher itself', () => {
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'bin/package.json'), 'utf8')).type).toBe('commonjs');
    const launcher = fs.readFileSync(path.join(ROOT, 'bin/nta-top'), 'utf8');
    expect(launcher).not.toMatch(/^\s*import\s/m);
    expect(launcher).not.toMatch(/\bawait\b/);
  });

  it('a report run under --cpu-prof ends the ordinary way, so that Node writes the profile', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nta-prof-'));
    try {
      const args = [...shebangFlags(), '--cpu-prof', '--cpu-prof-dir', dir, path.join(ROOT, 'bin/nta-top'), '-r', 'fixtures/zeek-5-pings.pcap', '--report', 'json'];
      const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).packets).toBe(10); // 5 pings, 5 replies
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bin/nta-top starts without NODE_EXTRA_CA_CERTS (no TLS here; Node would parse that file first)', () => {
    // Node warns on stderr when the file cannot be loaded: the warning shows whether it tried.
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: '/nonexistent/nta-top-test-ca.pem' };
    const plain = spawnSync(process.execPath, ['-e', '0'], { env, encoding: 'utf8' });
    expect(plain.stderr).toContain('extra certs');
    const r = spawnSync(path.join(ROOT, 'bin/nta-top'), ['--version'], { env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a JSON report loads neither child_process (commander\'s, made lazy) nor tty (chalk\'s, text reports only)', () => {
    const json = builtinsLoaded(['-r', 'fixtures/zeek-5-pings.pcap', '--report', 'json']);
    expect(json[0]).toBe('exitNow'); // ended by _exit once written, not by Node's teardown
    expect(json).toContain('fs');
    expect(json).not.toContain('child_process');
    expect(json).not.toContain('tty');
    // and the text report still has its colours' module
    expect(builtinsLoaded(['-r', 'fixtures/zeek-5-pings.pcap', '--report', 'text'])).toContain('tty');
  });
});
