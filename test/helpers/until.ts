/** Resolves once `check()` is true, polling every `everyMs`; rejects after `timeoutMs`. */
export function until(check: () => boolean, timeoutMs = 20_000, everyMs = 5): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error('Timed out waiting'));
      }
    }, everyMs);
  });
}
