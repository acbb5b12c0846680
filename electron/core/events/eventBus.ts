import type { EventName, Events } from '../../common/contract.js';

type Listener<E extends EventName> = (payload: Events[E]) => void;

/** Fans core events out to the transports; a failing listener never stops the others. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();
  private readonly allListeners = new Set<(event: EventName, payload: Events[EventName]) => void>();
  /** Events emitted inside deferWhile(), delivered once it returns. */
  private held: [EventName, Events[EventName]][] | null = null;

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    if (this.held) this.held.push([event, payload]);
    else this.deliver(event, payload);
  }

  /**
   * Runs `fn` (a transaction) holding back the events it emits, then delivers them in order: no
   * listener hears of a change before it is committed. If `fn` throws, its changes were rolled
   * back and its events are dropped. A nested call (a savepoint) holds its events for the outermost.
   */
  deferWhile<T>(fn: () => T): T {
    if (this.held) return this.nestedDeferWhile(this.held, fn);
    const held: [EventName, Events[EventName]][] = [];
    this.held = held;
    let result: T;
    try {
      result = fn();
    } finally {
      this.held = null;
    }
    for (const [event, payload] of held) this.deliver(event, payload);
    return result;
  }

  /** Inside another deferWhile (a savepoint): its events wait for the outer one; if it throws, only they are dropped. */
  private nestedDeferWhile<T>(held: [EventName, Events[EventName]][], fn: () => T): T {
    const mark = held.length;
    try {
      return fn();
    } catch (err) {
      held.length = mark;
      throw err;
    }
  }

  private deliver<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners.get(event) ?? []) safeCall(() => listener(payload));
    for (const listener of this.allListeners) safeCall(() => listener(event, payload));
  }

  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const stored = listener as unknown as Listener<EventName>;
    set.add(stored);
    return () => set.delete(stored);
  }

  /** Subscribes to every event, as transports do. */
  onAny(listener: (event: EventName, payload: Events[EventName]) => void): () => void {
    this.allListeners.add(listener);
    return () => this.allListeners.delete(listener);
  }
}

function safeCall(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    console.error('An event listener failed:', err);
  }
}
