/** Progress lines for long phases: one line per phase, redrawn in place on a terminal, at most once a second otherwise. */
export type Log = (line: string) => void;

export const defaultLog: Log = (line) => process.stdout.write(`${line}\n`);

const fmt = new Intl.NumberFormat("en-US");
export const formatCount = (n: number) => fmt.format(Math.round(n));

export class Progress {
  private lastAt = 0;
  private readonly started = Date.now();
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly log: Log = defaultLog,
  ) {
    this.tty = Boolean(process.stdout.isTTY) && log === defaultLog;
  }

  private line(done: number, rows: number) {
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
    const pct = this.total > 0 ? Math.floor((done / this.total) * 100) : 100;
    return `  ${this.label.padEnd(14)} ${formatCount(done).padStart(9)} / ${formatCount(this.total).padEnd(9)} ${String(pct).padStart(3)}%  ${formatCount(rows / seconds).padStart(9)} rows/s  ${seconds.toFixed(1)} s`;
  }

  /** `done` items of `total`, `rows` rows written so far in this phase. */
  update(done: number, rows: number) {
    const now = Date.now();
    if (done < this.total && now - this.lastAt < (this.tty ? 200 : 1000)) return;
    this.lastAt = now;
    if (this.tty) process.stdout.write(`\r${this.line(done, rows)}`);
    else if (done < this.total) this.log(this.line(done, rows));
  }

  finish(rows: number) {
    if (this.tty) process.stdout.write(`\r${this.line(this.total, rows)}\n`);
    else this.log(this.line(this.total, rows));
  }
}
