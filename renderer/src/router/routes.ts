import type { Permission } from '../../../electron/common/permissions';

/** The screens the hash router knows, with what each one needs from the URL. */
export type Route =
  | { screen: 'jobs' }
  | { screen: 'job'; jobId: number }
  | { screen: 'bots' }
  | { screen: 'runBot'; botId: string; from: number | null }
  | { screen: 'schedules' }
  | { screen: 'approvals' }
  | { screen: 'approval'; approvalId: number }
  | { screen: 'users' }
  | { screen: 'credentials' }
  | { screen: 'audit' }
  | { screen: 'notFound'; missing: 'job' | 'approval' | 'page'; name: string };

/** Where the app opens when the URL names no screen. */
export const DEFAULT_PATH = '/jobs';

/** Reads a route from `location.hash` (with or without the leading `#`). */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || DEFAULT_PATH;
  // Anything that is not a path (such as `#token=…` before the api takes it away) means the default screen.
  if (!path.startsWith('/') || path === '/' || path === '/jobs') return { screen: 'jobs' };
  if (path === '/bots') return { screen: 'bots' };
  if (path === '/schedules') return { screen: 'schedules' };
  if (path === '/approvals') return { screen: 'approvals' };
  if (path === '/users') return { screen: 'users' };
  if (path === '/credentials') return { screen: 'credentials' };
  if (path === '/audit') return { screen: 'audit' };

  const approval = /^\/approvals\/([^/]+)$/.exec(path);
  if (approval?.[1] !== undefined) {
    const approvalId = Number(approval[1]);
    return Number.isSafeInteger(approvalId) && approvalId > 0
      ? { screen: 'approval', approvalId }
      : { screen: 'notFound', missing: 'approval', name: decodePart(approval[1]) };
  }

  const job = /^\/jobs\/([^/]+)$/.exec(path);
  if (job?.[1] !== undefined) {
    const jobId = Number(job[1]);
    return Number.isSafeInteger(jobId) && jobId > 0 ? { screen: 'job', jobId } : { screen: 'notFound', missing: 'job', name: decodePart(job[1]) };
  }

  const runBot = /^\/bots\/([^/?]+)\/run(?:\?(.*))?$/.exec(path);
  if (runBot?.[1] !== undefined) return { screen: 'runBot', botId: decodePart(runBot[1]), from: readFrom(runBot[2]) };

  return { screen: 'notFound', missing: 'page', name: path };
}

/** The permission a screen needs; the sidebar leaves out, and the router refuses, the others. */
export function routePermission(route: Route): Permission {
  switch (route.screen) {
    case 'runBot':
      return 'jobs.run';
    case 'users':
      return 'users.manage';
    case 'credentials':
      return 'credentials.manage';
    case 'audit':
      return 'audit.read';
    case 'notFound':
      return 'session';
    default:
      return 'jobs.read';
  }
}

/** The hash of the Job screen for `jobId`. */
export function jobHref(jobId: number): string {
  return `#/jobs/${jobId}`;
}

/** The hash of the approval screen for `approvalId`. */
export function approvalHref(approvalId: number): string {
  return `#/approvals/${approvalId}`;
}

/** The hash of the Run form of `botId`. */
export function runBotHref(botId: string): string {
  return `#/bots/${encodeURIComponent(botId)}/run`;
}

/** The Run form of `botId` pre-filled from job `jobId`, whose rerun it creates. */
export function rerunWithChangesHref(botId: string, jobId: number): string {
  return `${runBotHref(botId)}?from=${jobId}`;
}

// `?from=<jobId>` of the Run form; anything else in the query is ignored.
function readFrom(query: string | undefined): number | null {
  if (!query) return null;
  const from = Number(new URLSearchParams(query).get('from') ?? '');
  return Number.isSafeInteger(from) && from > 0 ? from : null;
}

function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
