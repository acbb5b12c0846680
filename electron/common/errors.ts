/** Codes an error may carry across a process boundary. */
export type ErrorCode =
  | 'invalid_input'
  | 'invalid_params'
  | 'unknown_command'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  /** No session, or it ended: sign in (again). */
  | 'unauthenticated'
  | 'unavailable'
  | 'internal';

/** An error as it travels over IPC or the WebSocket. */
export interface WireError {
  code: ErrorCode;
  message: string;
  /** Per-field messages, keyed by parameter name, for forms to show next to the field. */
  fields?: Record<string, string>;
}

/** The answer to a command: exactly one of result or error. */
export type WireResult<T> = { ok: true; result: T } | { ok: false; error: WireError };

/** An error meant for the operator: its message is safe and specific enough to show. */
export class RpaError extends Error {
  override name = 'RpaError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }

  /** The form this error takes on the wire. */
  toWire(): WireError {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }

  /** Rebuilds the error on the receiving side. */
  static fromWire(error: WireError): RpaError {
    return new RpaError(error.code, error.message, error.fields);
  }
}

/** Turns anything thrown into a wire error; unexpected errors keep their message but not their stack. */
export function toWireError(err: unknown): WireError {
  if (err instanceof RpaError) return err.toWire();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: `Internal error: ${message}` };
}
