/**
 * The dashboard's one loop. It owns the UI state: a timer takes a snapshot every `intervalMs`
 * (unless paused) and renders; keys become Actions (keys.ts) reduced into the state (state.ts)
 * and render at once from the last snapshot; effects (setFilter, dump, inspect, refresh, quit)
 * run here and report back as Actions. Views only draw what they are given.
 */
import type { Readable, Writable } from 'node:stream';
import type { DataSource, Snapshot, SnapshotQuery } from '../aggregate/snapshot.js';
import type { PacketDetail } from '../decode/packet.js';
import { DashboardView, emptySnapshot, HELP_HEIGHT } from '../views/dashboard.js';
import { computeLayout, type Layout } from '../views/layout.js';
import { keyToAction } from './keys.js';
import { initialState, reduce, type Action, type Effect, type UiState } from './state.js';
import { createScreen, detectAscii, detectColors, resolveTerminal, type TerminalChoice } from './terminal.js';

export interface DashboardOptions {
  /** Milliseconds between snapshots (and renders). */
  intervalMs: number;
  /** Terminal streams; default process.stdin / process.stdout. Tests pass a fake TTY. */
  program?: { input: Readable; output: Writable };
  /** ASCII glyphs only; default: true unless LC_ALL / LC_CTYPE / LANG names UTF-8. */
  ascii?: boolean;
  /** Colours; default: on unless NO_COLOR is set or TERM=dumb. */
  colors?: boolean;
  /** Terminfo name for blessed; default: TERM, or a fallback blessed can read (see terminal.ts). */
  terminal?: string;
  /** Packet rows requested per snapshot, i.e. the list's scrollback; default 1000. */
  scrollback?: number;
  /** Environment for the defaults above; default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Show names learned passively (Snapshot.names: DNS answers, TLS SNI) in place of addresses at
   * start; `n` toggles. Default true; false for -n.
   */
  names?: boolean;
}

export interface Dashboard {
  /** Resolves once the dashboard has quit (q, Ctrl-C or stop()) and the terminal is restored. */
  done: Promise<void>;
  /** Stops the timer, destroys the screen (restoring the terminal) and resolves `done`. Idempotent. */
  stop(): void;
  /** Redraws from the last snapshot now. */
  render(): void;
  /**
   * Takes a fresh snapshot and draws it now, as the timer would (a paused display stays frozen
   * and is only redrawn). For news that should not wait for the next tick: end of file, -c.
   */
  refresh(): void;
  /** The screen as drawn, one plain-text string per row (tests, diagnostics). */
  screenText(): string[];
  /**
   * The screen's attributes as drawn, one array per row, one number per cell: blessed's packed
   * (flags << 18) | (fg << 9) | bg, flags 1 bold, 2 underline, 8 inverse; fg/bg 0x1ff = default.
   */
  screenAttrs(): number[][];
  /** The terminfo entry blessed was given, and why when it is not TERM. */
  readonly terminal: TerminalChoice;
}

const DEFAULT_SCROLLBACK = 1000;
/** Off-screen frames of the JIT warm-up (a few frames of traffic get the frame code optimized). */
const WARM_FRAMES = 12;
/** How often, and how long after the start, the dashboard asks for the source's warm-up traffic. */
const WARM_WAIT_MS = 25;
const WARM_WAIT_LIMIT_MS = 3000;

