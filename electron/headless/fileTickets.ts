import { randomBytes } from 'node:crypto';

/** How long a file address handed to the browser works: long enough to open, preview or save it. */
const TICKET_MS = 10 * 60_000;
/** Tickets kept at once; the oldest go first (an operator opens a few files, not thousands). */
const MAX_TICKETS = 2_000;

/**
 * Addresses of job files for the browser in headless mode. The page cannot add a session to a
 * plain link or an `<img>`, and a session token in a URL would outlive its use in the history:
 * instead `files.open` (which needs a signed-in user allowed to read jobs) hands out a random
 * ticket for that one file, valid for ten minutes.
 */
export class FileTickets {
  private readonly tickets = new Map<string, { fileId: number; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(fileId: number): string {
    const ticket = randomBytes(24).toString('base64url');
    this.tickets.set(ticket, { fileId, expiresAt: this.now() + TICKET_MS });
    if (this.tickets.size > MAX_TICKETS) {
      const oldest = this.tickets.keys().next().value;
      if (oldest !== undefined) this.tickets.delete(oldest);
    }
    return ticket;
  }

  /** True when `ticket` was issued for `fileId` and has not expired. */
  allows(ticket: string | null, fileId: number): boolean {
    if (!ticket) return false;
    const entry = this.tickets.get(ticket);
    if (!entry) return false;
    if (entry.expiresAt <= this.now()) {
      this.tickets.delete(ticket);
      return false;
    }
    return entry.fileId === fileId;
  }
}
