import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditChannel } from '../common/auditContract.js';
import type { Caller } from './api/caller.js';

/** What is known about the command being handled, wherever in the core its work goes. */
export interface RequestContext {
  caller: Caller;
  command: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` as part of handling one command: the audit trail (and later logs) read who and through which door. */
export function runInRequest<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The command being handled right now, or undefined outside one (the scheduler, start-up, a worker's report). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** The channel of the command being handled, or `fallback` outside one. */
export function currentChannel(fallback: AuditChannel = 'system'): AuditChannel {
  return storage.getStore()?.caller.channel ?? fallback;
}

/**
 * Runs `work` as no command's: for background work a command only set going (the dispatcher's
 * pass, the workers it starts and everything they report later), which must not be recorded as
 * coming through that command's channel.
 */
export function outsideRequest<T>(work: () => T): T {
  return storage.exit(work);
}
