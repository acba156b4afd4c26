'use strict';
// Loads dist/bundle/nta-top.cjs, the whole program in one CommonJS file (scripts/bundle.mjs), with
// V8's code cache: dist/bundle/nta-top.cjs.v8cache holds the bytecode of the functions a short
// run compiled, written at build time by scripts/bundle.mjs through produceCodeCache() below.
// With it Node deserializes that bytecode instead of parsing and compiling the 530 KB bundle at
// every start (about 20 ms of a ~200 ms `-r FILE --report json` start on the bench machine, and
// as much before the dashboard's first frame).
//
// The cache file is the 32 hex digits of the bundle's build id (its first line, a random token
// scripts/bundle.mjs writes), a newline, then V8's data. A cache of another build is never used:
// V8 itself checks only the source's length, so a same-length rebuild could otherwise run stale
// bytecode. A missing, unreadable, stale or rejected cache (another node or V8 flags) costs the
// compile and nothing else. Plain CommonJS on purpose: bin/nta-top requires it, and importing
// node's builtins from an ES module makes Node copy every export of each (fs alone pulls in its
// stream classes), which is start-up time too.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');

const BUNDLE = path.join(__dirname, '..', 'dist', 'bundle', 'nta-top.cjs');
const ID_LINE = /^\/\/ nta-top build ([0-9a-f]{32})\n/;

/** The build id of bundle source `src` (its first line), or null. */
function buildId(src) {
  const m = ID_LINE.exec(src.slice(0, 64));
  return m ? m[1] : null;
}

/**
 * Compiles and runs the bundle. Returns { exports, cache, script, id }: the bundle's exports
 * ({ run }), what became of the cache ('used', 'none' when there is no usable file, 'stale' for
 * another build's, 'rejected' when V8 refused it), and the compiled script (produceCodeCache).
 * Throws ENOENT when the bundle has not been built, and whatever the bundle's own top level throws.
 */
function loadBundle(opts = {}) {
  const file = opts.bundle || BUNDLE;
  const cacheFile = opts.cacheFile || file + '.v8cache';
  // latin1: the bundle is ASCII (scripts/bundle.mjs refuses to write one that is not), so this is
  // its text, as a one-byte string, without decoding UTF-8 (several ms of every start).
  const src = fs.readFileSync(file, 'latin1');
  const id = buildId(src);
  let cachedData;
  let cache = 'none';
  if (opts.useCache !== false && id !== null) {
    try {
      const raw = fs.readFileSync(cacheFile);
      if (raw.length > 33 && raw.toString('latin1', 0, 33) === id + '\n') cachedData = raw.subarray(33);
      else cache = 'stale';
    } catch {
      cache = 'none';
    }
  }
  const wrapper = '(function (exports, require, module, __filename, __dirname) {' + src + '\n})';
  const script = new vm.Script(wrapper, { filename: file, cachedData });
  if (cachedData !== undefined) cache = script.cachedDataRejected ? 'rejected' : 'used';
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, path.dirname(file));
  return { exports: mod.exports, cache, script, id };
}

/**
 * Writes the code cache of a loaded bundle (after the run whose compiled functions it should
 * hold) to `cacheFile`, through a temporary file renamed over it. Returns the bytes written.
 * Throws on a bundle without a build id and on write errors.
 */
function produceCodeCache(loaded, cacheFile) {
  if (loaded.id === null) throw new Error('the bundle has no build id line');
  const data = loaded.script.createCachedData();
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([Buffer.from(loaded.id + '\n', 'latin1'), data]), { mode: 0o644 });
  fs.renameSync(tmp, cacheFile);
  return data.length + 33;
}

module.exports = { BUNDLE, buildId, loadBundle, produceCodeCache };
