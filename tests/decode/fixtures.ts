/**
 * Decoder fixtures (../../fixtures, provenance in fixtures/README.md) and where their tshark oracle
 * lives. Not a test file itself.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_DIR } from './oracle-compare.js';

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');
export const GOLDEN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'golden');

/** Every capture file in fixtures/, sorted. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.pcap') || f.endsWith('.pcapng'))
    .sort();
}

/** Oracle JSON path of a fixture: the corpus oracle for copies, fixtures/oracle/ for derived files. */
export function oraclePath(name: string): string {
  const local = path.join(FIXTURES_DIR, 'oracle', `${name}.json`);
  return existsSync(local) ? local : `${CORPUS_DIR}/oracle/${name}.json`;
}
