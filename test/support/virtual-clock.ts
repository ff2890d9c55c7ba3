/**
 * A clock that moves only when everything waits: `sleep` registers a timer, and `run` fires the earliest timer
 * whenever no promise has work left to do. Pacing tests run seconds of rate-limited traffic in no real time, and
 * their start times are exact, so they assert the schedule itself rather than how fast the machine was.
 */
export function virtualClock() {
  let now = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms: number) => new Promise<void>((resolve) => timers.push({ at: now + ms, resolve })),
    async run<T>(work: Promise<T>): Promise<T> {
      let done = false;
      void work.finally(() => (done = true));
      for (;;) {
        await flush();
        if (done) return work;
        timers.sort((a, b) => a.at - b.at);
        const timer = timers.shift();
        if (timer === undefined) throw new Error('nothing left to wait for, but the work is not done');
        now = Math.max(now, timer.at);
        timer.resolve();
      }
    },
  };
}

export type VirtualClock = ReturnType<typeof virtualClock>;
