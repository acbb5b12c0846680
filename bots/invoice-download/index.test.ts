import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDetail, JobSummary } from '../../electron/common/domain.js';
import type { LogPage } from '../../electron/common/contract.js';
import type { Core } from '../../electron/core/app.js';
import { startDemoSites, type DemoSites } from '../../demo-sites/server.js';
import { isAlive } from '../../electron/core/bots/processTree.js';
import { builtPaths } from '../../test/helpers/paths.js';
import { call, startTestCore, waitForJob } from '../../test/helpers/testCore.js';

// The sample bot in a real worker process, driving real Chromium against the bundled carrier portal.

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

describe('invoice-download', () => {
  it('signs in, downloads the month’s three invoices as job files and reports them', async () => {
    const created = await call<JobSummary>(core, 'jobs.create', { botId: 'invoice-download', params: { month: '2026-10' } });
    const done = await waitForJob(core, created.id, undefined, 90_000);
    const log = (await call<LogPage>(core, 'logs.tail', { jobId: created.id })).lines.map((l) => l.message).join('\n');
    expect(done.state, log).toBe('succeeded');
    const detail = await call<JobDetail>(core, 'jobs.get', { jobId: created.id });
    expect(detail.files.map((f) => f.name)).toEqual(['INV-2026-10-001.pdf', 'INV-2026-10-002.pdf', 'INV-2026-10-003.pdf']);
    expect(detail.files.every((f) => f.mime === 'application/pdf' && f.size > 500)).toBe(true);
    const first = fs.readFileSync(path.join(core.jobsDir, String(created.id), 'output-1-0001.pdf'));
    expect(first.subarray(0, 5).toString()).toBe('%PDF-');
    expect(detail.result).toMatchObject({
      month: '2026-10',
      invoices: [
        { client: 'Acme Logistics', number: 'INV-2026-10-001', file: 'INV-2026-10-001.pdf' },
        { client: 'Borealis Foods', number: 'INV-2026-10-002' },
        { client: 'Cobalt Retail', number: 'INV-2026-10-003' },
      ],
    });
    expect(log).not.toContain('demo-pass');
  });

  it('stops when cancelled in the middle of a download, and leaves no browser running', async () => {
    const created = await call<JobSummary>(core, 'jobs.create', { botId: 'invoice-download', params: { month: '2026-09' } });
    const downloading = new Promise<void>((resolve) => {
      const off = core.events.on('log.appended', (e) => {
        if (e.jobId === created.id && e.lines.some((l) => l.message.startsWith('Downloading INV-2026-09-001'))) {
          off();
          resolve();
        }
      });
    });
    await downloading;
    const browserPid = core.store.leasedJobs().find((j) => j.id === created.id)?.browserPid;
    expect(browserPid).toBeTruthy();
    await call(core, 'jobs.cancel', { jobId: created.id });
    const done = await waitForJob(core, created.id, undefined, 30_000);
    expect(done).toMatchObject({ state: 'cancelled', error: 'Cancelled by tester' });
    const detail = await call<JobDetail>(core, 'jobs.get', { jobId: created.id });
    expect(detail.files.length).toBeLessThan(3);
    await expect.poll(() => isAlive(browserPid!), { timeout: 5_000 }).toBe(false);
  });

  it('finishes with a warning and no files for a month without invoices', async () => {
    const created = await call<JobSummary>(core, 'jobs.create', { botId: 'invoice-download', params: { month: '2099-01' } });
    const done = await waitForJob(core, created.id, undefined, 90_000);
    expect(done.state).toBe('succeeded');
    const page = await call<LogPage>(core, 'logs.tail', { jobId: created.id });
    expect(page.lines.some((l) => l.level === 'WARNING')).toBe(true);
    expect((await call<JobDetail>(core, 'jobs.get', { jobId: created.id })).files).toEqual([]);
  });
});
