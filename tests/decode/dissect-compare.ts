/**
 * Helpers comparing dissect() with tshark's tree for the frames of dissect-frames.json
 * (golden/dissect-tshark.json, made by make-dissect-oracle.py). Not a test file itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame } from '../../src/capture/frame.js';
import { loadCapture } from '../../src/capture/pcap.js';
import { FIXTURES_DIR } from './fixtures.js';
import { CORPUS_DIR } from './oracle-compare.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** tshark's view of one frame: protocol names (no geninfo/frame) and [field, pos, size] triples. */
export interface TsharkTree {
  protocols: string[];
  fields: [string, number, number][];
}

/** The frames dissect.test.ts looks at: [capture name, frame numbers] (1-based). */
export const DISSECT_FRAMES = JSON.parse(readFileSync(path.join(HERE, 'dissect-frames.json'), 'utf8')) as [string, number[]][];

/** tshark 4.0.17's trees for DISSECT_FRAMES, keyed by capture then frame number. */
export const TSHARK_TREES = (
  JSON.parse(readFileSync(path.join(HERE, 'golden', 'dissect-tshark.json'), 'utf8')) as { files: Record<string, Record<string, TsharkTree>> }
).files;

/** Loads a capture from the corpus, or from fixtures/ for the derived files. */
export function loadNamed(name: string): Frame[] {
  const corpus = path.join(CORPUS_DIR, 'captures', name);
  return loadCapture(existsSync(corpus) ? corpus : path.join(FIXTURES_DIR, name)).frames;
}
