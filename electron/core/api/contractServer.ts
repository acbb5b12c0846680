import type { ReplyEnvelope, TextPort } from '../../common/wire.js';
import type { EventBus } from '../events/eventBus.js';
import type { Caller, CommandRouter } from './router.js';

const MALFORMED: ReplyEnvelope = {
  id: null,
  ok: false,
  error: { code: 'invalid_input', message: 'Malformed message: expected {"id": number, "command": string, "input": object}' },
};

/**
 * Serves the contract to one client over a text port: every command goes through the router,
 * every core event is pushed. Returns the function that disconnects the client.
 */
export function serveContract(router: CommandRouter, events: EventBus, port: TextPort, caller: Caller): () => void {
  port.onMessage((text) => {
    void answer(router, port, text, caller);
  });
  return events.onAny((event, payload) => port.send(JSON.stringify({ event, payload })));
}

async function answer(router: CommandRouter, port: TextPort, text: string, caller: Caller): Promise<void> {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    message = null;
  }
  const envelope = message as { id?: unknown; command?: unknown; input?: unknown } | null;
  if (typeof envelope !== 'object' || envelope === null || typeof envelope.id !== 'number') {
    port.send(JSON.stringify(MALFORMED));
    return;
  }
  const reply = await router.handle(envelope.command, envelope.input, caller);
  port.send(JSON.stringify({ id: envelope.id, ...reply }));
}
