import { commands, isCommandName, permissionOf, type CommandName, type CommandOutput } from '../../common/contract.js';
import { RpaError, toWireError, type WireResult } from '../../common/errors.js';
import type { z } from 'zod';
import type { Caller, Connection } from './caller.js';
import { runInRequest } from '../requestContext.js';

export type { Caller, Connection } from './caller.js';

/** Turns a connection into the caller its session stands for, or says why it cannot. */
export interface CallerResolver {
  /** The signed-in caller, or an anonymous one (public commands only) with why there is no session. */
  resolve(connection: Connection): { caller: Caller; problem: string | null };
}

/** One handler per command, typed from the contract. */
export type Handlers = {
  [C in CommandName]: (input: z.output<(typeof commands)[C]['input']>, caller: Caller) => CommandOutput<C> | Promise<CommandOutput<C>>;
};

const MAX_ISSUES_SHOWN = 3;

// Checked before zod so that neither zod nor the store's JSON.stringify recurses thousands deep (a
// stack overflow), and so that a structured-clone input sharing one object many times (30 levels
// of `[x, x]` are 2^30 paths through 30 arrays) costs nothing. No legitimate input comes near
// them: the contract's deepest inputs are 2 levels (an input holding `params`, `settings` or
// `selectedRows`), the Run form's parameters are flat, and even a bot taking rows of objects
// reaches 4 (input → params → rows → row); the largest are a few dozen values or an approval's rows.
const MAX_INPUT_DEPTH = 32;
const MAX_INPUT_VALUES = 100_000;

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  // Dates, typed arrays, Maps… (structured clone) are single values to every schema here.
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Why an input is too deep or too big to validate, or null; iterative, so it cannot overflow itself. */
function inputShapeProblem(input: unknown): string | null {
  if (!isContainer(input)) return null;
  const values: unknown[] = [input];
  const depths: number[] = [1];
  let seen = 1;
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop() ?? 1;
    if (depth > MAX_INPUT_DEPTH) return `Input is nested deeper than ${MAX_INPUT_DEPTH} levels`;
    const children: readonly unknown[] = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
    // Counted before the loop: a sparse array's length can be in the billions.
    seen += children.length;
    if (seen > MAX_INPUT_VALUES) return `Input has more than ${MAX_INPUT_VALUES} values`;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (!isContainer(child)) continue;
      values.push(child);
      depths.push(depth + 1);
    }
  }
  return null;
}

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
    private readonly callers: CallerResolver,
    private readonly onInternalError: (command: string, err: unknown) => void = () => undefined,
  ) {}

  async handle(command: unknown, input: unknown, connection: Connection): Promise<WireResult<unknown>> {
    if (!isCommandName(command)) {
      const shown = typeof command === 'string' ? `"${command.slice(0, 80)}"` : `a ${typeof command}`;
      return { ok: false, error: { code: 'unknown_command', message: `Unknown command ${shown}` } };
    }
    // Who, then whether they may, before the input is even looked at: a refusal costs nothing and
    // tells an unauthorised caller nothing about what a valid input would be.
    const permission = permissionOf(command);
    const { caller, problem } = this.callers.resolve(connection);
    if (!caller.permissions.has(permission)) {
      if (caller.userId === null && permission !== 'public') {
        return { ok: false, error: { code: 'unauthenticated', message: problem ?? 'Sign in to RPA Desk first' } };
      }
      return {
        ok: false,
        error: {
          code: 'forbidden',
          message: `${command} needs the permission "${permission}", which the role of ${caller.displayName || caller.user} does not have`,
        },
      };
    }
    const shapeProblem = inputShapeProblem(input);
    if (shapeProblem) return { ok: false, error: { code: 'invalid_input', message: shapeProblem } };
    const parsed = commands[command].input.safeParse(input ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_input', message: `Invalid input for ${command}: ${describeIssues(parsed.error.issues)}` } };
    }
    try {
      const handler = this.handlers[command] as (input: unknown, caller: Caller) => unknown;
      return { ok: true, result: await runInRequest({ caller, command }, () => handler(parsed.data, caller)) };
    } catch (err) {
      if (!(err instanceof RpaError)) this.onInternalError(command, err);
      return { ok: false, error: toWireError(err) };
    }
  }
}
