import fs from 'node:fs';
import path from 'node:path';
import type { CancelResult } from '../../common/contract.js';
import type { JobSummary, Priority } from '../../common/domain.js';
import { storedFileName } from '../../common/fileNames.js';
import { mimeOf } from '../files/mimeTypes.js';
import { RpaError } from '../../common/errors.js';
import type { BotPool } from '../bots/botPool.js';
import type { BotCatalog } from '../bots/catalog.js';
import type { EventBus } from '../events/eventBus.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { CompletedUpload, UploadStore } from '../files/uploads.js';
import type { JobCredentials, ResolveOptions } from '../vault/jobCredentials.js';
import type { Dispatcher } from './dispatcher.js';
import type { JobReporter } from './jobReporter.js';
import type { JobStore } from './jobStore.js';
import { jobDir } from '../files/jobFiles.js';

/** A job as the Run form asks for it. */
export interface CreateJobRequest {
  botId: string;
  params: Record<string, unknown>;
  createdBy: string;
  priority?: Priority;
  runAt?: number;
  timeoutMs?: number;
  /** Uploads to attach as the job's input files. */
  uploadIds?: string[];
  rerunOf?: number;
  /** Take the input files of this job (a rerun). */
  copyInputsFrom?: number;
  /** Vault entries for the bot's credential slots; a slot left out gets the bot's default. */
  credentials?: Record<string, number>;
  /** How strictly `credentials` is taken (a rerun falls back to defaults for entries gone since). */
  credentialRules?: ResolveOptions;
  /** The schedule that fired this job. */
  scheduleId?: number;
}

/** Shortest notice for "run later": anything sooner is "run now", anything past is refused. */
const RUN_LATER_MIN_MS = 1_000;

/**
 * What an operator does to jobs: start, cancel, rerun, run later, run now. Every answer is a clear
 * message; asking for something that cannot happen changes nothing.
 */
