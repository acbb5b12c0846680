import type { Download } from 'playwright-core';
import { BusinessError, type BotContext, type BotCredential, type BotFiles } from '../../bots/sdk/index.js';
import type { StartJob, WorkerMessage } from '../common/workerProtocol.js';
import type { JobBrowser } from './browser.js';
import { toDecision, type HumanRequests } from './humanRequests.js';
import type { JobFileWriter } from './jobFiles.js';
import type { LogBuffer } from './logBuffer.js';

const PROGRESS_EVERY_MS = 100;

/** Everything the context needs from the worker around it. */
export interface ContextDeps {
  job: StartJob;
  params: Record<string, unknown>;
  /** The job's vault entries by slot (see credentials.ts). */
  credentials: Readonly<Record<string, BotCredential>>;
  logs: LogBuffer;
  browser: JobBrowser;
  signal: AbortSignal;
  files: JobFileWriter;
  human: HumanRequests;
  /** Closes this worker while an approval waits; the job resumes in a new one. Never returns. */
  release: () => Promise<never>;
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
  let saved: unknown = job.checkpoint ?? null;
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
    credentials: deps.credentials,
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
    async requestApproval(request) {
      logs.write('INFO', `Waiting for approval: ${request.title}`);
      const answer = await deps.human.approval(request);
      if (answer.kind === 'release') return deps.release();
      logs.write('INFO', `Approval answered: ${answer.decision.decision}${answer.decision.decidedBy ? ` by ${answer.decision.decidedBy}` : ''}`);
      return toDecision(answer.decision);
    },
    checkpoint: {
      async save(data) {
        // JSON only: the checkpoint is stored in the database and must survive a restart unchanged.
        const stored: unknown = data === undefined ? null : JSON.parse(JSON.stringify(data));
        saved = stored;
        deps.send({ type: 'checkpoint', data: stored });
        await Promise.resolve();
      },
      load<T>() {
        return (saved ?? null) as T | null;
      },
    },
    async handOff({ message }) {
      // The operator must see the portal window, not RPA Desk's, to solve what the bot cannot.
      for (const page of deps.browser.openPages().slice(-1)) await page.bringToFront().catch(() => undefined);
      logs.write('WARNING', `Handed over to the operator: ${message}`);
      const answer = await deps.human.handOff(message);
      if (answer.kind === 'decision' && answer.decision.decision === 'continue') {
        logs.write('INFO', `The operator handed back${answer.decision.decidedBy ? ` (${answer.decision.decidedBy})` : ''}`);
        return;
      }
      const who = answer.kind === 'decision' && answer.decision.decidedBy ? ` by ${answer.decision.decidedBy}` : '';
      throw new BusinessError(`Aborted${who} at the hand-off: ${message}`);
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
