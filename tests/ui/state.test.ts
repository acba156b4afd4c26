import { describe, expect, it } from 'vitest';
import { keyToAction } from '../../src/ui/keys.js';
import {
  initialState,
  listTop,
  listView,
  reduce,
  treeLineCount,
  treeLineOfLayer,
  type Action,
  type ReduceContext,
  type UiState,
} from '../../src/ui/state.js';
import { makeDetail } from './fixtures.js';

const rows = (from: number, to: number): { seq: number }[] => Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i }));
const ctx = (n = 100, listRows = 10): ReduceContext => ({ rows: rows(1, n), listRows });

function run(state: UiState, actions: Action[], c: ReduceContext = ctx()): UiState {
  for (const a of actions) state = reduce(state, a, c).state;
  return state;
}

describe('keyToAction', () => {
  const normal = { prompt: false };
  it('maps the documented keys', () => {
    expect(keyToAction({ full: 'q', ch: 'q' }, normal)).toEqual({ type: 'quit' });
    expect(keyToAction({ full: 'C-c' }, normal)).toEqual({ type: 'quit' });
    expect(keyToAction({ full: 'space', ch: ' ' }, normal)).toEqual({ type: 'togglePause' });
    expect(keyToAction({ full: 'p', ch: 'p' }, normal)).toEqual({ type: 'togglePause' });
    expect(keyToAction({ full: 'S-p', ch: 'P' }, normal)).toEqual({ type: 'togglePause' });
    expect(keyToAction({ full: 'up' }, normal)).toEqual({ type: 'scroll', unit: 'line', n: -1 });
    expect(keyToAction({ full: 'down' }, normal)).toEqual({ type: 'scroll', unit: 'line', n: 1 });
    expect(keyToAction({ full: 'pageup' }, normal)).toEqual({ type: 'scroll', unit: 'page', n: -1 });
    expect(keyToAction({ full: 'pagedown' }, normal)).toEqual({ type: 'scroll', unit: 'page', n: 1 });
    expect(keyToAction({ full: 'g', ch: 'g' }, normal)).toEqual({ type: 'scrollTop' });
    expect(keyToAction({ full: 'home' }, normal)).toEqual({ type: 'scrollTop' });
    expect(keyToAction({ full: 'S-g', ch: 'G' }, normal)).toEqual({ type: 'scrollBottom' });
    expect(keyToAction({ full: 'end' }, normal)).toEqual({ type: 'scrollBottom' });
    expect(keyToAction({ full: 's', ch: 's' }, normal)).toEqual({ type: 'cycleSort' });
    expect(keyToAction({ full: 't', ch: 't' }, normal)).toEqual({ type: 'cycleProto' });
    expect(keyToAction({ full: '/', ch: '/' }, normal)).toEqual({ type: 'openPrompt' });
    expect(keyToAction({ full: 'c', ch: 'c' }, normal)).toEqual({ type: 'clearFilters' });
    expect(keyToAction({ full: 'w', ch: 'w' }, normal)).toEqual({ type: 'dump' });
    expect(keyToAction({ full: '?', ch: '?' }, normal)).toEqual({ type: 'toggleHelp' });
    expect(keyToAction({ full: 'escape' }, normal)).toEqual({ type: 'escape' });
    expect(keyToAction({ full: 'backspace' }, normal)).toEqual({ type: 'escape' });
    expect(keyToAction({ full: 'tab', ch: '\t' }, normal)).toEqual({ type: 'cycleTable', n: 1 });
    expect(keyToAction({ full: 'S-tab' }, normal)).toEqual({ type: 'cycleTable', n: -1 });
    expect(keyToAction({ full: 'n', ch: 'n' }, normal)).toEqual({ type: 'toggleNames' });
    expect(keyToAction({ full: 'enter', ch: '\r' }, normal)).toEqual({ type: 'openDetail' });
    expect(keyToAction({ full: 'return', ch: '\r' }, normal)).toBeNull(); // blessed sends both
    expect(keyToAction({ full: 'x', ch: 'x' }, normal)).toBeNull();
  });
  it('moves between layers in the detail pane; Esc and Backspace go back, q still quits', () => {
    const detail = { prompt: false, detail: true };
    expect(keyToAction({ full: 'up' }, detail)).toEqual({ type: 'moveLayer', n: -1, wrap: false });
    expect(keyToAction({ full: 'k', ch: 'k' }, detail)).toEqual({ type: 'moveLayer', n: -1, wrap: false });
    expect(keyToAction({ full: 'down' }, detail)).toEqual({ type: 'moveLayer', n: 1, wrap: false });
    expect(keyToAction({ full: 'tab', ch: '\t' }, detail)).toEqual({ type: 'moveLayer', n: 1, wrap: true });
    expect(keyToAction({ full: 'S-tab' }, detail)).toEqual({ type: 'moveLayer', n: -1, wrap: true });
    expect(keyToAction({ full: 'pagedown' }, detail)).toEqual({ type: 'scrollDetail', n: 1 });
    expect(keyToAction({ full: 'pageup' }, detail)).toEqual({ type: 'scrollDetail', n: -1 });
    expect(keyToAction({ full: '[', ch: '[' }, detail)).toEqual({ type: 'scrollHex', n: -1 });
    expect(keyToAction({ full: ']', ch: ']' }, detail)).toEqual({ type: 'scrollHex', n: 1 });
    expect(keyToAction({ full: 'home' }, detail)).toEqual({ type: 'layerTo', index: 0 });
    expect(keyToAction({ full: 'S-g', ch: 'G' }, detail)).toEqual({ type: 'layerTo', index: -1 });
    expect(keyToAction({ full: 'escape' }, detail)).toEqual({ type: 'escape' });
    expect(keyToAction({ full: 'backspace' }, detail)).toEqual({ type: 'escape' });
    expect(keyToAction({ full: 'q', ch: 'q' }, detail)).toEqual({ type: 'quit' });
    expect(keyToAction({ full: '?', ch: '?' }, detail)).toEqual({ type: 'toggleHelp' });
    // Dashboard-only keys do nothing here.
    expect(keyToAction({ full: 'enter', ch: '\r' }, detail)).toBeNull();
    expect(keyToAction({ full: 's', ch: 's' }, detail)).toBeNull();
    expect(keyToAction({ full: 'n', ch: 'n' }, detail)).toBeNull();
    expect(keyToAction({ full: '/', ch: '/' }, detail)).toBeNull();
  });
  it('edits the prompt instead while it is open', () => {
    const prompt = { prompt: true };
    expect(keyToAction({ full: 'q', ch: 'q' }, prompt)).toEqual({ type: 'promptInput', text: 'q' });
    expect(keyToAction({ full: 'S-a', ch: 'A' }, prompt)).toEqual({ type: 'promptInput', text: 'A' });
    expect(keyToAction({ full: '/', ch: '/' }, prompt)).toEqual({ type: 'promptInput', text: '/' });
    expect(keyToAction({ full: 'enter', ch: '\r' }, prompt)).toEqual({ type: 'promptSubmit' });
    expect(keyToAction({ full: 'return', ch: '\r' }, prompt)).toBeNull(); // blessed sends both
    expect(keyToAction({ full: 'escape' }, prompt)).toEqual({ type: 'promptCancel' });
    expect(keyToAction({ full: 'backspace' }, prompt)).toEqual({ type: 'promptBackspace' });
    expect(keyToAction({ full: 'C-c' }, prompt)).toEqual({ type: 'quit' });
    expect(keyToAction({ full: 'up' }, prompt)).toBeNull();
  });
});

