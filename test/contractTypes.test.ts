import { describe, expectTypeOf, it } from 'vitest';
import type { CommandInput, CommandName, CommandOutput, Events } from '../electron/common/contract.js';
import type { JobDetail, JobSummary, LogLine } from '../electron/common/domain.js';
import type { SessionGrant, SessionState } from '../electron/common/identityContract.js';
import type { Permission } from '../electron/common/permissions.js';
import type { CredentialSummary } from '../electron/common/vaultContract.js';
import { permissionOf } from '../electron/common/contract.js';

// The contract's shape, pinned at compile time (npm run typecheck): a change to what a command takes
// or answers, or to an event's payload, must be made here on purpose, not slip through a refactor.

describe('the contract, as types', () => {
  it('pins what the job commands take and answer', () => {
    expectTypeOf<CommandOutput<'jobs.create'>>().toEqualTypeOf<JobSummary>();
    expectTypeOf<CommandOutput<'jobs.get'>>().toEqualTypeOf<JobDetail>();
    expectTypeOf<CommandInput<'jobs.create'>>().toHaveProperty('botId').toEqualTypeOf<string>();
    expectTypeOf<CommandInput<'jobs.create'>>().toHaveProperty('credentials').toEqualTypeOf<Record<string, number> | undefined>();
    expectTypeOf<CommandInput<'jobs.cancel'>>().toEqualTypeOf<{ jobId: number }>();
  });

  it('pins sign-in and the vault: a grant carries a token, no command answers a credential value', () => {
    expectTypeOf<CommandOutput<'session.signIn'>>().toEqualTypeOf<SessionGrant>();
    expectTypeOf<CommandOutput<'session.state'>>().toEqualTypeOf<SessionState>();
    expectTypeOf<CommandInput<'session.signIn'>>().toEqualTypeOf<{ username: string; password: string }>();
    expectTypeOf<CommandOutput<'credentials.list'>>().toEqualTypeOf<CredentialSummary[]>();
    expectTypeOf<CredentialSummary>().not.toHaveProperty('password');
    expectTypeOf<CredentialSummary>().not.toHaveProperty('secret');
  });

  it('pins the events and that every command has a permission', () => {
    expectTypeOf<Events['log.appended']>().toEqualTypeOf<{ jobId: number; lines: LogLine[] }>();
    expectTypeOf<Events['session.ended']>().toEqualTypeOf<{ reason: 'signed_out' | 'expired' | 'disabled' }>();
    expectTypeOf(permissionOf).parameter(0).toEqualTypeOf<CommandName>();
    expectTypeOf(permissionOf).returns.toEqualTypeOf<Permission>();
  });
});
