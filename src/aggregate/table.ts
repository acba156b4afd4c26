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
 * counters per entry (`data[entry × columns + c]`), and a small cache of labels (e.g. the address
 * strings a snapshot made) for the entries last labelled.
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
 * `initialEntries`) and eviction cost O(n) (eviction: selection, worst case O(n log n)) once per
 * n/2 insertions, amortised O(1) per insertion; lookups of existing keys allocate nothing.
 *
 * Memory: 4 × keyWords + 8 × columns bytes per entry of capacity (touched as entries are added)
 * plus 8 to 16 bytes of hash index per entry; capacity is at most 2 × size (and ≤ maxEntries).
 * A growth allocates the doubled arrays and drops the old ones (freed at a later garbage
 * collection); an eviction allocates nothing (see evictScratch).
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
  /**
   * Label cache (e.g. address texts made by a snapshot), entry → label: the labels used (label /
   * setLabel) since the last retainLabels() call, and those used in the round before, which a
   * use carries over. Bound and eviction rule: only labels used in the last two rounds are held
   * (a snapshot labels its rows, so about the rows shown); all are dropped when entries are
   * renumbered. Nothing is kept per entry that has no label, unlike an array of every entry.
   */
  private labelsNow = new Map<number, L>();
  private labelsBefore = new Map<number, L>();
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
    this.dropLabels();
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
    return t;
  }

  /** Cached label of entry t, or undefined. */
  label(t: number): L | undefined {
    let l = this.labelsNow.get(t);
    if (l === undefined && this.labelsBefore.size > 0) {
      l = this.labelsBefore.get(t);
      if (l !== undefined) this.labelsNow.set(t, l);
    }
    return l;
  }

  /** Caches the label of entry t (valid until the entries are renumbered). */
  setLabel(t: number, l: L): void {
    this.labelsNow.set(t, l);
  }

  /** Starts a new round of label use: labels not used in this round or the last are dropped. */
  retainLabels(): void {
    const before = this.labelsBefore;
    before.clear();
    this.labelsBefore = this.labelsNow;
    this.labelsNow = before;
  }

  private dropLabels(): void {
    this.labelsNow.clear();
    this.labelsBefore.clear();
  }

  private alloc(n: number): void {
    this.capacity = n;
    this.keys = new Int32Array(n * this.keyWords);
    this.data = new Float64Array(n * this.columnCount);
    let size = 16;
    while (size < n * 2) size *= 2;
    this.index = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  private grow(): void {
    const n = this.size;
    const keys = this.keys;
    const data = this.data;
    this.alloc(Math.min(this.maxEntries, this.capacity * 2));
    this.keys.set(keys.subarray(0, n * this.keyWords));
    this.data.set(data.subarray(0, n * this.columnCount));
    this.rebuildIndex();
  }

  /**
   * Drops the ⌊n/2⌋ entries that rank lowest (class doc), compacting the rest in order. The
   * entries to drop are decided by value (the drop-th smallest evictColumn value, then among the
   * entries holding it the tie column's; kthSmallest) instead of a comparator sort of every entry,
   * so eviction stays cheap on full tables of 10^5 entries; the values are selected in one scratch
   * array shared by every table (see evictScratch), so an eviction allocates nothing.
   */
  private evict(): void {
    const n = this.size;
    const drop = n >> 1;
    const d = this.data;
    const nc = this.columnCount;
    const a = this.evictColumn;
    const b = this.evictTieColumn;
    const v = scratch(n);
    for (let t = 0; t < n; t++) v[t] = d[t * nc + a];
    const ta = kthSmallest(v.subarray(0, n), drop - 1);
    // Dropped, in entry order: every entry below ta; of those at ta (`ties`), every one whose tie
    // value is below tb, then the first `atTb` whose tie value equals tb; then (only NaN counters
    // can leave some undecided) the first `rest` entries not dropped otherwise.
    let left = drop;
    let ties = 0;
    for (let t = 0; t < n; t++) {
      const x = d[t * nc + a];
      if (x < ta) left--;
      else if (x === ta) ties++;
    }
    let tb = NaN;
    let atTb = 0;
    if (left > 0 && ties > 0) {
      for (let t = 0, j = 0; t < n; t++) if (d[t * nc + a] === ta) v[j++] = d[t * nc + b];
      const k = left < ties ? left : ties;
      tb = kthSmallest(v.subarray(0, ties), k - 1);
      let equal = 0;
      for (let j = 0; j < ties; j++) {
        if (v[j] < tb) left--;
        else if (v[j] === tb) equal++;
      }
      atTb = left < equal ? left : equal;
      left -= atTb;
    }
    let rest = left;
    const keys = this.keys;
    const kw = this.keyWords;
    let w = 0;
    for (let t = 0; t < n; t++) {
      const x = d[t * nc + a];
      let dead = x < ta;
      if (!dead && x === ta) {
        const y = d[t * nc + b];
        if (y < tb) dead = true;
        else if (y === tb && atTb > 0) {
          atTb--;
          dead = true;
        }
      }
      if (!dead && rest > 0) {
        rest--;
        dead = true;
      }
      if (dead) continue;
      if (w !== t) {
        for (let i = 0; i < kw; i++) keys[w * kw + i] = keys[t * kw + i];
        for (let c = 0; c < nc; c++) d[w * nc + c] = d[t * nc + c];
      }
      w++;
    }
    this.size = w;
    this.dropLabels();
    this.evicted += drop;
    this.generation++;
    this.rebuildIndex();
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
 * Scratch values for eviction, shared by every table (JS runs one eviction at a time): grown to the
 * largest table evicted so far, 8 bytes per entry, and kept. One array allocated once instead of
 * fresh ones per eviction: a typed array's memory is freed only when a garbage collection finds it
 * dead, and ingest allocates too little on the JS heap to cause one soon, so fresh arrays (2.4 MB
 * per eviction of a 65,536-entry table) piled up as resident memory.
 */
let evictScratch = new Float64Array(0);

/** evictScratch with room for at least n values. */
function scratch(n: number): Float64Array {
  if (evictScratch.length < n) evictScratch = new Float64Array(n);
  return evictScratch;
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
