// The node flags bin/nta-top runs with, read from its shebang (`#!/usr/bin/env -S … node FLAGS`),
// for bench scripts that run node as bin/nta-top does or say so. bench/run.sh reads the same line
// with sed (NF); scripts/bundle.mjs too, for the code cache.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The flags as an array, e.g. ['--max-semi-space-size=2', …]; [] when the shebang has none. */
export function nodeFlags() {
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'nta-top');
  const shebang = readFileSync(bin, 'latin1').split('\n', 1)[0];
  return (/\snode\s+(.*)$/.exec(shebang)?.[1] ?? '').split(/\s+/).filter(Boolean);
}
