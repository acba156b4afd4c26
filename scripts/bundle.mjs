#!/usr/bin/env node
// Bundles the compiled program (dist/main.js and everything it imports, commander and chalk
// included) into one ES module, dist/bundle/nta-top.js, which bin/nta-top loads. Run by
// `npm run build` after tsc.
//
// Why: Node loads an ES module graph file by file (resolve, stat, open, read, compile, link), about
// 70 files for nta-top; one file saves 20-35 ms of start-up, which is the first frame's budget and
// a tenth of a whole `-r FILE --report json` run (bench/run.sh measures both). blessed and
// blessed-contrib stay outside: they read their terminfo and widget files relative to their own
// directories. The bundle sits two levels below the repository, as dist/capture/pcap.js does, so
// the native binding is found at ../../build/Release from either.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['dist/main.js'],
  outfile: 'dist/bundle/nta-top.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['blessed', 'blessed-contrib'],
  // CommonJS dependencies (commander) call require(): give the bundle one.
  banner: { js: "import { createRequire as ntaCreateRequire } from 'node:module';\nconst require = ntaCreateRequire(import.meta.url);" },
  // Maps to src/ through tsc's maps; read only with node --enable-source-maps.
  sourcemap: 'linked',
  logLevel: 'warning',
});
