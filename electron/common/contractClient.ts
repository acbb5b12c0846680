import type { CommandInput, CommandName, CommandOutput, EventName, Events, RpaBridge } from './contract.js';
import type { WireResult } from './errors.js';
import type { EventEnvelope, ReplyEnvelope, TextPort } from './wire.js';

/** The client end of the contract over a text port; what `window.rpa` is in headless mode. */
export interface ContractClient extends RpaBridge {
  /** Fails every command still waiting, e.g. when the connection drops. */
  failPending(message: string): void;
}

/** Builds a client that sends commands as envelopes and routes replies and events back. */
export function createContractClient(port: TextPort, options: { timeoutMs?: number; onListenerError?: (err: unknown) => void } = {}): ContractClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const onListenerError = options.onListenerError ?? ((err: unknown) => console.error('An event listener failed', err));
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: WireResult<unknown>) => void; timer: ReturnType<typeof setTimeout> }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  port.onMessage((text) => {
    let message: Partial<ReplyEnvelope & EventEnvelope>;
    try {
      message = JSON.parse(text) as Partial<ReplyEnvelope & EventEnvelope>;
    } catch {
      return;
    }
    if (typeof message.event === 'string') {
      for (const listener of listeners.get(message.event) ?? []) {
        // One failing screen must not starve the other listeners of the event.
        try {
          listener(message.payload);
        } catch (err) {
          onListenerError(err);
        }
      }
      return;
    }
    if (typeof message.id !== 'number') return;
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    clearTimeout(waiting.timer);
    const reply = message as ReplyEnvelope;
    waiting.resolve(reply.ok ? { ok: true, result: reply.result } : { ok: false, error: reply.error });
  });

  function settle(id: number, message: string): void {
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    clearTimeout(waiting.timer);
    waiting.resolve({ ok: false, error: { code: 'unavailable', message } });
  }

  return {
    invoke<C extends CommandName>(command: C, input: CommandInput<C>): Promise<WireResult<CommandOutput<C>>> {
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => settle(id, `RPA Desk did not answer "${command}" within ${timeoutMs / 1000} seconds.`), timeoutMs);
        pending.set(id, { resolve: resolve as (r: WireResult<unknown>) => void, timer });
        port.send(JSON.stringify({ id, command, input }));
      });
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const stored = listener as (payload: unknown) => void;
      set.add(stored);
      return () => set.delete(stored);
    },
    failPending(message) {
      for (const id of [...pending.keys()]) settle(id, message);
    },
  };
}
