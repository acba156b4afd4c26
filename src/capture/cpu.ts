/**
 * nta-top's own CPU use, for the header: how much of a core the whole process (every thread,
 * user + system time) used between two samples.
 *
 * Source: process.cpuUsage() (getrusage(RUSAGE_SELF), microseconds) and process.hrtime.bigint()
 * (monotonic, nanoseconds).
 */
export class CpuMeter {
  private lastCpuUs: number;
  private lastWallNs: bigint;
  private percent: number | null = null;

  /**
   * @param minIntervalMs samples closer together than this return the previous value, so several
   *   readers in one redraw see one number (milliseconds).
   */
  constructor(private readonly minIntervalMs = 250) {
    const u = process.cpuUsage();
    this.lastCpuUs = u.user + u.system;
    this.lastWallNs = process.hrtime.bigint();
  }

  /**
   * CPU used since the previous sample, in percent of one core (100 = one core busy; up to
   * 100 × cores with several threads). null until minIntervalMs has passed since construction.
   */
  sample(): number | null {
    const now = process.hrtime.bigint();
    const wallUs = Number(now - this.lastWallNs) / 1000;
    if (wallUs < this.minIntervalMs * 1000) return this.percent;
    const u = process.cpuUsage();
    const cpuUs = u.user + u.system;
    this.percent = (100 * (cpuUs - this.lastCpuUs)) / wallUs;
    this.lastCpuUs = cpuUs;
    this.lastWallNs = now;
    return this.percent;
  }
}
