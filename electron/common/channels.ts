/** Names of the IPC channels; kept free of imports so the sandboxed preload bundle stays tiny. */
export const CHANNELS = { invoke: 'rpa:invoke', event: 'rpa:event' } as const;

/** Every event name of the contract; the preload refuses any other. contract.ts does not compile unless it names exactly the contract's `Events`. */
export const EVENT_NAMES = [
  'job.updated',
  'log.appended',
  'schedule.updated',
  'schedule.deleted',
  'approval.updated',
  'app.navigate',
  'session.ended',
  'user.updated',
  'credentials.changed',
] as const;
