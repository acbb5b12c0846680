/** The screens the hash router knows, with what each one needs from the URL. */
export type Route =
  | { screen: 'jobs' }
  | { screen: 'job'; jobId: number }
  | { screen: 'bots' }
  | { screen: 'runBot'; botId: string }
  | { screen: 'notFound'; message: string };

/** Where the app opens when the URL names no screen. */
export const DEFAULT_PATH = '/jobs';

/** Reads a route from `location.hash` (with or without the leading `#`). */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || DEFAULT_PATH;
  // Anything that is not a path (such as `#token=…` before the api takes it away) means the default screen.
  if (!path.startsWith('/') || path === '/' || path === '/jobs') return { screen: 'jobs' };
  if (path === '/bots') return { screen: 'bots' };

  const job = /^\/jobs\/([^/]+)$/.exec(path);
  if (job?.[1] !== undefined) {
    const jobId = Number(job[1]);
    return Number.isSafeInteger(jobId) && jobId > 0
      ? { screen: 'job', jobId }
      : { screen: 'notFound', message: `Job ${decodePart(job[1])} not found` };
  }

  const runBot = /^\/bots\/([^/]+)\/run$/.exec(path);
  if (runBot?.[1] !== undefined) return { screen: 'runBot', botId: decodePart(runBot[1]) };

  return { screen: 'notFound', message: `There is no page at ${path}` };
}

/** The hash of the Job screen for `jobId`. */
export function jobHref(jobId: number): string {
  return `#/jobs/${jobId}`;
}

/** The hash of the Run form of `botId`. */
export function runBotHref(botId: string): string {
  return `#/bots/${encodeURIComponent(botId)}/run`;
}

function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
