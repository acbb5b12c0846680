import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalDetail, ApprovalSummary, AuditEntry } from '../electron/common/approvalContract.js';
import type { JobDetail, JobState, JobSummary } from '../electron/common/domain.js';
import type { Core } from '../electron/core/app.js';
import { tempDir } from './helpers/paths.js';
import { asTester, call, startTestCore, waitForJob } from './helpers/testCore.js';

// A human in the loop with real workers and Chromium: approve, reject with a comment, a custom
// choice, a timeout, a second decision refused, a decision on a cancelled job refused, release and
// resume across a restart, and hand-offs continued and aborted.

let core: Core;

beforeAll(async () => {
  core = await startTestCore({ concurrency: 4 });
});
afterAll(async () => {
  await core.close();
});

async function refused(command: string, input: unknown, c: Core = core): Promise<{ code: string; message: string; fields?: Record<string, string> }> {
  const reply = await c.router.handle(command, input, asTester(core));
  if (reply.ok) throw new Error(`${command} should have been refused`);
  return reply.error;
}

/** Starts a job and waits until it asks its question; returns the job and the pending approval. */
async function ask(botId: string, params: Record<string, unknown> = {}, c: Core = core): Promise<{ job: JobSummary; approval: ApprovalSummary }> {
  const job = await call<JobSummary>(c, 'jobs.create', { botId, params });
  const waiting: JobState = botId === 'handoff' ? 'waiting_operator' : 'waiting_approval';
  await waitForJob(c, job.id, [waiting]);
  const list = await call<{ approvals: ApprovalSummary[] }>(c, 'approvals.list', { jobId: job.id, status: 'pending' });
  const approval = list.approvals[0];
  if (!approval) throw new Error(`Job ${job.id} has no pending approval`);
  return { job, approval };
}

async function result(jobId: number, c: Core = core): Promise<Record<string, unknown>> {
  const done = await waitForJob(c, jobId);
  expect(done.state).toBe('succeeded');
  return (await call<JobDetail>(c, 'jobs.get', { jobId })).result as Record<string, unknown>;
}

describe('approvals', () => {
  it('shows what the bot found, waits, and goes on with the decision, the chosen rows and who decided', async () => {
    const { job, approval } = await ask('approver');
    expect(approval).toMatchObject({ kind: 'approval', title: 'Upload 3 invoices?', status: 'pending', botTitle: 'Approver (test)' });
    const detail = await call<ApprovalDetail>(core, 'approvals.get', { approvalId: approval.id });
    expect(detail).toMatchObject({
      summary: 'Three invoices were found for 2026-10.',
      fields: [{ label: 'Month', value: '2026-10' }],
      table: { columns: ['Client', 'Amount'], selectable: true },
      choices: [{ id: 'later', label: 'Ask me next week' }],
    });
    expect(detail.files.map((f) => f.name)).toEqual(['invoices.txt']);
    const pending = await call<{ pendingCount: number }>(core, 'approvals.list', { status: 'pending' });
    expect(pending.pendingCount).toBeGreaterThanOrEqual(1);
    await call(core, 'approvals.decide', { approvalId: approval.id, decision: 'approved', comment: 'Looks right', selectedRows: [0, 2] });
    expect(await result(job.id)).toMatchObject({ decision: 'approved', comment: 'Looks right', decidedBy: 'tester', selectedRows: [0, 2], resumed: false });
  });

  it('requires a comment to reject, and passes it on', async () => {
    const { job, approval } = await ask('approver');
    expect(await refused('approvals.decide', { approvalId: approval.id, decision: 'rejected' })).toMatchObject({
      code: 'invalid_input',
      fields: { comment: 'A comment is required to reject' },
    });
    await call(core, 'approvals.decide', { approvalId: approval.id, decision: 'rejected', comment: 'Amounts are wrong' });
    expect(await result(job.id)).toMatchObject({ decision: 'rejected', comment: 'Amounts are wrong' });
  });

  it('accepts a custom choice, refuses an unknown one, and refuses a second decision', async () => {
    const { job, approval } = await ask('approver');
    expect(await refused('approvals.decide', { approvalId: approval.id, decision: 'maybe' })).toMatchObject({ code: 'invalid_input' });
    await call(core, 'approvals.decide', { approvalId: approval.id, decision: 'later' });
    expect(await result(job.id)).toMatchObject({ decision: 'later' });
    expect(await refused('approvals.decide', { approvalId: approval.id, decision: 'approved' })).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^Already decided: later by tester at /),
    });
  });

  it('ends the wait with timed_out when nobody decides in time', async () => {
    const { job } = await ask('approver', { timeout: '1s' });
    expect(await result(job.id)).toMatchObject({ decision: 'timed_out', decidedBy: null });
  });

  it('refuses a decision on a job cancelled while it waited', async () => {
    const { job, approval } = await ask('approver');
    await call(core, 'jobs.cancel', { jobId: job.id });
    expect((await waitForJob(core, job.id)).state).toBe('cancelled');
    expect(await refused('approvals.decide', { approvalId: approval.id, decision: 'approved' })).toMatchObject({ code: 'conflict' });
    const closed = await call<ApprovalDetail>(core, 'approvals.get', { approvalId: approval.id });
    expect(closed.status).toBe('cancelled');
  });

  it('approves several at once where the bot allows it, and refuses bulk where it does not', async () => {
    const a = await ask('approver', { bulk: true });
    const b = await ask('approver', { bulk: true });
    const c = await ask('approver');
    const reply = await call<{ results: { approvalId: number; ok: boolean; message: string }[] }>(core, 'approvals.decideMany', {
      approvalIds: [a.approval.id, b.approval.id, c.approval.id],
      decision: 'approved',
    });
    expect(reply.results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(reply.results[2]?.message).toBe('This bot asks for each approval to be decided on its own');
    expect(await result(a.job.id)).toMatchObject({ decision: 'approved' });
    expect(await result(b.job.id)).toMatchObject({ decision: 'approved' });
    await call(core, 'jobs.cancel', { jobId: c.job.id });
  });

  it('records every decision in the audit trail of the job', async () => {
    const { job, approval } = await ask('approver');
    await call(core, 'approvals.decide', { approvalId: approval.id, decision: 'approved', comment: 'ok' });
    await result(job.id);
    const trail = await call<{ entries: AuditEntry[] }>(core, 'audit.list', { targetType: 'job', targetId: job.id });
    expect(trail.entries.map((e) => [e.actor, e.action])).toEqual([
      ['tester', 'approval.decided'],
      ['tester', 'job.created'],
    ]);
    expect(trail.entries[0]?.detail).toMatchObject({ decision: 'approved', comment: 'ok', title: 'Upload 3 invoices?' });
  });
});