/** Starts the full-screen dashboard on `source`. Throws only if the screen cannot be created. */
export function runDashboard(source: DataSource, opts: DashboardOptions): Dashboard {
  const env = opts.env ?? process.env;
  const ascii = opts.ascii ?? detectAscii(env);
  const colors = opts.colors ?? detectColors(env);
  const terminal: TerminalChoice = opts.terminal
    ? { terminal: opts.terminal, reason: '' }
    : resolveTerminal(env.TERM, env.COLORTERM);
  const scrollback = Math.max(1, Math.floor(opts.scrollback ?? DEFAULT_SCROLLBACK));
  const input = opts.program?.input ?? process.stdin;
  const output = opts.program?.output ?? process.stdout;

  const screen = createScreen({ input, output, terminal: terminal.terminal, terminfoFile: terminal.file, ascii });
  const terminalColors = (screen as unknown as { tput: { colors: number } }).tput.colors;
  const view = new DashboardView(screen, { ascii, colors, terminalColors });
  const relayout = (): void => {
    const layout: Layout = computeLayout(screen.width as number, screen.height as number, HELP_HEIGHT);
    view.applyLayout(layout);
  };
  relayout();

  let state: UiState = initialState(undefined, { names: opts.names ?? true });
  let snap: Snapshot = emptySnapshot(Date.now());
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  const query = (): SnapshotQuery => ({
    talkerSort: state.sorts[state.table],
    table: state.table,
    talkerLimit: view.talkerRows(),
    packetLimit: scrollback,
  });

  const take = (): void => {
    try {
      snap = source.takeSnapshot(query());
    } catch (e) {
      dispatch({ type: 'message', text: `snapshot failed: ${e instanceof Error ? e.message : String(e)}`, level: 'error' });
      return;
    }
    dispatch({ type: 'snapshotTaken', filter: snap.filter });
  };

  const render = (): void => {
    if (stopped) return;
    view.draw(snap, state);
    screen.render();
  };

  const run = (eff: Effect): void => {
    switch (eff.type) {
      case 'quit':
        stop();
        return;
      case 'refresh':
        take();
        return;
      case 'setFilter': {
        let err: string | null;
        try {
          err = source.setFilter(eff.filter);
        } catch (e) {
          err = e instanceof Error ? e.message : String(e);
        }
        dispatch(err === null ? { type: 'filterApplied', filter: eff.filter } : { type: 'filterRejected', filter: eff.filter, error: err });
        return;
      }
      case 'inspect': {
        let detail: PacketDetail | null;
        try {
          detail = source.inspect(eff.seq);
        } catch (e) {
          dispatch({ type: 'message', text: `inspect failed: ${e instanceof Error ? e.message : String(e)}`, level: 'error' });
          return;
        }
        dispatch({ type: 'detailLoaded', seq: eff.seq, detail });
        return;
      }
      case 'dump':
        source.dump().then(
          (result) => {
            if (stopped) return;
            dispatch({ type: 'dumpDone', result });
            render();
          },
          (e: unknown) => {
            if (stopped) return;
            dispatch({ type: 'dumpDone', result: { ok: false, error: e instanceof Error ? e.message : String(e) } });
            render();
          },
        );
        return;
    }
  };

  function dispatch(action: Action): void {
    if (stopped) return;
    const geo = view.detailGeometry(state.detail);
    const r = reduce(state, action, { rows: snap.packets, listRows: view.listRows(), detailRows: geo.treeRows, hex: geo.hex });
    state = r.state;
    for (const eff of r.effects) run(eff);
  }

  function stop(): void {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    try {
      screen.destroy();
    } finally {
      resolveDone();
    }
  }

  screen.on('keypress', (ch: string | undefined, key: { full?: string } | undefined) => {
    const full = key?.full ?? ch ?? '';
    const action = keyToAction({ full, ch }, { prompt: state.prompt !== null, detail: state.detail !== null });
    if (action === null) return;
    dispatch(action);
    render();
  });

  const refresh = (): void => {
    if (stopped) return;
    if (!state.paused) take();
    render();
  };

  screen.on('resize', () => {
    if (stopped) return;
    relayout();
    // The talkers table may have room for more rows: ask again unless the display is frozen.
    refresh();
  });

  timer = setInterval(() => {
    if (stopped || state.paused) return;
    take();
    render();
  }, Math.max(1, opts.intervalMs));

  take();
  render();

  // JIT warm-up of the frame code, once the source has warmed up its own per-packet code: a few
  // frames of its synthetic traffic drawn off screen (DashboardView.warmDraw), one per turn of the
  // event loop, so that V8 compiles them now rather than under the first real traffic.
  let warmFrames = 0;
  const warmUntil = Date.now() + WARM_WAIT_LIMIT_MS;
  const warmFrame = (): void => {
    if (stopped || warmFrames >= WARM_FRAMES || source.warmSnapshot === undefined) return;
    try {
      const ws = source.warmSnapshot(query());
      if (ws === null) {
        // Not yet (the source's own warm-up runs first), or never (a file; traffic came first).
        if (warmFrames === 0 && Date.now() < warmUntil) setTimeout(warmFrame, WARM_WAIT_MS).unref();
        return;
      }
      view.warmDraw(ws, snap, state);
    } catch {
      return; // a warm-up that fails only leaves the code unwarmed
    }
    warmFrames++;
    setTimeout(warmFrame, 0).unref();
  };
  setTimeout(warmFrame, WARM_WAIT_MS).unref();

  return {
    done,
    stop,
    render,
    refresh,
    terminal,
    screenText: () => {
      const lines = (screen as unknown as { lines?: [number, string][][] }).lines ?? [];
      return lines.map((row) => row.map((cell) => cell[1]).join(''));
    },
    screenAttrs: () => {
      const lines = (screen as unknown as { lines?: [number, string][][] }).lines ?? [];
      return lines.map((row) => row.map((cell) => cell[0]));
    },
  };
}
