/**
 * Pure text formatting for the dashboard: human units, clock columns, width fitting and
 * sanitising of strings that came off the wire. No blessed here, so every rule is unit-tested.
 */

const IEC_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
const SI_PREFIX = ['', 'k', 'M', 'G', 'T', 'P'] as const;

/** One decimal below 100, none above: "1.5", "12.3", "123". */
function scaled(v: number): string {
  return v < 99.95 ? v.toFixed(1) : v.toFixed(0);
}

/** Splits a non-negative value into (value, prefix index) with `base` steps once it reaches 1000. */
function split(n: number, base: number): [number, number] {
  let v = Number.isFinite(n) && n > 0 ? n : 0;
  let i = 0;
  while (v >= 999.95 && i < SI_PREFIX.length - 1) {
    v /= base;
    i++;
  }
  return [v, i];
}

/** Bytes in IEC units: "0 B", "999 B", "1.5 KiB", "12.3 MiB", "123 GiB" (at most 8 characters). */
export function formatBytes(bytes: number): string {
  const [v, i] = split(bytes, 1024);
  return i === 0 ? `${Math.round(v)} B` : `${scaled(v)} ${IEC_UNITS[i]}`;
}

/**
 * "used/budget unit" with both in the budget's IEC unit: "2.4/64.0 MiB", "512/1024 B".
 * For the ring's fill, where two units side by side would be harder to compare.
 */
export function formatBytesOf(used: number, budget: number): string {
  const [vb, i] = split(budget, 1024);
  const vu = (Number.isFinite(used) && used > 0 ? used : 0) / 1024 ** i;
  return i === 0 ? `${Math.round(vu)}/${Math.round(vb)} B` : `${scaled(vu)}/${scaled(vb)} ${IEC_UNITS[i]}`;
}

/** Bits per second in SI units: "0 bit/s", "950 bit/s", "1.2 kbit/s", "3.4 Mbit/s". */
export function formatBitsPerSec(bitsPerSec: number): string {
  const [v, i] = split(bitsPerSec, 1000);
  return i === 0 ? `${Math.round(v)} bit/s` : `${scaled(v)} ${SI_PREFIX[i]}bit/s`;
}

/** Packets per second in SI units: "0 pps", "950 pps", "1.2 kpps", "3.4 Mpps". */
export function formatPps(pps: number): string {
  const [v, i] = split(pps, 1000);
  return i === 0 ? `${Math.round(v)} pps` : `${scaled(v)} ${SI_PREFIX[i]}pps`;
}

/** A count in at most 6 characters: exact below 10 000, then "12.3k", "123k", "1.2M". */
export function formatCount(n: number): string {
  const c = Number.isFinite(n) && n > 0 ? Math.round(n) : 0;
  if (c < 10_000) return String(c);
  const [v, i] = split(c, 1000);
  return `${scaled(v)}${SI_PREFIX[i]}`;
}

/** A 0..1 fraction as a percentage with one decimal: "62.3%", "100.0%"; non-finite → "0.0%". */
export function formatPercent(fraction: number): string {
  const f = Number.isFinite(fraction) ? Math.min(Math.max(fraction, 0), 1) : 0;
  return `${(f * 100).toFixed(1)}%`;
}

/** CPU use in percent of one core: "0.4%", "12%", "180%" (several threads); non-finite or < 0 → "0.0%". */
export function formatCpu(percent: number): string {
  const p = Number.isFinite(percent) && percent > 0 ? percent : 0;
  return p < 9.95 ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Packet time as local HH:MM:SS.mmm (12 characters); "--:--:--.---" when the timestamp is not a
 * finite number. `tsNsec` is clamped to 0..999 999 999 (damaged files carry anything).
 */
export function formatClock(tsSec: number, tsNsec: number): string {
  if (!Number.isFinite(tsSec) || !Number.isFinite(tsNsec)) return '--:--:--.---';
  const ms = Math.min(Math.max(Math.floor(tsNsec / 1e6), 0), 999);
  const d = new Date(tsSec * 1000);
  if (Number.isNaN(d.getTime())) return '--:--:--.---';
  const mmm = ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : String(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${mmm}`;
}

/** Elapsed seconds as "MM:SS", "H:MM:SS" from one hour, "Nd HH:MM:SS" from one day. */
export function formatDuration(sec: number): string {
  const s = Number.isFinite(sec) && sec > 0 ? Math.floor(sec) : 0;
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  if (d > 0) return `${d}d ${pad2(h)}:${pad2(m)}:${pad2(ss)}`;
  if (h > 0) return `${h}:${pad2(m)}:${pad2(ss)}`;
  return `${pad2(m)}:${pad2(ss)}`;
}

/** ASCII stand-ins for the few non-ASCII characters tshark-style info strings use. */
const ASCII_FOR: Readonly<Record<string, string>> = { '→': '>', '←': '<', '↔': '<>', '…': '...' };

/**
 * Makes a string safe to put on the terminal as one line: control characters (C0, DEL, C1) and
 * lone surrogates become '?', and in ASCII mode so does everything above '~'. Wire data (DNS names,
 * file paths) must never move the cursor or switch charsets.
 */
export function sanitize(s: string, ascii: boolean): string {
  if (ascii) s = s.replace(/[\u2192\u2190\u2194\u2026]/g, (c) => ASCII_FOR[c] ?? '?');
  let out = '';
  let clean = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (ascii && c > 0x7e) || (c >= 0xd800 && c < 0xe000)) {
      clean = false;
      break;
    }
  }
  if (clean) return s;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const bad = c < 0x20 || (c >= 0x7f && c < 0xa0) || (ascii && c > 0x7e) || (c >= 0xd800 && c < 0xe000);
    // One column per character: without blessed's fullUnicode a wide or astral character would
    // shift the rest of the row, so anything outside the BMP becomes '?' too.
    out += bad || c > 0xffff ? '?' : ch;
  }
  return out;
}

/**
 * Cuts `s` to at most `width` columns; a cut string ends in the ellipsis ('…', or '~' in ASCII
 * mode) so the reader knows something is missing. Assumes one column per UTF-16 unit (sanitised).
 */
export function truncate(s: string, width: number, ascii: boolean): string {
  if (width <= 0) return '';
  if (s.length <= width) return s;
  if (width === 1) return ascii ? '~' : '…';
  return s.slice(0, width - 1) + (ascii ? '~' : '…');
}

/** Left-aligned, cut and padded to exactly `width` columns. */
export function padRight(s: string, width: number, ascii: boolean): string {
  const t = truncate(s, width, ascii);
  return t.length < width ? t + ' '.repeat(width - t.length) : t;
}

/** Right-aligned, cut and padded to exactly `width` columns. */
export function padLeft(s: string, width: number, ascii: boolean): string {
  const t = truncate(s, width, ascii);
  return t.length < width ? ' '.repeat(width - t.length) + t : t;
}
