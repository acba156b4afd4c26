#!/usr/bin/env node
// Where the time goes: summarises a V8 .cpuprofile (node --cpu-prof) by self time.
//
//   node bench/profile.mjs PROFILE.cpuprofile [TOP]   → one JSON line:
//     {totalMs, functions: [{name, where, selfMs, pct}], files: [{file, selfMs, pct}]}
//
// `where` is the dist/ file and line (1-based) relative to the repository; source maps are not
// applied, but dist/ keeps the shape of src/ (one .js per .ts, same function names).
import fs from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 15);
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
for (let i = 0; i < prof.samples.length; i++) {
  const id = prof.samples[i];
  self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
}
const short = (url) => {
  if (!url) return '';
  const m = /\/(dist|bench|node_modules)\/(.*)$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : url.replace(/^file:\/\//, '');
};
const fn = new Map();
const files = new Map();
let total = 0;
for (const [id, us] of self) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const name = cf.functionName || (cf.url ? '(anonymous)' : cf.functionName || '(native)');
  const label = cf.url ? name : `${name}`;
  const where = cf.url ? `${short(cf.url)}:${cf.lineNumber + 1}` : '';
  const key = `${label}\u0000${where}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  const f = cf.url ? short(cf.url) : label;
  files.set(f, (files.get(f) ?? 0) + us);
  total += us;
}
const pct = (us) => Math.round((1000 * us) / total) / 10;
const functions = [...fn]
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)
  .map(([k, us]) => {
    const [name, where] = k.split('\u0000');
    return { name, where, selfMs: Math.round(us / 100) / 10, pct: pct(us) };
  });
const fileRows = [...files]
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)
  .map(([f, us]) => ({ file: f, selfMs: Math.round(us / 100) / 10, pct: pct(us) }));
process.stdout.write(JSON.stringify({ totalMs: Math.round(total / 1000), functions, files: fileRows }) + '\n');
