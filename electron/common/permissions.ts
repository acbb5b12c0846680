/**
 * Who may do what. Every command of the contract names one of these permissions; the router checks
 * it for every caller before the handler runs. The renderer reads the same table to show only what
 * the signed-in user may use.
 */
export const PERMISSIONS = [
  /** Anyone, signed in or not: sign-in, first-admin setup, whether a session is still valid. */
  'public',
  /** Any signed-in user: the app's own information, signing out, one's own password. */
  'session',
  /** Read bots, jobs, logs, files, schedules, approvals and a job's own audit entries. */
  'jobs.read',
  /** Start jobs (run, rerun, run later, run now, move), give them input files. */
  'jobs.run',
  /** Cancel jobs. */
  'jobs.cancel',
  /** Create, edit, enable, delete and run schedules. */
  'schedules.manage',
  /** Decide approvals and hand-offs. */
  'approvals.decide',
  /** See the names of vault entries (to pick one for a job); never their values. */
  'credentials.use',
  /** Create, replace and delete vault entries, choose bots' defaults. */
  'credentials.manage',
  /** Create users, change roles and bot limits, disable, reset passwords. */
  'users.manage',
  /** Read, export and verify the whole audit trail. */
  'audit.read',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'operator', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const SIGNED_IN: readonly Permission[] = ['public', 'session'];

/** What each role may do. Admin may do everything. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  operator: [...SIGNED_IN, 'jobs.read', 'jobs.run', 'jobs.cancel', 'schedules.manage', 'credentials.use'],
  approver: [...SIGNED_IN, 'jobs.read', 'approvals.decide'],
  viewer: [...SIGNED_IN, 'jobs.read'],
};

/** True when `role` grants `permission`. */
export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Which bots a user may start jobs of: every bot, or only these. */
export type BotScope = { all: true } | { all: false; botIds: string[] };

/** True when a user with this scope may start jobs of `botId`. */
export function scopeAllows(scope: BotScope, botId: string): boolean {
  return scope.all || scope.botIds.includes(botId);
}
