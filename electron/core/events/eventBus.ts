import type { EventName, Events } from '../../common/contract.js';

type Listener<E extends EventName> = (payload: Events[E]) => void;

/** Fans core events out to the transports; a failing listener never stops the others. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();
  private readonly allListeners = new Set<(event: EventName, payload: Events[EventName]) => void>();

  emit<E extends EventName>(event: E, payload: Events[E]): void {
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
