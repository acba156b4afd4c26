#!/usr/bin/env node
// Bundles the compiled program (dist/main.js and everything it imports, commander and chalk
// included) into one CommonJS file, dist/bundle/nta-top.cjs, and writes its V8 code cache,
// dist/bundle/nta-top.cjs.v8cache; bin/nta-top loads both through bin/bundle-loader.cjs. Run by
// `npm run build` after tsc.
//
// Why one file: Node loads an ES module graph file by file (resolve, stat, open, read, compile,
// link), about 70 files for nta-top; one file saves 20-35 ms of start-up, which is the first
// frame's budget and a tenth of a whole `-r FILE --report json` run (bench/run.sh measures both).
// Why CommonJS: an ES module that imports node's builtins makes Node build a facade of each,
// copying every export (fs's lazy stream classes included), and only a classic script can be
// compiled from a code cache (vm.Script cachedData): together about 20 ms of the start.
// blessed and blessed-contrib stay outside: they read their terminfo and widget files relative
// to their own directories. The bundle sits two levels below the repository, as
// dist/capture/pcap.js does, so the native binding is found at ../../build/Release from either.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nodeFlags } from './node-flags.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = 'dist/bundle/nta-top.cjs';
// A new id for every build: the code cache is only ever used with the bundle it was made from.
const id = randomBytes(16).toString('hex');

// commander requires node:child_process at load (only to run subcommand executables, which
// nta-top has none of), and child_process brings net, stream, dgram and more: ~10 ms of every
// start. Inside commander it is a stand-in that requires the real module at its first use.
const LAZY_CHILD_PROCESS = `let m = null;
const real = () => (m ??= require('node:child_process'));
module.exports = new Proxy({}, { get: (_, k) => real()[k], has: (_, k) => k in real() });`;
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'nta-lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'nta-lazy' }, () => ({ contents: LAZY_CHILD_PROCESS, loader: 'js' }));
  },
};

rmSync(`${root}/dist/bundle`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['dist/main.js'],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['blessed', 'blessed-contrib'],
  // dist/ is ESM: its import.meta.url becomes the bundle's own file URL.
  define: { 'import.meta.url': 'ntaModuleUrl' },
  banner: { js: `// nta-top build ${id}\nconst ntaModuleUrl = require('node:url').pathToFileURL(__filename).href;` },
  // Maps to src/ through tsc's maps; read only with node --enable-source-maps.
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [lazyChildProcess],
});

// bin/bundle-loader.cjs reads the bundle as latin1, a one-byte string with no UTF-8 decoding
// (several ms of every start): that is only the same text when every byte is
// ASCII. esbuild escapes non-ASCII characters in strings and identifiers, and tsc drops the
// comments (tsconfig removeComments); a regular expression or anything else that keeps one
// fails the build here rather than showing mangled text at run time.
{
  const out = readFileSync(`${root}/${outfile}`);
  const at = out.findIndex((b) => b > 0x7f);
  if (at >= 0) {
    const line = out.subarray(0, at).toString('latin1').split('\n').length;
    process.stderr.write(`bundle: ${outfile} line ${line} has a non-ASCII character; write it as a \\u escape in src/\n`);
    rmSync(`${root}/dist/bundle`, { recursive: true, force: true });
    process.exit(1);
  }
}

// The code cache, made by a short run under bin/nta-top's own node flags (V8 refuses a cache
// made under other flags). Without one nta-top still runs, only compiles the bundle at start.
const flags = nodeFlags();
const r = spawnSync(process.execPath, [...flags, `${root}/scripts/code-cache.mjs`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
if (r.status !== 0) {
  process.stderr.write(`bundle: no code cache written (nta-top will compile at start): ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}\n`);
}
