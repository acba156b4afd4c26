import { describe, expect, it } from 'vitest';
import { keyToAction } from '../../src/ui/keys.js';
import { initialState, listTop, reduce, type Action, type ReduceContext, type UiState } from '../../src/ui/state.js';

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
    expect(keyToAction({ full: 'x', ch: 'x' }, normal)).toBeNull();
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
      seen.push(s.talkerSort);
    }
    expect(seen).toEqual(['packets', 'rate', 'bytes']);
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

describe('scrolling the packet list', () => {
  it('follows until scrolled up, then stays anchored on the same packet', () => {
    const s0 = initialState();
    expect(listTop(s0.list, rows(1, 100), 10)).toBe(90);
    const up = run(s0, [{ type: 'scroll', unit: 'line', n: -3 }]);
    expect(up.list).toEqual({ follow: false, topSeq: 88 });
    // 20 newer packets arrive and 5 old ones leave the ring: still seq 88 at the top.
    const later = rows(6, 120);
    expect(later[listTop(up.list, later, 10)].seq).toBe(88);
  });

  it('pages by one screen less a line and goes to both ends', () => {
    const c = ctx(100, 10);
    const pg = run(initialState(), [{ type: 'scroll', unit: 'page', n: -1 }], c);
    expect(pg.list).toEqual({ follow: false, topSeq: 82 }); // top 90 − 9
    const top = run(pg, [{ type: 'scrollTop' }], c);
    expect(top.list).toEqual({ follow: false, topSeq: 1 });
    expect(run(top, [{ type: 'scroll', unit: 'line', n: -1 }], c).list).toEqual({ follow: false, topSeq: 1 });
    expect(run(top, [{ type: 'scrollBottom' }], c).list.follow).toBe(true);
  });

  it('follows again when scrolled back down to the newest row', () => {
    const c = ctx(100, 10);
    const s = run(initialState(), [{ type: 'scroll', unit: 'line', n: -2 }, { type: 'scroll', unit: 'line', n: 2 }], c);
    expect(s.list.follow).toBe(true);
  });

  it('anchors on the next packet when the anchor was evicted, and cannot scroll a short list', () => {
    const s = run(initialState(), [{ type: 'scrollTop' }], ctx(100, 10));
    expect(listTop(s.list, rows(50, 200), 10)).toBe(0);
    expect(run(initialState(), [{ type: 'scroll', unit: 'line', n: -1 }], ctx(5, 10)).list.follow).toBe(true);
  });
});
