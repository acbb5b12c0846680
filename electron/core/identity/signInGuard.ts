/** Failed sign-ins before an account is locked, and for how long. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MS = 5 * 60_000;

/**
 * Counts failed sign-ins per user name — known or not, so a locked answer does not tell whether a
 * name exists — and locks the name for five minutes after the fifth in a row. Kept in memory: a
 * restart of the app is not something an attacker at the sign-in page can cause.
 */
export class SignInGuard {
  private readonly failures = new Map<string, { count: number; lockedUntil: number | null }>();

  constructor(private readonly now: () => number) {}

  /** Until when `username` is locked, or null when it may try. */
  lockedUntil(username: string): number | null {
    const entry = this.failures.get(key(username));
    if (!entry?.lockedUntil) return null;
    if (entry.lockedUntil <= this.now()) {
      this.failures.delete(key(username));
      return null;
    }
    return entry.lockedUntil;
  }

  /** Records a failure; returns the lock's end when this one locked the name. */
  failed(username: string): number | null {
    const entry = this.failures.get(key(username)) ?? { count: 0, lockedUntil: null };
    entry.count++;
    if (entry.count >= MAX_FAILED_SIGN_INS) entry.lockedUntil = this.now() + LOCK_MS;
    this.failures.set(key(username), entry);
    // Bounded: a flood of made-up names cannot grow this without end.
    if (this.failures.size > 10_000) this.forgetOldest();
    return entry.lockedUntil;
  }

  succeeded(username: string): void {
    this.failures.delete(key(username));
  }

  /** An admin unlocked the account (a password reset). */
  clear(username: string): void {
    this.failures.delete(key(username));
  }

  private forgetOldest(): void {
    for (const [name, entry] of this.failures) {
      if (!entry.lockedUntil) {
        this.failures.delete(name);
        if (this.failures.size <= 5_000) return;
      }
    }
  }
}

function key(username: string): string {
  return username.trim().toLowerCase();
}
