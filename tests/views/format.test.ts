import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatBitsPerSec,
  formatBytes,
  formatBytesOf,
  formatClock,
  formatCount,
  formatDuration,
  formatPercent,
  formatPps,
  padLeft,
  padRight,
  sanitize,
  truncate,
} from '../../src/views/format.js';

describe('units', () => {
  it('bytes in IEC units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.0 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(12.3 * 1024 * 1024)).toBe('12.3 MiB');
    expect(formatBytes(123 * 1024 * 1024)).toBe('123 MiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB');
    expect(formatBytes(NaN)).toBe('0 B');
    expect(formatBytes(-5)).toBe('0 B');
  });
  it('bits per second in SI units', () => {
    expect(formatBitsPerSec(0)).toBe('0 bit/s');
    expect(formatBitsPerSec(950)).toBe('950 bit/s');
    expect(formatBitsPerSec(1200)).toBe('1.2 kbit/s');
    expect(formatBitsPerSec(3_400_000)).toBe('3.4 Mbit/s');
    expect(formatBitsPerSec(123_456_789)).toBe('123 Mbit/s');
    expect(formatBitsPerSec(10e9)).toBe('10.0 Gbit/s');
  });
  it('packets per second and counts', () => {
    expect(formatPps(0)).toBe('0 pps');
    expect(formatPps(999)).toBe('999 pps');
    expect(formatPps(1200)).toBe('1.2 kpps');
    expect(formatPps(3_450_000)).toBe('3.5 Mpps');
    expect(formatCount(9999)).toBe('9999');
    expect(formatCount(12_345)).toBe('12.3k');
    expect(formatCount(123_456)).toBe('123k');
    expect(formatCount(1_234_567)).toBe('1.2M');
  });
  it('percentages and used/budget pairs', () => {
    expect(formatPercent(0.623)).toBe('62.3%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(NaN)).toBe('0.0%');
    expect(formatBytesOf(2.4 * 1024 * 1024, 64 * 1024 * 1024)).toBe('2.4/64.0 MiB');
    expect(formatBytesOf(512, 1000)).toBe('0.5/1.0 KiB');
    expect(formatBytesOf(512, 900)).toBe('512/900 B');
  });
});

describe('time columns', () => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'UTC';
  });
  afterAll(() => {
    process.env.TZ = saved;
  });
  it('formats packet time as local HH:MM:SS.mmm', () => {
    expect(formatClock(1709296496, 7_000_000)).toBe('12:34:56.007');
    expect(formatClock(1709296496, 999_999_999)).toBe('12:34:56.999');
    expect(formatClock(0, 0)).toBe('00:00:00.000');
    expect(formatClock(1709296496, 5e9)).toBe('12:34:56.999'); // damaged nsec clamped
    expect(formatClock(NaN, 0)).toBe('--:--:--.---');
  });
  it('uses the local time zone', () => {
    process.env.TZ = 'Asia/Kolkata'; // UTC+05:30
    expect(formatClock(1709296496, 0)).toBe('18:04:56.000');
    process.env.TZ = 'UTC';
  });
  it('formats elapsed time', () => {
    expect(formatDuration(5)).toBe('00:05');
    expect(formatDuration(754)).toBe('12:34');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(90061)).toBe('1d 01:01:01');
  });
});

describe('fitting to width', () => {
  it('truncates with an ellipsis, ASCII "~" under LANG=C', () => {
    expect(truncate('2001:db8:85a3::8a2e:370:7334', 10, false)).toBe('2001:db8:…');
    expect(truncate('2001:db8:85a3::8a2e:370:7334', 10, true)).toBe('2001:db8:~');
    expect(truncate('abc', 3, false)).toBe('abc');
    expect(truncate('abc', 0, false)).toBe('');
    expect(truncate('abc', 1, true)).toBe('~');
  });
  it('pads to exactly the width', () => {
    expect(padRight('ab', 5, true)).toBe('ab   ');
    expect(padLeft('ab', 5, true)).toBe('   ab');
    expect(padLeft('abcdefgh', 5, true)).toBe('abcd~');
  });
  it('sanitises wire strings', () => {
    expect(sanitize('a\x1b[2Jb\x07', false)).toBe('a?[2Jb?');
    expect(sanitize('49152 → 443', true)).toBe('49152 > 443');
    expect(sanitize('müller', true)).toBe('m?ller');
    expect(sanitize('müller', false)).toBe('müller');
    expect(sanitize('x😀y', false)).toBe('x?y');
    expect(sanitize('plain', true)).toBe('plain');
  });
});
