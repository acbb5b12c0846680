import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobDetail, JobFile } from '../electron/common/domain.js';
import type { Core } from '../electron/core/app.js';
import { connectClient, startHeadlessApp, type HeadlessApp } from './helpers/headlessApp.js';
import { fixtureBotsDir, tempDir } from './helpers/paths.js';
import { asTester, call, startTestCore, waitForJob } from './helpers/testCore.js';

// Job files come from websites: what is served, opened and shown must never be more than a
// document inside the job's own folder, whatever the site named it or the disk now holds.

function byName(files: readonly JobFile[], name: string): JobFile {
  const file = files.find((f) => f.name === name);
  if (!file) throw new Error(`No job file named ${name}; have ${files.map((f) => f.name).join(', ')}`);
  return file;
}

describe('job files over the headless server', () => {
  let app: HeadlessApp;
  let detail: JobDetail;
  let client: Awaited<ReturnType<typeof connectClient>>;

  beforeAll(async () => {
    app = await startHeadlessApp({ args: ['--bots-dir', fixtureBotsDir] });
    client = await connectClient(app);
    {
      const created = await client.invoke('jobs.create', { botId: 'file-kinds', params: {} });
      if (!created.ok) throw new Error(created.error.message);
      // In a hook, where expect.poll is not allowed: vitest's own waitFor.
      await vi.waitFor(
        async () => {
          const reply = await client.invoke('jobs.get', { jobId: created.result.id });
          if (!reply.ok) throw new Error(reply.error.message);
          detail = reply.result;
          if (detail.state !== 'succeeded' && detail.state !== 'failed') throw new Error(`The job is still ${detail.state}`);
        },
        { timeout: 45_000, interval: 100 },
      );
      expect(detail.state).toBe('succeeded');
    }
  });
  afterAll(async () => {
    client.close();
    expect(await app.stop()).toBe(0);
  });

  /** The address of a job file as a signed-in user gets it: with a ticket for that file. */
  async function fileUrl(file: JobFile, extra = ''): Promise<string> {
    const reply = await client.invoke('files.save', { fileId: file.id });
    if (!reply.ok || !reply.result.url) throw new Error(`No address for ${file.name}: ${JSON.stringify(reply)}`);
    return `${app.origin}${reply.result.url.replace('&download=1', '')}${extra}`;
  }

  it('refuses a job file that was replaced by a symlink to a file outside the data folder', async () => {
    const pdf = byName(detail.files, 'invoice.pdf');
    // Addresses handed out while the file was sound: the server must check again at every request.
    const urls = [await fileUrl(pdf), await fileUrl(pdf, '&download=1')];
    const served = await fetch(urls[0] ?? '');
    expect(served.status).toBe(200);
    expect(await served.text()).toBe('%PDF-1.4 inside the job folder');

    const jobDir = path.join(app.dataDir, 'jobs', String(detail.id));
    const stored = fs.readdirSync(jobDir).find((name) => fs.readFileSync(path.join(jobDir, name), 'utf8') === '%PDF-1.4 inside the job folder');
    if (!stored) throw new Error(`The PDF is not in ${jobDir}`);
    const outside = path.join(tempDir('rpa-desk-outside-'), 'secret.txt');
    fs.writeFileSync(outside, 'SECRET FROM OUTSIDE THE DATA FOLDER');
    fs.rmSync(path.join(jobDir, stored));
    fs.symlinkSync(outside, path.join(jobDir, stored));

    for (const url of urls) {
      const res = await fetch(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('SECRET');
    }
    expect((await fetch(urls[0] ?? '', { method: 'HEAD' })).status).toBe(404);
    // And a new address is not handed out for it at all.
    expect(await client.invoke('files.open', { fileId: pdf.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses a job file whose whole job folder was replaced by a symlink', async () => {
    const exe = byName(detail.files, 'setup.exe');
    const url = await fileUrl(exe, '&download=1');
    const jobDir = path.join(app.dataDir, 'jobs', String(detail.id));
    const elsewhere = tempDir('rpa-desk-elsewhere-');
    for (const name of fs.readdirSync(jobDir)) fs.writeFileSync(path.join(elsewhere, name), 'SECRET FROM ELSEWHERE');
    fs.renameSync(jobDir, `${jobDir}-moved`);
    fs.symlinkSync(elsewhere, jobDir);
    try {
      const res = await fetch(url);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('SECRET');
    } finally {
      fs.rmSync(jobDir);
      fs.renameSync(`${jobDir}-moved`, jobDir);
    }
  });

  it('serves a program only as a download, never inline, even when asked to open it', async () => {
    const exe = byName(detail.files, 'setup.exe');
    const res = await fetch(await fileUrl(exe));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
  });
});

describe('opening job files over the router', () => {
  let core: Core;
  let detail: JobDetail;

  beforeAll(async () => {
    core = await startTestCore();
    const job = await call<{ id: number }>(core, 'jobs.create', { botId: 'file-kinds', params: {} });
    expect((await waitForJob(core, job.id)).state).toBe('succeeded');
    detail = await call<JobDetail>(core, 'jobs.get', { jobId: job.id });
  });
  afterAll(async () => {
    await core.close();
  });

  it('refuses to open a program, saying why, and still lets it be saved', async () => {
    const exe = byName(detail.files, 'setup.exe');
    const reply = await core.router.handle('files.open', { fileId: exe.id }, asTester(core));
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/setup\.exe.*may run programs.*Save/) } });
    const saved = await core.router.handle('files.save', { fileId: exe.id }, asTester(core));
    expect(saved).toMatchObject({ ok: true, result: { done: false, url: expect.stringContaining(`/files/${exe.id}?`) } });
  });

  it('opens a document', async () => {
    const pdf = byName(detail.files, 'invoice.pdf');
    expect(await call(core, 'files.open', { fileId: pdf.id })).toMatchObject({ done: false, url: expect.stringContaining(`/files/${pdf.id}?`) });
  });

  it('does not open a file whose stored copy became a symlink out of the job folder', async () => {
    const pdf = byName(detail.files, 'invoice.pdf');
    const jobDir = path.join(core.jobsDir, String(detail.id));
    const stored = core.store.getFile(pdf.id)?.storedName ?? '';
    const outside = path.join(tempDir('rpa-desk-outside-'), 'secret.pdf');
    fs.writeFileSync(outside, 'SECRET');
    fs.rmSync(path.join(jobDir, stored));
    fs.symlinkSync(outside, path.join(jobDir, stored));
    const reply = await core.router.handle('files.open', { fileId: pdf.id }, asTester(core));
    expect(reply).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('shows a site-chosen name without its right-to-left override, so an .exe reads as an .exe', () => {
    const names = detail.files.map((f) => f.name);
    expect(names).toContain('invoicefdp.exe');
    expect(names.join('')).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
  });

  it('strips bidi controls where a file is recorded, whoever reports it', () => {
    const jobDir = path.join(core.jobsDir, String(detail.id));
    fs.writeFileSync(path.join(jobDir, 'output-9-0001.exe'), 'MZ');
    const file = core.store.addFile(detail.id, {
      kind: 'output',
      name: 'invoice\u202Efdp.exe',
      storedName: 'output-9-0001.exe',
      size: 2,
      mime: 'application/octet-stream',
    });
    expect(file.name).toBe('invoicefdp.exe');
    expect(core.store.getFile(file.id)?.name).toBe('invoicefdp.exe');
  });
});