describe('release and resume', () => {
  it('lets go of the worker while waiting, survives a restart, and resumes from the checkpoint on the decision', async () => {
    const dataDir = tempDir();
    const first = await startTestCore({ dataDir });
    const { job, approval } = await ask('approver', { release: true }, first);
    await expect.poll(() => first.store.leasedJobs().some((j) => j.id === job.id), { timeout: 10_000 }).toBe(false);
    await first.close();

    const second = await startTestCore({ dataDir });
    try {
      expect(second.store.getSummary(job.id)?.state).toBe('waiting_approval');
      const pending = await call<{ approvals: ApprovalSummary[] }>(second, 'approvals.list', { status: 'pending' });
      expect(pending.approvals.map((a) => a.id)).toEqual([approval.id]);
      await call(second, 'approvals.decide', { approvalId: approval.id, decision: 'approved' });
      expect(await result(job.id, second)).toMatchObject({ decision: 'approved', resumed: true, found: 3, decidedBy: 'tester' });
      const detail = await call<JobDetail>(second, 'jobs.get', { jobId: job.id });
      expect(detail.attempts).toHaveLength(1);
      expect(detail.transitions.map((t) => t.to)).toEqual(['queued', 'running', 'waiting_approval', 'waiting_approval', 'queued', 'running', 'succeeded']);
    } finally {
      await second.close();
    }
  });
});

describe('hand-offs', () => {
  it('waits for the operator and goes on, on the same page, when they press Continue', async () => {
    const { job, approval } = await ask('handoff');
    expect(approval).toMatchObject({ kind: 'handoff', title: 'Solve the CAPTCHA in the portal window, then press Continue' });
    expect(await refused('approvals.decide', { approvalId: approval.id, decision: 'approved' })).toMatchObject({ code: 'invalid_input' });
    await call(core, 'handoffs.resolve', { approvalId: approval.id, action: 'continue' });
    expect(await result(job.id)).toEqual({ continued: true, title: 'Prove you are human' });
  });

  it('fails the job with a business error when the operator aborts', async () => {
    const { job, approval } = await ask('handoff');
    await call(core, 'handoffs.resolve', { approvalId: approval.id, action: 'abort' });
    const done = await waitForJob(core, job.id);
    expect(done).toMatchObject({ state: 'failed', error: 'Aborted by tester at the hand-off: Solve the CAPTCHA in the portal window, then press Continue' });
    expect((await call<JobDetail>(core, 'jobs.get', { jobId: job.id })).transitions.at(-1)?.reason).toBe('business_error');
  });
});
