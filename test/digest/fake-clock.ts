import type { TimerClock } from '../../src/clock.js';

/** A clock that moves only when the test says; timers fire in order as it is advanced. */
export class FakeClock implements TimerClock {
  private t: number;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private ids = 0;

  constructor(start: string | Date) {
    this.t = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  setTimer(ms: number, fn: () => void): () => void {
    const id = ++this.ids;
    this.timers.push({ at: this.t + Math.max(0, ms), fn, id });
    return () => {
      this.timers = this.timers.filter((x) => x.id !== id);
    };
  }

  /** Retry waits pass at once, moving the clock. */
  async sleep(ms: number): Promise<void> {
    this.t += Math.max(0, ms);
  }

  /** Moves to `to`, firing each timer due on the way at its own time, and awaiting `settle` after each. */
  async advanceTo(to: string | Date, settle: () => Promise<void> = async () => undefined): Promise<void> {
    const end = new Date(to).getTime();
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = Math.max(this.t, due.at);
      due.fn();
      await settle();
    }
    this.t = Math.max(this.t, end);
  }

  /** How many timers are armed. */
  get pending(): number {
    return this.timers.length;
  }
}
