/**
 * The counter tables behind talkers, conversations and per-second buckets: an open-addressing
 * hash over fixed-width integer keys with row-major Float64 counters, so a lookup on the
 * per-packet path makes no strings or objects. Plus `selectTop`, the bounded-heap top-N used
 * when a snapshot is taken.
 */

/** Options of {@link KeyedTable}. */
export interface KeyedTableOptions {
  /** int32 words per key (e.g. 5 for family + 128-bit address). */
  keyWords: number;
  /** Float64 counter columns per entry. */
  columns: number;
  /** Most entries kept (≥ 2). */
  maxEntries: number;
  /** Entries allocated at first; the arrays double from here up to maxEntries. Default 1,024. */
  initialEntries?: number;
  /** Column whose smallest values are evicted first. */
  evictColumn: number;
  /** Column that breaks ties of evictColumn (smallest first); ties after it: oldest entry first. */
  evictTieColumn: number;
  /** Value each column of a new entry starts with (index = column); default 0 for all. */
  columnInit?: readonly number[];
}

/**
 * A hash table of fixed-width int32 keys → a dense entry index 0..size-1, with `columns` Float64
 * counters per entry (`data[entry × columns + c]`) and an optional cached label (e.g. the address
 * string made by a snapshot) that moves with its entry.
 *
 * Layout: keys and counters live in typed arrays indexed by the dense entry number, an entry's
 * counters side by side (one or two cache lines per update on large tables); the hash index
 * (linear probing, load ≤ 1/2, randomly seeded so chosen keys cannot force collisions) maps a key
 * to its entry. The caller writes the key to look up into `lk`, then calls `find` or
 * `findOrInsert`. Entry numbers stay valid until the next eviction (`generation` changes then).
 *
 * Bound and **eviction rule**: at most `maxEntries` entries. When the table is full and a new key
 * must be added, the ⌊n/2⌋ entries with the smallest `evictColumn` value are dropped (ties: the
 * smaller `evictTieColumn`, then the older entry), and counted in `evicted`. Growth (doubling from
 * `initialEntries`) and eviction cost O(n) and O(n log n) (native numeric sorts) once per n/2
 * insertions, amortised O(log n) per insertion; lookups of existing keys allocate nothing.
 */
export class KeyedTable<L = string> {
  readonly keyWords: number;
  readonly columnCount: number;
  readonly maxEntries: number;
  /** Entries held. */
  size = 0;
  /** Entries dropped by eviction so far. */
  evicted = 0;
  /** Changes whenever entries are renumbered (eviction, clear). */
  generation = 0;
  /** The key to look up: write `keyWords` words, then call find/findOrInsert. */
  readonly lk: Int32Array;
  /**
   * Counters, row-major: column c of entry t is data[t × columnCount + c]. Replaced when the table
   * grows: re-read after findOrInsert.
   */
  data = new Float64Array(0);
  /** Keys, `keyWords` words per entry. */
  keys = new Int32Array(0);
  /** Per-entry cached label (e.g. address text), undefined until set. */
  labels: (L | undefined)[] = [];
  private readonly evictColumn: number;
  private readonly evictTieColumn: number;
  private readonly initialEntries: number;
  private readonly columnInit: Float64Array;
  private capacity = 0;
  private index = new Int32Array(0);
  private mask = 0;
  /** Hash state after the random seed (see hashWords). */
  private readonly h0: number;

  constructor(o: KeyedTableOptions) {
    this.keyWords = o.keyWords;
    this.columnCount = o.columns;
    this.maxEntries = Math.max(2, Math.floor(o.maxEntries));
    this.initialEntries = Math.max(2, Math.min(this.maxEntries, Math.floor(o.initialEntries ?? 1024)));
    this.evictColumn = o.evictColumn;
    this.evictTieColumn = o.evictTieColumn;
    this.lk = new Int32Array(o.keyWords);
    this.columnInit = new Float64Array(o.columns);
    if (o.columnInit) for (let c = 0; c < o.columns; c++) this.columnInit[c] = o.columnInit[c] ?? 0;
    const seed = (Math.random() * 0x100000000) >>> 0;
    this.h0 = Math.imul(seed ^ 0x27d4eb2f, 0x9e3779b1);
    this.alloc(this.initialEntries);
  }

  /** Forgets every entry and the eviction count; shrinks back to the initial size. */
  clear(): void {
    this.size = 0;
    this.evicted = 0;
    this.generation++;
    this.alloc(this.initialEntries);
  }