describe('reduce', () => {
  it('quits with a quit effect', () => {
    const r = reduce(initialState(), { type: 'quit' });
    expect(r.state.quitting).toBe(true);
    expect(r.effects).toEqual([{ type: 'quit' }]);
  });

  it('pauses without effects and refreshes on resume', () => {
    const p = reduce(initialState(), { type: 'togglePause' });
    expect(p.state.paused).toBe(true);
    expect(p.effects).toEqual([]);
    const r = reduce(p.state, { type: 'togglePause' });
    expect(r.state.paused).toBe(false);
    expect(r.effects).toEqual([{ type: 'refresh' }]);
  });

  it('cycles the talker sort bytes → packets → rate → bytes, refreshing each time', () => {
    let s = initialState();
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = reduce(s, { type: 'cycleSort' });
      expect(r.effects).toEqual([{ type: 'refresh' }]);
      s = r.state;
      seen.push(s.sorts.hosts);
    }
    expect(seen).toEqual(['packets', 'rate', 'bytes']);
  });

  it('Tab cycles hosts → conversations → services → hosts (Shift-Tab back), each table keeping its sort key', () => {
    let s = initialState();
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = reduce(s, { type: 'cycleTable', n: 1 });
      expect(r.effects).toEqual([{ type: 'refresh' }]);
      s = r.state;
      seen.push(s.table);
    }
    expect(seen).toEqual(['conversations', 'services', 'hosts']);
    expect(reduce(s, { type: 'cycleTable', n: -1 }).state.table).toBe('services');
    // s sorts the table shown; the others keep theirs.
    s = run(s, [{ type: 'cycleTable', n: 1 }, { type: 'cycleSort' }, { type: 'cycleSort' }]);
    expect(s.sorts).toEqual({ hosts: 'bytes', conversations: 'rate', services: 'bytes' });
    s = run(s, [{ type: 'cycleTable', n: 1 }, { type: 'cycleSort' }]);
    expect(s.sorts).toEqual({ hosts: 'bytes', conversations: 'rate', services: 'packets' });
  });

  it('n toggles names, which start as the option says', () => {
    expect(initialState().names).toBe(true);
    expect(initialState(undefined, { names: false }).names).toBe(false);
    const off = reduce(initialState(), { type: 'toggleNames' });
    expect(off.state.names).toBe(false);
    expect(off.effects).toEqual([]);
    expect(reduce(off.state, { type: 'toggleNames' }).state.names).toBe(true);
  });

  it('cycles the protocol filter through the engine, keeping the address', () => {
    const s = initialState({ proto: 'udp', addr: '10.0.0.0/8' });
    expect(reduce(s, { type: 'cycleProto' }).effects).toEqual([{ type: 'setFilter', filter: { proto: 'icmp', addr: '10.0.0.0/8' } }]);
    const last = initialState({ proto: 'other', addr: '' });
    expect(reduce(last, { type: 'cycleProto' }).effects).toEqual([{ type: 'setFilter', filter: { proto: 'all', addr: '' } }]);
    // Nothing changes until the engine accepts it.
    expect(reduce(s, { type: 'cycleProto' }).state.filter).toEqual({ proto: 'udp', addr: '10.0.0.0/8' });
  });

  it('applies an accepted filter, refreshes and follows the list again', () => {
    let s = run(initialState(), [{ type: 'scroll', unit: 'line', n: -5 }]);
    expect(s.list.follow).toBe(false);
    const r = reduce(s, { type: 'filterApplied', filter: { proto: 'tcp', addr: '' } });
    s = r.state;
    expect(s.filter).toEqual({ proto: 'tcp', addr: '' });
    expect(s.list.follow).toBe(true);
    expect(r.effects).toEqual([{ type: 'refresh' }]);
  });

  it('keeps the old filter and shows the error in red when the engine rejects a value', () => {
    const s0 = initialState({ proto: 'tcp', addr: '10.0.0.1' });
    const s = run(s0, [
      { type: 'openPrompt' },
      { type: 'promptClear' },
      { type: 'promptInput', text: 'x' },
      { type: 'promptInput', text: 'y' },
    ]);
    expect(s.prompt).toEqual({ text: 'xy' });
    const sub = reduce(s, { type: 'promptSubmit' });
    expect(sub.state.prompt).toBeNull();
    expect(sub.effects).toEqual([{ type: 'setFilter', filter: { proto: 'tcp', addr: 'xy' } }]);
    const rej = reduce(sub.state, { type: 'filterRejected', filter: { proto: 'tcp', addr: 'xy' }, error: 'bad address: xy' }).state;
    expect(rej.filter).toEqual({ proto: 'tcp', addr: '10.0.0.1' });
    expect(rej.status).toEqual({ text: 'bad address: xy', level: 'error' });
    // The next key clears the message.
    expect(reduce(rej, { type: 'toggleMetric' }).state.status).toBeNull();
  });

  it('prefills the prompt, cancels with Esc, and an empty value clears the address', () => {
    const s0 = initialState({ proto: 'udp', addr: '192.0.2.0/24' });
    const open = reduce(s0, { type: 'openPrompt' }).state;
    expect(open.prompt).toEqual({ text: '192.0.2.0/24' });
    expect(reduce(open, { type: 'promptCancel' }).state.prompt).toBeNull();
    expect(reduce(open, { type: 'promptCancel' }).effects).toEqual([]);
    const cleared = run(open, [{ type: 'promptClear' }, { type: 'promptInput', text: ' ' }]);
    expect(reduce(cleared, { type: 'promptSubmit' }).effects).toEqual([{ type: 'setFilter', filter: { proto: 'udp', addr: '' } }]);
    const bs = run(open, [{ type: 'promptBackspace' }, { type: 'promptBackspace' }, { type: 'promptBackspace' }]);
    expect(bs.prompt).toEqual({ text: '192.0.2.0' });
  });

  it('clears both filters with c', () => {
    const s = initialState({ proto: 'arp', addr: '10.1.2.3' });
    expect(reduce(s, { type: 'clearFilters' }).effects).toEqual([{ type: 'setFilter', filter: { proto: 'all', addr: '' } }]);
  });

  it('dumps once at a time and reports the result', () => {
    const d = reduce(initialState(), { type: 'dump' });
    expect(d.effects).toEqual([{ type: 'dump' }]);
    expect(d.state.dumping).toBe(true);
    expect(reduce(d.state, { type: 'dump' }).effects).toEqual([]);
    const ok = reduce(d.state, { type: 'dumpDone', result: { ok: true, path: '/tmp/x.pcap', packets: 7, bytes: 700 } }).state;
    expect(ok.status).toEqual({ text: 'wrote 7 packets to /tmp/x.pcap', level: 'info' });
    expect(ok.dumping).toBe(false);
    const bad = reduce(d.state, { type: 'dumpDone', result: { ok: false, error: 'EACCES: permission denied' } }).state;
    expect(bad.status).toEqual({ text: 'dump failed: EACCES: permission denied', level: 'error' });
  });

  it('Enter inspects the selected packet and pins the list on it', () => {
    const c = ctx(100, 10);
    const follow = reduce(initialState(), { type: 'openDetail' }, c);
    expect(follow.effects).toEqual([{ type: 'inspect', seq: 100 }]);
    expect(follow.state.list).toEqual({ follow: false, topSeq: 91, selSeq: 100 });
    const up = run(initialState(), [{ type: 'scroll', unit: 'line', n: -3 }], c);
    expect(reduce(up, { type: 'openDetail' }, c).effects).toEqual([{ type: 'inspect', seq: 97 }]);
    const empty = reduce(initialState(), { type: 'openDetail' }, ctx(0, 10));
    expect(empty.effects).toEqual([]);
    expect(empty.state.status?.text).toBe('no packet to inspect');
  });

  it('opens the detail pane on the first layer, or says the packet is gone', () => {
    const d = makeDetail(7);
    const open = reduce({ ...initialState(), help: true }, { type: 'detailLoaded', seq: 7, detail: d }).state;
    expect(open.detail).toEqual({ packet: d, layer: 0, top: 0, hexTop: null });
    expect(open.help).toBe(false);
    const gone = reduce(initialState(), { type: 'detailLoaded', seq: 7, detail: null }).state;
    expect(gone.detail).toBeNull();
    expect(gone.status).toEqual({ text: 'packet no longer in memory', level: 'error' });
  });

  it('moves between layers, keeping the selected layer in view, and pages the tree', () => {
    const d = makeDetail(7); // layers of 3, 9, 8, 2 fields: titles at lines 0, 4, 14, 23 of 26
    expect([0, 1, 2, 3, 4].map((i) => treeLineOfLayer(d.layers, i))).toEqual([0, 4, 14, 23, 26]);
    expect(treeLineCount(d.layers)).toBe(26);
    const c: ReduceContext = { rows: [], listRows: 1, detailRows: 11 };
    let s = reduce(initialState(), { type: 'detailLoaded', seq: 7, detail: d }).state;
    s = reduce(s, { type: 'moveLayer', n: 1, wrap: false }, c).state;
    // ip (lines 4..13) fits in 0..10? No: it ends at 13, so its title goes to the top.
    expect(s.detail).toMatchObject({ layer: 1, top: 4 });
    s = reduce(s, { type: 'moveLayer', n: 1, wrap: false }, c).state;
    expect(s.detail).toMatchObject({ layer: 2, top: 14 });
    s = reduce(s, { type: 'moveLayer', n: 1, wrap: false }, c).state;
    // data (23..25) is already in view (14..24)? It ends at 25: scroll, but never past the last page (26 − 11).
    expect(s.detail).toMatchObject({ layer: 3, top: 15 });
    expect(reduce(s, { type: 'moveLayer', n: 1, wrap: false }, c).state.detail).toMatchObject({ layer: 3 });
    expect(reduce(s, { type: 'moveLayer', n: 1, wrap: true }, c).state.detail).toMatchObject({ layer: 0, top: 0 });
    expect(reduce(s, { type: 'layerTo', index: 0 }, c).state.detail).toMatchObject({ layer: 0, top: 0 });
    const back = reduce(s, { type: 'moveLayer', n: -1, wrap: true }, c).state;
    expect(back.detail).toMatchObject({ layer: 2, top: 14 });
    // Paging moves the tree only, by a page less a line, clamped.
    const top = reduce(s, { type: 'layerTo', index: 0 }, c).state;
    expect(reduce(top, { type: 'scrollDetail', n: 1 }, c).state.detail).toMatchObject({ layer: 0, top: 10 });
    expect(reduce(top, { type: 'scrollDetail', n: 5 }, c).state.detail).toMatchObject({ layer: 0, top: 15 });
    expect(reduce(top, { type: 'scrollDetail', n: -1 }, c).state.detail).toMatchObject({ layer: 0, top: 0 });
  });

  it('[ and ] page the hex dump from where it is drawn; another layer follows the layer again', () => {
    let s = reduce(initialState(), { type: 'detailLoaded', seq: 1, detail: makeDetail(1) }).state;
    const c = (top: number): ReduceContext => ({ rows: [], listRows: 1, detailRows: 11, hex: { top, rows: 7, lines: 95 } });
    s = reduce(s, { type: 'scrollHex', n: 1 }, c(1)).state;
    expect(s.detail?.hexTop).toBe(7);
    expect(reduce(s, { type: 'scrollHex', n: 20 }, c(7)).state.detail?.hexTop).toBe(88);
    expect(reduce(s, { type: 'scrollHex', n: -5 }, c(7)).state.detail?.hexTop).toBe(0);
    expect(reduce(s, { type: 'moveLayer', n: 1, wrap: false }, c(7)).state.detail?.hexTop).toBeNull();
    // Without a hex pane (tiny terminal) nothing happens.
    expect(reduce(s, { type: 'scrollHex', n: 1 }, { rows: [], listRows: 1 }).state).toBe(s);
  });

  it('Esc closes help first, then the detail pane', () => {
    const d = reduce(initialState(), { type: 'detailLoaded', seq: 1, detail: makeDetail(1) }).state;
    const h = reduce(d, { type: 'toggleHelp' }).state;
    const e1 = reduce(h, { type: 'escape' }).state;
    expect(e1.help).toBe(false);
    expect(e1.detail).not.toBeNull();
    expect(reduce(e1, { type: 'escape' }).state.detail).toBeNull();
  });

  it('toggles help with ? and closes it with Esc', () => {
    const h = reduce(initialState(), { type: 'toggleHelp' }).state;
    expect(h.help).toBe(true);
    expect(reduce(h, { type: 'escape' }).state.help).toBe(false);
    expect(reduce(h, { type: 'toggleHelp' }).state.help).toBe(false);
  });

  it('syncs the filter from snapshots without touching the status line', () => {
    const s = { ...initialState(), status: { text: 'hi', level: 'info' as const } };
    const r = reduce(s, { type: 'snapshotTaken', filter: { proto: 'icmp', addr: '' } }).state;
    expect(r.filter).toEqual({ proto: 'icmp', addr: '' });
    expect(r.status).toEqual({ text: 'hi', level: 'info' });
  });
});

