import type { ReplyEnvelope, TextPort } from '../../common/wire.js';
import type { EventBus } from '../events/eventBus.js';
import type { EventName } from '../../common/contract.js';
import type { Connection } from './caller.js';
import type { CommandRouter } from './router.js';

const MALFORMED: ReplyEnvelope = {
  id: null,
  ok: false,
  error: { code: 'invalid_input', message: 'Malformed message: expected {"id": number, "command": string, "input": object}' },
};

/**
 * A text port that can push back on its client. Every method is optional: a port without them
 * (an in-memory pair in tests) is served as before, only taking turns with the others.
 */
export interface FlowControlledPort extends TextPort {
  /** Stops reading the client's messages; a few already read may still arrive. */
  pause?(): void;
  /** Starts reading the client's messages again. */
  resume?(): void;
  /** True while the client is not reading what was sent to it fast enough. */
  congested?(): boolean;
  /** Calls `listener` whenever what was sent has been taken off the host's hands. */
  onDrain?(listener: () => void): void;
}

/** How much of the host one client may hold at a time. */
export interface ContractLimits {
  /** Commands of one client being handled at once (default 8). */
  maxInFlight?: number;
  /** Commands of one client read but not yet started before reading from it stops (default 64). */
  maxQueued?: number;
  /** Characters of such commands before reading from it stops (default 4 Mi). */
  maxQueuedChars?: number;
}

const DEFAULT_LIMITS: Required<ContractLimits> = { maxInFlight: 8, maxQueued: 64, maxQueuedChars: 4 * 1024 * 1024 };

/**
 * One client's commands: read into its own queue, started when it is its turn, and never more of
 * them in flight, queued, or waiting to be read by it than its limits allow.
 */
class ClientQueue {
  private readonly queue: string[] = [];
  private queuedChars = 0;
  private inFlight = 0;
  private paused = false;
  closed = false;

  constructor(
    private readonly router: CommandRouter,
    private readonly port: FlowControlledPort,
    private readonly connection: Connection,
    private readonly limits: Required<ContractLimits>,
    private readonly turns: Turns,
  ) {}

  receive(text: string): void {
    if (this.closed) return;
    this.queue.push(text);
    this.queuedChars += text.length;
    this.steer();
  }

  /** Whether this client may start a command in the current round. */
  ready(): boolean {
    return !this.closed && this.queue.length > 0 && this.inFlight < this.limits.maxInFlight && !this.port.congested?.();
  }

  /** Starts this client's next command; the synchronous part of its handler runs now. */
  startNext(): void {
    const text = this.queue.shift();
    if (text === undefined) return;
    this.queuedChars -= text.length;
    this.inFlight++;
    void this.answer(text).finally(() => {
      this.inFlight--;
      this.steer();
    });
  }

  /** Re-checks reading and turns after anything that changes them: a message, a reply, a drain. */
  steer(): void {
    if (this.closed) return;
    const full = this.queue.length >= this.limits.maxQueued || this.queuedChars >= this.limits.maxQueuedChars;
    // Stop reading from a client whose replies pile up, or who sends faster than it is served;
    // start again only well below the limit so a busy client does not flap between the two.
    const backedUp = this.port.congested?.() === true;
    if (!this.paused && (full || backedUp)) {
      this.paused = true;
      this.port.pause?.();
    } else if (this.paused && !backedUp && this.queue.length <= this.limits.maxQueued / 2 && this.queuedChars <= this.limits.maxQueuedChars / 2) {
      this.paused = false;
      this.port.resume?.();
    }
    if (this.ready()) this.turns.wake(this);
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.queuedChars = 0;
  }

  private async answer(text: string): Promise<void> {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      message = null;
    }
    const envelope = message as { id?: unknown; command?: unknown; input?: unknown } | null;
    if (typeof envelope !== 'object' || envelope === null || typeof envelope.id !== 'number') {
      this.port.send(JSON.stringify(MALFORMED));
      return;
    }
    const reply = await this.router.handle(envelope.command, envelope.input, this.connection);
    if (!this.closed) this.port.send(JSON.stringify({ id: envelope.id, ...reply }));
  }
}

/**
 * Round robin over every client with a command to start: one command each per round, and back to
 * the event loop between rounds, so a client's burst delays another's reply by one command of
 * each, not by the whole burst, and sockets keep being read meanwhile. (Starting several per turn
 * measured no faster: a command's own work, not the trip through the event loop, sets the pace.)
 */
class Turns {
  // A Set keeps insertion order: a client re-added after its turn goes to the back.
  private readonly waiting = new Set<ClientQueue>();
  private scheduled = false;

  wake(client: ClientQueue): void {
    this.waiting.add(client);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.round());
  }

  private round(): void {
    this.scheduled = false;
    const clients = [...this.waiting];
    this.waiting.clear();
    for (const client of clients) {
      if (client.ready()) client.startNext();
    }
    // Whoever still has work waits for the next round, after I/O has had its turn.
    for (const client of clients) {
      if (client.ready()) this.wake(client);
    }
  }
}

// One for the whole process: the point is that clients take turns with each other.
const turns = new Turns();

/**
 * Serves the contract to one client over a text port: every command goes through the router, as
 * the connection's session; core events are pushed while it is signed in. Returns the function
 * that disconnects the client.
 */
export function serveContract(
  router: CommandRouter,
  events: EventBus,
  port: FlowControlledPort,
  connection: Connection,
  options: { limits?: ContractLimits; mayReceiveEvents: (connection: Connection, event: EventName) => boolean },
): () => void {
  const client = new ClientQueue(router, port, connection, { ...DEFAULT_LIMITS, ...options.limits }, turns);
  port.onMessage((text) => client.receive(text));
  port.onDrain?.(() => client.steer());
  // Events carry jobs, logs and approvals: only a connection signed in, on a session still valid, gets them.
  const unsubscribe = events.onAny((event, payload) => {
    if (options.mayReceiveEvents(connection, event)) port.send(JSON.stringify({ event, payload }));
  });
  const previous = connection.onSessionEnded;
  connection.onSessionEnded = (reason) => {
    previous?.(reason);
    port.send(JSON.stringify({ event: 'session.ended', payload: { reason } }));
  };
  return () => {
    client.close();
    unsubscribe();
  };
}