export class JobControl {
  constructor(
    private readonly deps: {
      store: JobStore;
      catalog: BotCatalog;
      dispatcher: Dispatcher;
      pool: BotPool;
      reporter: JobReporter;
      events: EventBus;
      uploads: UploadStore;
      audit: AuditLog;
      jobsDir: string;
      /** Decides which vault entry fills each credential slot of a new job. */
      credentials: JobCredentials;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Validates and records a job (queued, or scheduled for later) with its input files, and starts it. */
  create(request: CreateJobRequest): JobSummary {
    const job = this.record(request);
    this.deps.events.emit('job.updated', job);
    this.deps.dispatcher.kick();
    // The kick may have started it already.
    return this.deps.store.getSummary(job.id) ?? job;
  }

  /**
   * Validates and records a job with its audit entry, in the caller's transaction if there is one,
   * without announcing or starting it: for the scheduler, which does both once its batch commits.
   */
  record(request: CreateJobRequest): JobSummary {
    const { store, catalog } = this.deps;
    const params = catalog.validateParams(request.botId, request.params);
    const credentials = this.deps.credentials.resolve(request.botId, request.credentials ?? {}, request.credentialRules);
    if (request.runAt !== undefined && request.runAt < this.now() + RUN_LATER_MIN_MS) {
      throw new RpaError('invalid_input', `The time to run at (${new Date(request.runAt).toISOString()}) is in the past; choose a later time`, {
        runAt: 'This time has already passed',
      });
    }
    const uploads = (request.uploadIds ?? []).map((id) => this.deps.uploads.take(id));
    return store.transaction(() => {
      const created = store.createJob({
        botId: request.botId,
        params,
        createdBy: request.createdBy,
        priority: request.priority,
        runAt: request.runAt,
        timeoutMs: request.timeoutMs,
        rerunOf: request.rerunOf,
        scheduleId: request.scheduleId,
        credentials,
      });
      this.attachUploads(created.id, uploads);
      if (request.copyInputsFrom !== undefined) this.copyInputs(request.copyInputsFrom, created.id);
      this.deps.audit.record(
        request.createdBy,
        request.rerunOf ? 'job.rerun' : 'job.created',
        { type: 'job', id: created.id },
        {
          botId: request.botId,
          rerunOf: request.rerunOf ?? null,
          runAt: request.runAt ?? null,
          priority: request.priority ?? 'normal',
          inputFiles: uploads.map((u) => u.name),
          credentials,
          ...(request.scheduleId === undefined ? {} : { scheduleId: request.scheduleId }),
        },
      );
      return created;
    });
  }

  /** Cancels a queued or scheduled job at once, or stops a running one (grace period, then kill). */
  cancel(jobId: number, by: string): CancelResult {
    const { store, pool } = this.deps;
    const job = this.require(jobId);
    const waitingWithoutWorker = job.state.startsWith('waiting_') && !pool.has(jobId);
    if (job.state === 'queued' || job.state === 'scheduled' || waitingWithoutWorker) {
      store.finish(jobId, { state: 'cancelled', reason: 'cancelled', error: `Cancelled by ${by}`, retryable: false });
      this.deps.audit.record(by, 'job.cancelled', { type: 'job', id: jobId }, { from: job.state });
      this.publish(jobId);
      return { changed: true, message: `Job ${jobId} was cancelled`, job: this.require(jobId) };
    }
    if (job.state !== 'running' && !job.state.startsWith('waiting_')) {
      return { changed: false, message: `Job ${jobId} already ended (${job.state}); there is nothing to cancel`, job };
    }
    if (!store.requestCancel(jobId, by)) {
      return { changed: false, message: `Job ${jobId} is already stopping (cancelled by ${job.cancelRequestedBy ?? 'someone'})`, job };
    }
    pool.stop(jobId, { state: 'cancelled', reason: 'cancelled', error: `Cancelled by ${by}`, retryable: false });
    this.deps.audit.record(by, 'job.cancelled', { type: 'job', id: jobId }, { from: job.state });
    this.publish(jobId);
    return { changed: true, message: `Stopping job ${jobId}…`, job: this.require(jobId) };
  }

  /**
   * Runs a job again with the same parameters, input files and vault entries, or with changed
   * parameters. An entry deleted or taken from the bot since gives way to the bot's default.
   */
  rerun(jobId: number, by: string, params?: Record<string, unknown>): JobSummary {
    const { store } = this.deps;
    const original = this.require(jobId);
    const sameParams = store.getParams(jobId) ?? {};
    return this.create({
      botId: original.botId,
      params: params ?? sameParams,
      createdBy: by,
      priority: original.priority,
      rerunOf: jobId,
      copyInputsFrom: jobId,
      credentials: store.getCredentials(jobId) ?? {},
      credentialRules: { dropUndeclared: true, replaceInvalid: true },
    });
  }

  /** Queues a scheduled job now. */
  runNow(jobId: number, by: string): JobSummary {
    const job = this.deps.store.runNow(jobId, by);
    if (!job) throw new RpaError('conflict', `Job ${jobId} is not waiting to run later (it is ${this.require(jobId).state})`);
    this.deps.audit.record(by, 'job.run_now', { type: 'job', id: jobId });
    this.publish(jobId);
    this.deps.dispatcher.kick();
    return this.require(jobId);
  }

  /** Moves a scheduled job to another time, which must be in the future. */
  reschedule(jobId: number, runAt: number, by: string): JobSummary {
    if (runAt < this.now() + RUN_LATER_MIN_MS)
      throw new RpaError('invalid_input', 'The new time is in the past; choose a later time', { runAt: 'This time has already passed' });
    const job = this.deps.store.reschedule(jobId, runAt, by);
    if (!job) throw new RpaError('conflict', `Job ${jobId} is not waiting to run later (it is ${this.require(jobId).state})`);
    this.deps.audit.record(by, 'job.rescheduled', { type: 'job', id: jobId }, { runAt });
    this.publish(jobId);
    this.deps.dispatcher.kick();
    return job;
  }

  private require(jobId: number): JobSummary {
    const job = this.deps.store.getSummary(jobId);
    if (!job) throw new RpaError('not_found', `Job ${jobId} not found`);
    return job;
  }

  private publish(jobId: number): void {
    const job = this.deps.store.getSummary(jobId);
    if (job) this.deps.events.emit('job.updated', job);
  }

  /** Moves finished uploads into the job's folder under names the app chooses. */
  private attachUploads(jobId: number, uploads: CompletedUpload[]): void {
    if (uploads.length === 0) return;
    const dir = jobDir(this.deps.jobsDir, jobId);
    fs.mkdirSync(dir, { recursive: true });
    uploads.forEach((upload, index) => {
      const storedName = storedFileName('input', index + 1, upload.name);
      fs.renameSync(upload.tempPath, path.join(dir, storedName));
      this.deps.store.addFile(jobId, { kind: 'input', name: upload.name, storedName, size: upload.size, mime: mimeOf(upload.name), attempt: 0 });
    });
  }

  private copyInputs(fromJobId: number, toJobId: number): void {
    const inputs = this.deps.store.inputFiles(fromJobId);
    if (inputs.length === 0) return;
    const dir = path.join(this.deps.jobsDir, String(toJobId));
    fs.mkdirSync(dir, { recursive: true });
    for (const input of inputs) {
      fs.copyFileSync(path.join(this.deps.jobsDir, String(fromJobId), input.storedName), path.join(dir, input.storedName));
      this.deps.store.addFile(toJobId, { kind: 'input', name: input.name, storedName: input.storedName, size: input.size, mime: input.mime, attempt: 0 });
    }
  }
}
