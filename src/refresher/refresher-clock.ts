/** An opaque timer handle, as returned by `setTimeout`. */
export type TimerHandle = unknown;

/** Time and timers of the refresher, injectable so schedules can be tested without waiting. */
export interface RefresherClock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The process clock. Timers are unref'd: a pending refresh never keeps the process alive on
 * its own (the listening sockets do that while the server runs).
 */
export const systemClock: RefresherClock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
