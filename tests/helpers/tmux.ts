/** Drives a real terminal program in a detached tmux session (tmux new-session/send-keys/capture-pane). */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function haveTmux(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

/**
 * Each session runs on its own tmux server socket (-L), so tests never see or disturb the
 * user's sessions, or each other's.
 */
export class TmuxSession {
  private readonly sock: string[];
  /** The program's exit status is written here: tmux's #{pane_dead_status} races with pane death. */
  private readonly statusFile: string;
  constructor(readonly name: string) {
    this.sock = ['-L', `nta-test-${name}`];
    this.statusFile = path.join(os.tmpdir(), `nta-test-${name}.status`);
  }

  /** Starts `command` (a shell string) in a new detached session of cols × rows. */
  start(command: string, cols: number, rows: number, env: Record<string, string> = {}): void {
    const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    fs.rmSync(this.statusFile, { force: true });
    const wrapped = `${command}; echo $? > ${this.statusFile}`;
    execFileSync('tmux', [...this.sock, 'new-session', '-d', '-s', this.name, '-x', String(cols), '-y', String(rows), ...envArgs, wrapped]);
    // Keep the pane after the program exits so its last screen and exit can be read.
    execFileSync('tmux', [...this.sock, 'set-option', '-t', this.name, 'remain-on-exit', 'on']);
  }

  /** The visible pane as plain text, one string per line. */
  capture(): string {
    return execFileSync('tmux', [...this.sock, 'capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }

  /** tmux send-keys: key names (Space, Enter, Escape, Up, C-c) or literal text with literal=true. */
  keys(keys: string[], literal = false): void {
    execFileSync('tmux', [...this.sock, 'send-keys', '-t', this.name, ...(literal ? ['-l'] : []), ...keys]);
  }

  resize(cols: number, rows: number): void {
    execFileSync('tmux', [...this.sock, 'resize-window', '-t', this.name, '-x', String(cols), '-y', String(rows)]);
  }

  /** True when the program in the pane has exited (remain-on-exit keeps the pane). */
  dead(): boolean {
    const out = spawnSync('tmux', [...this.sock, 'display-message', '-p', '-t', this.name, '#{pane_dead} #{pane_dead_status}'], { encoding: 'utf8' });
    return out.stdout.startsWith('1');
  }

  /** Exit status of the program once it has exited, else null. */
  exitStatus(): number | null {
    try {
      const text = fs.readFileSync(this.statusFile, 'utf8').trim();
      return /^\d+$/.test(text) ? Number(text) : null;
    } catch {
      return null;
    }
  }

  /** Polls the pane until `pred(text)` holds; returns the text, or throws with the last screen. */
  async waitFor(pred: (text: string) => boolean, timeoutMs = 10_000, what = 'condition'): Promise<string> {
    const until = Date.now() + timeoutMs;
    let text = '';
    while (Date.now() < until) {
      text = this.capture();
      if (pred(text)) return text;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}; screen was:\n${text}`);
  }

  /** PID of the program the pane's shell started (its first child), or null. */
  programPid(): number | null {
    const pane = spawnSync('tmux', [...this.sock, 'display-message', '-p', '-t', this.name, '#{pane_pid}'], { encoding: 'utf8' }).stdout.trim();
    if (!/^\d+$/.test(pane)) return null;
    const kids = spawnSync('pgrep', ['-P', pane], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
    return kids.length ? Number(kids[0]) : null;
  }

  /** Waits for the program to exit; returns its status or throws with the last screen. */
  async waitExit(timeoutMs = 5_000): Promise<number> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const st = this.exitStatus();
      if (st !== null) return st;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`program did not exit within ${timeoutMs} ms; screen was:\n${this.capture()}`);
  }

  kill(): void {
    spawnSync('tmux', [...this.sock, 'kill-server']);
    fs.rmSync(this.statusFile, { force: true });
  }
}
