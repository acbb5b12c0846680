import type { WireError } from './errors.js';

/** A text channel between the two ends of the contract (a WebSocket, or an in-memory pair in tests). */
export interface TextPort {
  send(text: string): void;
  onMessage(listener: (text: string) => void): void;
}

/** A command on the wire. */
export interface RequestEnvelope {
  id: number;
  command: string;
  input: unknown;
}

/** The answer to a command, matched to it by id (null when the request was too broken to have one). */
export type ReplyEnvelope = { id: number | null } & ({ ok: true; result: unknown } | { ok: false; error: WireError });

/** An event pushed from main. */
export interface EventEnvelope {
  event: string;
  payload: unknown;
}
