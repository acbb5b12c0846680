import { z } from 'zod';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A bot's parameters as a command carries them (jobs.create, jobs.rerun, schedules): any plain
 * object, passed on as it came. Only the bot's own strict schema judges the keys. A
 * `z.record(...)` here would copy the object and silently leave out a `__proto__` key (JSON.parse
 * makes it an own property; zod skips it so as not to replace the copy's prototype), so the bot's
 * schema never saw it to refuse it as an unknown parameter.
 */
export const BotParamsSchema = z.unknown().refine(isPlainObject, { message: 'Expected an object of parameters' });