  /** Entry holding key `lk`, or -1. */
  find(): number {
    const kw = this.keyWords;
    const keys = this.keys;
    const lk = this.lk;
    const index = this.index;
    const mask = this.mask;
    let slot = hashWords(this.h0, lk, 0, kw) & mask;
    for (;;) {
      const t = index[slot];
      if (t < 0) return -1;
      const base = t * kw;
      let i = 0;
      while (i < kw && keys[base + i] === lk[i]) i++;
      if (i === kw) return t;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Entry holding key `lk`, added with its columns at `columnInit` (default 0) when absent (after growing or evicting
   * when full; see the class doc). Re-read `data` afterwards: growth replaces the array.
   */
  findOrInsert(): number {
    const kw = this.keyWords;
    const keys = this.keys;
    const lk = this.lk;
    const index = this.index;
    const mask = this.mask;
    let slot = hashWords(this.h0, lk, 0, kw) & mask;
    for (;;) {
      const t = index[slot];
      if (t < 0) return this.insert(slot);
      const base = t * kw;
      let i = 0;
      while (i < kw && keys[base + i] === lk[i]) i++;
      if (i === kw) return t;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * findOrInsert() of the one-word key `k0` (keyWords must be 1), passed as an argument: the
   * per-packet form (`lk` is written only when the key is inserted).
   */
  findOrInsert1(k0: number): number {
    const keys = this.keys;
    const index = this.index;
    const mask = this.mask;
    let slot = hashFinal(hashStep(this.h0, k0)) & mask;
    for (;;) {
      const t = index[slot];
      if (t < 0) {
        this.lk[0] = k0;
        return this.insert(slot);
      }
      if (keys[t] === k0) return t;
      slot = (slot + 1) & mask;
    }
  }

  /** findOrInsert1() of the two-word key (k0, k1) (keyWords must be 2). */
  findOrInsert2(k0: number, k1: number): number {
    const keys = this.keys;
    const index = this.index;
    const mask = this.mask;
    let slot = hashFinal(hashStep(hashStep(this.h0, k0), k1)) & mask;
    for (;;) {
      const t = index[slot];
      if (t < 0) {
        const lk = this.lk;
        lk[0] = k0;
        lk[1] = k1;
        return this.insert(slot);
      }
      if (keys[2 * t] === k0 && keys[2 * t + 1] === k1) return t;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Adds the absent key `lk` at index slot `slot` (where its probe ended) and returns its entry;
   * grows or evicts first when full (the slot is then found again).
   */
  private insert(slot: number): number {
    if (this.size >= this.capacity) {
      if (this.capacity < this.maxEntries) this.grow();
      else this.evict();
      const mask = this.mask;
      slot = hashWords(this.h0, this.lk, 0, this.keyWords) & mask;
      while (this.index[slot] >= 0) slot = (slot + 1) & mask;
    }
    const t = this.size++;
    this.index[slot] = t;
    const kw = this.keyWords;
    const keys = this.keys;
    const lk = this.lk;
    for (let i = 0; i < kw; i++) keys[t * kw + i] = lk[i];
    const nc = this.columnCount;
    const data = this.data;
    const init = this.columnInit;
    for (let c = 0; c < nc; c++) data[t * nc + c] = init[c];
    this.labels[t] = undefined;
    return t;
  }

  private alloc(n: number): void {
    this.capacity = n;
    this.keys = new Int32Array(n * this.keyWords);
    this.data = new Float64Array(n * this.columnCount);
    this.labels = new Array<L | undefined>(n);
    let size = 16;
    while (size < n * 2) size *= 2;
    this.index = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  private grow(): void {
    const n = this.size;
    const keys = this.keys;
    const data = this.data;
    const labels = this.labels;
    this.alloc(Math.min(this.maxEntries, this.capacity * 2));
    this.keys.set(keys.subarray(0, n * this.keyWords));
    this.data.set(data.subarray(0, n * this.columnCount));
    for (let t = 0; t < n; t++) this.labels[t] = labels[t];
    this.rebuildIndex();
  }

  /** Drops the ⌊n/2⌋ entries that rank lowest (class doc), compacting the rest in order. */
  private evict(): void {
    const n = this.size;
    const drop = n >> 1;
    const dead = this.lowest(drop);
    const d = this.data;
    const keys = this.keys;
    const labels = this.labels;
    const nc = this.columnCount;
    const kw = this.keyWords;
    let w = 0;
    for (let t = 0; t < n; t++) {
      if (dead[t] === 1) continue;
      if (w !== t) {
        for (let i = 0; i < kw; i++) keys[w * kw + i] = keys[t * kw + i];
        for (let c = 0; c < nc; c++) d[w * nc + c] = d[t * nc + c];
        labels[w] = labels[t];
      }
      w++;
    }
    for (let t = w; t < n; t++) labels[t] = undefined;
    this.size = w;
    this.evicted += drop;
    this.generation++;
    this.rebuildIndex();
  }

  /**
   * Flags (1) the `drop` entries (1 ≤ drop < size) that come first in the order (evictColumn,
   * evictTieColumn, entry number), ascending. Selected by value (the drop-th smallest evictColumn
   * value, then among the entries holding it the tie column's; kthSmallest) instead of a comparator
   * sort of every entry: eviction stays cheap on full tables of 10^5 entries.
   */
  private lowest(drop: number): Uint8Array {
    const n = this.size;
    const d = this.data;
    const nc = this.columnCount;
    const a = this.evictColumn;
    const b = this.evictTieColumn;
    const dead = new Uint8Array(n);
    const va = new Float64Array(n);
    for (let t = 0; t < n; t++) va[t] = d[t * nc + a];
    const ta = kthSmallest(va.slice(), drop - 1);
    let left = drop;
    let ties = 0;
    for (let t = 0; t < n; t++) {
      if (va[t] < ta) {
        dead[t] = 1;
        left--;
      } else if (va[t] === ta) ties++;
    }
    if (left > 0) {
      // Entries holding the threshold value: the smallest tie values go, then the older entries.
      const idx = new Int32Array(ties);
      const vb = new Float64Array(ties);
      for (let t = 0, j = 0; t < n; t++) {
        if (va[t] === ta) {
          idx[j] = t;
          vb[j++] = d[t * nc + b];
        }
      }
      const tb = kthSmallest(vb.slice(), left - 1);
      for (let j = 0; j < ties; j++) {
        if (vb[j] < tb) {
          dead[idx[j]] = 1;
          left--;
        }
      }
      for (let j = 0; j < ties && left > 0; j++) {
        if (vb[j] === tb) {
          dead[idx[j]] = 1;
          left--;
        }
      }
    }
    // Only NaN counters could leave some undecided; drop the oldest remaining then.
    for (let t = 0; t < n && left > 0; t++) {
      if (dead[t] === 0) {
        dead[t] = 1;
        left--;
      }
    }
    return dead;
  }

  private rebuildIndex(): void {
    this.index.fill(-1);
    for (let t = 0; t < this.size; t++) {
      let slot = hashWords(this.h0, this.keys, t * this.keyWords, this.keyWords) & this.mask;
      while (this.index[slot] >= 0) slot = (slot + 1) & this.mask;
      this.index[slot] = t;
    }
  }
}

/**
 * The k-th smallest value (0-based, 0 ≤ k < v.length) of `v`, which it reorders: quickselect with a
 * median-of-three pivot, O(n) on average; after 2·log2(n) + 8 partitions without converging (input
 * shaped against the pivot rule) the rest is sorted instead, so the worst case is O(n log n).
 * No NaN in `v`.
 */
function kthSmallest(v: Float64Array, k: number): number {
  let lo = 0;
  let hi = v.length - 1;
  let budget = 2 * Math.ceil(Math.log2(v.length + 1)) + 8;
  while (hi > lo) {
    if (budget-- === 0) {
      v.subarray(lo, hi + 1).sort();
      return v[k];
    }
    const mid = lo + ((hi - lo) >> 1);
    const x = v[lo];
    const y = v[mid];
    const z = v[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    // Hoare partition: v[lo..j] <= pivot <= v[j+1..hi].
    let i = lo - 1;
    let j = hi + 1;
    for (;;) {
      do i++;
      while (v[i] < pivot);
      do j--;
      while (v[j] > pivot);
      if (i >= j) break;
      const t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    if (k <= j) hi = j;
    else lo = j + 1;
  }
  return v[k];
}

/** Mixes one key word into a hash state (murmur3-style multiply, xor-shift). */
function hashStep(h: number, word: number): number {
  h = Math.imul(h ^ word, 0x85ebca77);
  return h ^ (h >>> 15);
}

/** Final avalanche of a hash state. */
function hashFinal(h: number): number {
  h = Math.imul(h, 0xc2b2ae3d);
  return h ^ (h >>> 16);
}

/**
 * Seeded 32-bit hash of words[k..k+n-1] from a table's seeded state `h0` (the same value the
 * unrolled forms in findOrInsert1/2 compute).
 */
function hashWords(h0: number, words: Int32Array, k: number, n: number): number {
  let h = h0;
  for (let i = 0; i < n; i++) h = hashStep(h, words[k + i]);
  return hashFinal(h);
}

/**
 * The best `limit` of items 0..n-1, best first, without sorting all n: a bounded min-heap,
 * O(n log limit) comparisons. `cmp(a, b)` > 0 when a ranks before b; it must be a total order
 * (break every tie) for the result to be deterministic.
 */
export function selectTop(n: number, limit: number, cmp: (a: number, b: number) => number): number[] {
  const k = Math.max(0, Math.min(Math.floor(limit), n));
  if (k === 0) return [];
  const heap = new Int32Array(k);
  let size = 0;
  for (let t = 0; t < n; t++) {
    if (size < k) {
      let i = size++;
      heap[i] = t;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (cmp(heap[i], heap[p]) >= 0) break;
        const tmp = heap[p];
        heap[p] = heap[i];
        heap[i] = tmp;
        i = p;
      }
    } else if (cmp(t, heap[0]) > 0) {
      heap[0] = t;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        let m = l;
        if (l + 1 < size && cmp(heap[l + 1], heap[l]) < 0) m = l + 1;
        if (cmp(heap[m], heap[i]) >= 0) break;
        const tmp = heap[m];
        heap[m] = heap[i];
        heap[i] = tmp;
        i = m;
      }
    }
  }
  const picked = Array.from(heap.subarray(0, size));
  picked.sort((a, b) => cmp(b, a));
  return picked;
}