describe('selecting in the packet list', () => {
  it('follows the newest until moved up, then stays anchored on the same packets', () => {
    const s0 = initialState();
    expect(listView(s0.list, rows(1, 100), 10)).toEqual({ top: 90, sel: 99 });
    const up = run(s0, [{ type: 'scroll', unit: 'line', n: -3 }]);
    // The selection moves; the rows stay where they were.
    expect(up.list).toEqual({ follow: false, topSeq: 91, selSeq: 97 });
    // 20 newer packets arrive and 5 old ones leave the ring: still seq 91 at the top, 97 selected.
    const later = rows(6, 120);
    const v = listView(up.list, later, 10);
    expect([later[v.top].seq, later[v.sel].seq]).toEqual([91, 97]);
  });

  it('scrolls to keep the selection visible', () => {
    const c = ctx(100, 10);
    const s = run(initialState(), Array.from({ length: 12 }, () => ({ type: 'scroll', unit: 'line', n: -1 }) as Action), c);
    expect(s.list).toEqual({ follow: false, topSeq: 88, selSeq: 88 });
    expect(listTop(s.list, c.rows, 10)).toBe(87);
    const down = run(s, [{ type: 'scroll', unit: 'line', n: 1 }], c);
    expect(down.list).toEqual({ follow: false, topSeq: 88, selSeq: 89 }); // no scroll needed
  });

  it('pages by one screen less a line and goes to both ends', () => {
    const c = ctx(100, 10);
    const pg = run(initialState(), [{ type: 'scroll', unit: 'page', n: -1 }], c);
    expect(pg.list).toEqual({ follow: false, topSeq: 82, selSeq: 91 }); // top 90 − 9, selection 99 − 9
    const top = run(pg, [{ type: 'scrollTop' }], c);
    expect(top.list).toEqual({ follow: false, topSeq: 1, selSeq: 1 });
    expect(run(top, [{ type: 'scroll', unit: 'line', n: -1 }], c).list).toEqual({ follow: false, topSeq: 1, selSeq: 1 });
    expect(run(top, [{ type: 'scroll', unit: 'page', n: 1 }], c).list).toEqual({ follow: false, topSeq: 10, selSeq: 10 });
    expect(run(top, [{ type: 'scrollBottom' }], c).list.follow).toBe(true);
  });

  it('follows again when the selection is moved back to the newest row', () => {
    const c = ctx(100, 10);
    const s = run(initialState(), [{ type: 'scroll', unit: 'line', n: -2 }, { type: 'scroll', unit: 'line', n: 2 }], c);
    expect(s.list.follow).toBe(true);
    expect(run(initialState(), [{ type: 'scroll', unit: 'page', n: -1 }, { type: 'scroll', unit: 'page', n: 5 }], c).list.follow).toBe(true);
  });

  it('selects the next packet when the selected one was evicted; a short list still has a selection', () => {
    const s = run(initialState(), [{ type: 'scrollTop' }], ctx(100, 10));
    expect(listView(s.list, rows(50, 200), 10)).toEqual({ top: 0, sel: 0 });
    const short = run(initialState(), [{ type: 'scroll', unit: 'line', n: -1 }], ctx(5, 10));
    expect(short.list).toEqual({ follow: false, topSeq: 1, selSeq: 4 });
    expect(listView(initialState().list, [], 10)).toEqual({ top: 0, sel: -1 });
    expect(run(initialState(), [{ type: 'scroll', unit: 'line', n: -1 }], ctx(0, 10)).list.follow).toBe(true);
  });
});
