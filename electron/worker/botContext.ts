import type { Download } from 'playwright-core';
import { BusinessError, type BotContext, type BotFiles } from '../../bots/sdk/index.js';
import type { StartJob, WorkerMessage } from '../common/workerProtocol.js';
import type { JobBrowser } from './browser.js';
import type { JobFileWriter } from './jobFiles.js';
import type { LogBuffer } from './logBuffer.js';

const PROGRESS_EVERY_MS = 100;

/** Everything the context needs from the worker around it. */
export interface ContextDeps {
  job: StartJob;
  params: Record<string, unknown>;
  logs: LogBuffer;
  browser: JobBrowser;
  signal: AbortSignal;
  files: JobFileWriter;
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
  let lastProgressAt = 0;
  let pendingProgress: NodeJS.Timeout | null = null;
  let latest: { value: number | null; step: string | null } = { value: null, step: null };

  const files: BotFiles = {
    save: (name, data) => deps.files.write('output', name, data),
    async saveDownload(download: Download) {
      const target = deps.files.reserve('output', download.suggestedFilename());
      await download.saveAs(target.path);
      return deps.files.announce(target);
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
    inputFiles: job.inputFiles,
    attempt: job.attempt,
    fail(message: string): never {
      throw new BusinessError(message);
    },
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
