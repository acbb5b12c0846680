import fs from 'node:fs';
import path from 'node:path';
import type { Download } from 'playwright-core';
import type { BotContext, BotFiles, SavedFile } from '../../bots/sdk/index.js';
import { displayFileName, mimeOf, storedFileName } from '../common/fileNames.js';
import type { StartJob, WorkerMessage } from '../common/workerProtocol.js';
import type { JobBrowser } from './browser.js';
import type { LogBuffer } from './logBuffer.js';

const PROGRESS_EVERY_MS = 100;

/** Everything the context needs from the worker around it. */
export interface ContextDeps {
  job: StartJob;
  params: Record<string, unknown>;
  logs: LogBuffer;
  browser: JobBrowser;
  signal: AbortSignal;
  send: (message: WorkerMessage) => void;
}

/** The `ctx` a bot's run() receives, and how the worker sends what the context still holds. */
export interface CreatedContext {
  ctx: BotContext<Record<string, unknown>>;
  /** Sends a progress report still waiting for its 100 ms slot. */
  flush: () => void;
}

/** Builds the `ctx` a bot's run() receives. */
export function createBotContext(deps: ContextDeps): CreatedContext {
  const { job, logs } = deps;
  let fileCount = 0;
  let lastProgressAt = 0;
  let pendingProgress: NodeJS.Timeout | null = null;
  let latest: { value: number | null; step: string | null } = { value: null, step: null };

  function reserve(name: string): { name: string; storedName: string; file: string } {
    fileCount += 1;
    const shown = displayFileName(name);
    const storedName = storedFileName(`output-${job.attempt}`, fileCount, shown);
    return { name: shown, storedName, file: path.join(job.outputDir, storedName) };
  }

  function announce(target: { name: string; storedName: string; file: string }): SavedFile {
    const size = fs.statSync(target.file).size;
    deps.send({ type: 'file', name: target.name, storedName: target.storedName, size, mime: mimeOf(target.name) });
    logs.write('INFO', `Saved file ${target.name} (${size} bytes)`);
    return { name: target.name, path: target.file, size };
  }

  const files: BotFiles = {
    async save(name, data) {
      const target = reserve(name);
      await fs.promises.writeFile(target.file, data);
      return announce(target);
    },
    async saveDownload(download: Download) {
      const target = reserve(download.suggestedFilename());
      await download.saveAs(target.file);
      return announce(target);
    },
  };

  // Progress is coalesced: a bot reporting in a tight loop costs one message per 100 ms.
  function sendProgress(): void {
    pendingProgress = null;
    lastProgressAt = Date.now();
    deps.send({ type: 'progress', value: latest.value, step: latest.step });
  }

  const ctx: BotContext<Record<string, unknown>> = {
    jobId: job.jobId,
    params: deps.params,
    signal: deps.signal,
    files,
    log: {
      debug: (m) => logs.write('DEBUG', String(m)),
      info: (m) => logs.write('INFO', String(m)),
      warn: (m) => logs.write('WARNING', String(m)),
      error: (m) => logs.write('ERROR', String(m)),
      critical: (m) => logs.write('CRITICAL', String(m)),
    },
    progress(value, step) {
      latest = { value: Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : null, step: step ?? latest.step };
      const wait = PROGRESS_EVERY_MS - (Date.now() - lastProgressAt);
      if (wait <= 0) sendProgress();
      else pendingProgress ??= setTimeout(sendProgress, wait);
    },
    page: () => deps.browser.page(),
    site(name) {
      const url = job.sites[name];
      if (!url) throw new Error(`No site named "${name}" is configured (known: ${Object.keys(job.sites).join(', ') || 'none'})`);
      return url;
    },
  };

  return {
    ctx,
    flush() {
      if (!pendingProgress) return;
      clearTimeout(pendingProgress);
      sendProgress();
    },
  };
}
