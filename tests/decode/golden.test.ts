/**
 * Golden test: every fixture → one line per packet (golden-line.ts), compared with the committed
 * tests/decode/golden/<fixture>.txt. Regenerate after a deliberate change with
 * `UPDATE_GOLDEN=1 npx vitest run tests/decode/golden.test.ts`, then read the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCapture } from '../../src/capture/pcap.js';
import { FIXTURES_DIR, GOLDEN_DIR, fixtureNames, oraclePath } from './fixtures.js';
import { goldenLine } from './golden-line.js';
import { readOracleFile } from './oracle-compare.js';

const update = process.env.UPDATE_GOLDEN === '1';

describe('golden decode lines', () => {
  it('has the fixtures the decoder promises to cover', () => {
    expect(fixtureNames().length).toBeGreaterThanOrEqual(45);
  });

  for (const name of fixtureNames()) {
    it(name, () => {
      const cap = loadCapture(path.join(FIXTURES_DIR, name));
      expect(cap.error).toBe('');
      // The file's packet count as tshark read it.
      expect(cap.frames.length).toBe(readOracleFile(name, oraclePath(name)).packets);
      const text = cap.frames.map((f, i) => goldenLine(i + 1, f)).join('\n') + '\n';
      const file = path.join(GOLDEN_DIR, `${name}.txt`);
      if (update || !existsSync(file)) {
        writeFileSync(file, text);
        if (!update) throw new Error(`wrote missing golden file ${file}; read it, then re-run`);
      }
      expect(text).toBe(readFileSync(file, 'utf8'));
    });
  }
});
