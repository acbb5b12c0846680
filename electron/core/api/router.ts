import { commands, isCommandName, type CommandName, type CommandOutput } from '../../common/contract.js';
import { RpaError, toWireError, type WireResult } from '../../common/errors.js';
import type { z } from 'zod';

/** Who sent a command; every transport fills it in after its own sender check. */
export interface Caller {
  user: string;
}

/** One handler per command, typed from the contract. */
export type Handlers = {
  [C in CommandName]: (input: z.output<(typeof commands)[C]['input']>, caller: Caller) => CommandOutput<C> | Promise<CommandOutput<C>>;
};

const MAX_ISSUES_SHOWN = 3;

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, MAX_ISSUES_SHOWN)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * The one entry point of every command from any transport: the name must be in the contract and
 * the input must match its schema before a handler sees it; every failure becomes a wire error.
 */
export class CommandRouter {
  constructor(
    private readonly handlers: Handlers,
    private readonly onInternalError: (command: string, err: unknown) => void = () => undefined,
  ) {}

  async handle(command: unknown, input: unknown, caller: Caller): Promise<WireResult<unknown>> {
    if (!isCommandName(command)) {
      const shown = typeof command === 'string' ? `"${command.slice(0, 80)}"` : `a ${typeof command}`;
      return { ok: false, error: { code: 'unknown_command', message: `Unknown command ${shown}` } };
    }
    const parsed = commands[command].input.safeParse(input ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_input', message: `Invalid input for ${command}: ${describeIssues(parsed.error.issues)}` } };
    }
    try {
      const handler = this.handlers[command] as (input: unknown, caller: Caller) => unknown;
      return { ok: true, result: await handler(parsed.data, caller) };
    } catch (err) {
      if (!(err instanceof RpaError)) this.onInternalError(command, err);
      return { ok: false, error: toWireError(err) };
    }
  }
}
