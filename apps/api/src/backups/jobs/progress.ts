const PROGRESS_EVERY_MS = 500;

/** Calls `fn` at most every PROGRESS_EVERY_MS (and always for the final value). */
export function throttle<T>(fn: (v: T) => void): (v: T, force?: boolean) => void {
  let last = 0;
  return (v, force = false) => {
    const now = Date.now();
    if (!force && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    fn(v);
  };
}

export const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
