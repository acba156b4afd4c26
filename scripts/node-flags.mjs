// The node flags bin/nta-top runs with, read from its shebang (`#!/usr/bin/env -S … node FLAGS`):
// scripts/bundle.mjs makes the code cache under them (V8 refuses a cache made under other flags),
// and bench scripts run node as bin/nta-top does or say so. bench/run.sh, a shell script, reads the
// same line with sed (NF).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The flags as an array, e.g. ['--max-semi-space-size=2', …]; [] when the shebang has none. */
export function nodeFlags() {
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'nta-top');
  const shebang = readFileSync(bin, 'latin1').split('\n', 1)[0];
  return (/\snode\s+(.*)$/.exec(shebang)?.[1] ?? '').split(/\s+/).filter(Boolean);
}
