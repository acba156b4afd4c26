#!/usr/bin/env node
// Small helpers for bench/run.sh, so the shell script needs no jq:
//   lib.mjs put FILE KEY VALUE [KEY VALUE...]   set flat keys in a JSON object file (numbers stay
//                                               numbers, JSON objects/arrays are parsed)
//   lib.mjs merge FILE OTHER.json               copy OTHER's keys into FILE
//   lib.mjs get FILE KEY                        print one value ('' when absent)
//   lib.mjs median N...                         print the median of the numbers
//   lib.mjs json-get JSONFILE PATH              print a value from any JSON file (dot path)
//   lib.mjs hyperfine FILE PREFIX HYPERFINE.json  put PREFIX.median_s, .min_s, .max_s, .mean_s, .runs, .user_s, .system_s
//   lib.mjs tcpreplay FILE PREFIX LOG           put PREFIX.sent, .sent_seconds, .sent_pps from tcpreplay's output
import fs from 'node:fs';

const [cmd, ...a] = process.argv.slice(2);

function load(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}
function save(file, o) {
  fs.writeFileSync(file + '.tmp', JSON.stringify(o, null, 1) + '\n');
  fs.renameSync(file + '.tmp', file);
}
function value(v) {
  if (/^[[{]/.test(v)) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v !== '' && /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v) ? Number(v) : v;
}
export function median(xs) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

switch (cmd) {
  case 'put': {
    const [file, ...kv] = a;
    const o = load(file);
    for (let i = 0; i + 1 < kv.length; i += 2) o[kv[i]] = value(kv[i + 1]);
    save(file, o);
    break;
  }
  case 'merge': {
    const o = load(a[0]);
    Object.assign(o, load(a[1]));
    save(a[0], o);
    break;
  }
  case 'get': {
    const v = load(a[0])[a[1]];
    process.stdout.write(v === undefined ? '' : String(v));
    break;
  }
  case 'median':
    process.stdout.write(String(median(a.map(Number))));
    break;
  case 'json-get': {
    let v = load(a[0]);
    for (const k of a[1].split('.')) v = v == null ? undefined : v[k];
    process.stdout.write(v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    break;
  }
  case 'hyperfine': {
    const [file, prefix, hf] = a;
    const r = load(hf).results?.[0];
    if (!r) break;
    const o = load(file);
    o[`${prefix}.median_s`] = r.median;
    o[`${prefix}.min_s`] = r.min;
    o[`${prefix}.max_s`] = r.max;
    o[`${prefix}.mean_s`] = r.mean;
    o[`${prefix}.runs`] = r.times.length;
    o[`${prefix}.user_s`] = r.user;
    o[`${prefix}.system_s`] = r.system;
    save(file, o);
    break;
  }
  case 'tcpreplay': {
    // "Actual: 1000000 packets (414000000 bytes) sent in 2.46 seconds"; "Rated: ... 406504.06 pps"
    const [file, prefix, log] = a;
    const t = fs.readFileSync(log, 'utf8');
    const act = /Actual: (\d+) packets \((\d+) bytes\) sent in ([\d.]+) seconds/.exec(t);
    const rated = /Rated: [\d.]+ Bps, [\d.]+ Mbps, ([\d.]+) pps/.exec(t);
    const failed = /Failed packets:\s+(\d+)/.exec(t);
    const o = load(file);
    if (act) {
      o[`${prefix}.sent`] = Number(act[1]);
      o[`${prefix}.sent_seconds`] = Number(act[3]);
    }
    if (rated) o[`${prefix}.sent_pps`] = Number(rated[1]);
    if (failed) o[`${prefix}.send_failed`] = Number(failed[1]);
    save(file, o);
    break;
  }
  default:
    process.stderr.write('lib.mjs: unknown command (see the header)\n');
    process.exit(2);
}
