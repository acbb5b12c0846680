import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalDetail, ApprovalSummary } from '../../electron/common/approvalContract.js';
import type { JobDetail, JobState, JobSummary } from '../../electron/common/domain.js';
import type { Core } from '../../electron/core/app.js';
import { startDemoSites, type DemoSites } from '../../demo-sites/server.js';
import { builtPaths } from '../../test/helpers/paths.js';
import { call, startTestCore, waitForJob } from '../../test/helpers/testCore.js';

// The flagship flow in a real worker with real Chromium against both demo sites: download, ask,
// file exactly what was approved; and the CAPTCHA handed to the operator.

let sites: DemoSites;
let core: Core;

beforeAll(async () => {
  sites = await startDemoSites({ resourcesDir: builtPaths.demoSitesDir });
  core = await startTestCore({ botsDir: builtPaths.botsDir, sites: sites.sites });
});
afterAll(async () => {
  await core.close();
  await sites.close();
});

/** What the tax system says was filed, read through its own API with a session of its own. */
async function filings(): Promise<{ invoiceNumber: string; client: string }[]> {
  const base = sites.sites['tax-system']!;
  const login = await fetch(new URL('login', base), {
    method: 'POST',
    body: new URLSearchParams({ username: 'acme-filings', password: 'tax-pass' }),
    redirect: 'manual',
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const res = await fetch(new URL('api/filings', base), { headers: { cookie } });
  return (await res.json()) as { invoiceNumber: string; client: string }[];
}

async function pendingOf(jobId: number, state: JobState): Promise<ApprovalSummary> {
  await waitForJob(core, jobId, [state], 90_000);
  const list = await call<{ approvals: ApprovalSummary[] }>(core, 'approvals.list', { jobId, status: 'pending' });
  return list.approvals[0]!;
}

describe('carrier-invoices', () => {
  it('asks with the invoice table and PDFs, then files exactly the approved invoices', async () => {
    const job = await call<JobSummary>(core, 'jobs.create', { botId: 'carrier-invoices', params: { month: '2026-10' } });
    const approval = await pendingOf(job.id, 'waiting_approval');
    const detail = await call<ApprovalDetail>(core, 'approvals.get', { approvalId: approval.id });
    expect(detail.title).toBe('File 3 carrier invoices for 2026-10?');
    expect(detail.table?.rows.map((r) => r[1])).toEqual(['INV-2026-10-001', 'INV-2026-10-002', 'INV-2026-10-003']);
    expect(detail.files.map((f) => [f.name, f.mime])).toEqual([
      ['INV-2026-10-001.pdf', 'application/pdf'],
      ['INV-2026-10-002.pdf', 'application/pdf'],
      ['INV-2026-10-003.pdf', 'application/pdf'],
    ]);
    await call(core, 'approvals.decide', { approvalId: approval.id, decision: 'approved', selectedRows: [0, 2] });
    const done = await waitForJob(core, job.id, undefined, 90_000);
    expect(done.state).toBe('succeeded');
    const result = (await call<JobDetail>(core, 'jobs.get', { jobId: job.id })).result as { filed: number; invoices: { number: string; outcome: string }[] };
    expect(result.filed).toBe(2);
    expect(result.invoices.map((i) => [i.number, i.outcome])).toEqual([
      ['INV-2026-10-001', 'filed'],
      ['INV-2026-10-002', 'not_approved'],
      ['INV-2026-10-003', 'filed'],
    ]);
    expect((await filings()).map((f) => f.invoiceNumber).sort()).toEqual(['INV-2026-10-001', 'INV-2026-10-003']);
  });

  it('reports an invoice the tax system already has instead of failing', async () => {
    const job = await call<JobSummary>(core, 'jobs.create', { botId: 'carrier-invoices', params: { month: '2026-10' } });
    const approval = await pendingOf(job.id, 'waiting_approval');
    await call(core, 'approvals.decide', { approvalId: approval.id, decision: 'approved', selectedRows: [0] });
    await waitForJob(core, job.id, undefined, 90_000);
    const result = (await call<JobDetail>(core, 'jobs.get', { jobId: job.id })).result as { invoices: { outcome: string; message: string }[] };
    expect(result.invoices[0]).toMatchObject({ outcome: 'already_filed', message: expect.stringContaining('was already filed') });
  });

  it('hands a CAPTCHA to the operator and carries on after Continue', async () => {
    const portal = sites.sites['carrier-portal']!;
    await fetch(new URL('demo/captcha?on=1', portal), { method: 'POST' });
    try {
      const job = await call<JobSummary>(core, 'jobs.create', { botId: 'carrier-invoices', params: { month: '2026-08' } });
      const handoff = await pendingOf(job.id, 'waiting_operator');
      expect(handoff).toMatchObject({ kind: 'handoff', title: 'Solve the CAPTCHA in the carrier portal window, then press Continue' });
      // Standing in for the operator, who solves it in the portal window: the portal stops asking.
      await fetch(new URL('demo/captcha?on=0', portal), { method: 'POST' });
      await call(core, 'handoffs.resolve', { approvalId: handoff.id, action: 'continue' });
      const approval = await pendingOf(job.id, 'waiting_approval');
      await call(core, 'approvals.decide', { approvalId: approval.id, decision: 'rejected', comment: 'Not this month' });
      const done = await waitForJob(core, job.id, undefined, 90_000);
      expect(done.state).toBe('succeeded');
      expect((await call<JobDetail>(core, 'jobs.get', { jobId: job.id })).result).toMatchObject({ decision: 'rejected', filed: 0 });
    } finally {
      await fetch(new URL('demo/captcha?on=0', portal), { method: 'POST' });
    }
  });
});
