import type { AppInfo } from '../../common/contract.js';
import { RpaError } from '../../common/errors.js';
import { requireBot } from './caller.js';
import type { BotCatalog } from '../bots/catalog.js';
import type { EventBus } from '../events/eventBus.js';
import type { UploadStore } from '../files/uploads.js';
import type { JobControl } from '../jobs/jobControl.js';
import type { JobStore } from '../jobs/jobStore.js';
import { storedJobFile, type FileActions, type StoredFile } from './fileActions.js';
import type { Handlers } from './router.js';
import { createApprovalHandlers, type ApprovalHandlerDeps } from './approvalHandlers.js';
import { createScheduleHandlers, type ScheduleHandlerDeps } from './scheduleHandlers.js';
import { createAuditHandlers } from './auditHandlers.js';
import { createIdentityHandlers } from './identityHandlers.js';
import { createVaultHandlers, type VaultHandlerDeps } from './vaultHandlers.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { IdentityService } from '../identity/identityService.js';

const DEFAULT_LOG_PAGE = 5_000;

/** Everything the command handlers work with. */
export interface HandlerDeps {
  store: JobStore;
  catalog: BotCatalog;
  control: JobControl;
  uploads: UploadStore;
  events: EventBus;
  files: FileActions;
  jobsDir: string;
  info: AppInfo;
  schedules: ScheduleHandlerDeps;
  approvals: ApprovalHandlerDeps;
  audit: AuditLog;
  identity: IdentityService;
  vault: VaultHandlerDeps;
}

/** The command handlers: thin, each one a validated call into the core. */
export function createHandlers(deps: HandlerDeps): Handlers {
  function storedFile(fileId: number): Promise<StoredFile> {
    return storedJobFile(deps.jobsDir, deps.store.getFile(fileId), fileId);
  }

  /** The bot of a job, for the caller's "may run these bots"; a job that does not exist is not found. */
  function botOfJob(jobId: number): string {
    const job = deps.store.getSummary(jobId);
    if (!job) throw new RpaError('not_found', `Job ${jobId} not found`);
    return job.botId;
  }

  return {
    'app.info': (_input, caller) => ({ ...deps.info, user: caller.user }),
    'bots.list': () => deps.catalog.list(),
    'bots.problems': () => deps.catalog.problemsShown(),
    'jobs.create': (input, caller) => {
      requireBot(caller, input.botId);
      return deps.control.create({ ...input, createdBy: caller.user });
    },
    'jobs.cancel': (input, caller) => deps.control.cancel(input.jobId, caller.user),
    'jobs.rerun': (input, caller) => {
      requireBot(caller, botOfJob(input.jobId));
      return deps.control.rerun(input.jobId, caller.user, input.params);
    },
    'jobs.runNow': (input, caller) => {
      requireBot(caller, botOfJob(input.jobId));
      return deps.control.runNow(input.jobId, caller.user);
    },
    'jobs.reschedule': (input, caller) => {
      requireBot(caller, botOfJob(input.jobId));
      return deps.control.reschedule(input.jobId, input.runAt, caller.user);
    },
    'uploads.begin': (input) => deps.uploads.begin(input.name, input.size),
    'uploads.chunk': (input) => deps.uploads.chunk(input.uploadId, input.offset, input.data),
    'uploads.discard': (input) => {
      deps.uploads.discard(input.uploadId);
      return { done: true } as const;
    },
    'jobs.list': (input) => deps.store.listJobs(input),
    'jobs.get': (input) => {
      const job = deps.store.getDetail(input.jobId);
      if (!job) throw new RpaError('not_found', `Job ${input.jobId} not found`);
      return job;
    },
    'logs.tail': (input) => {
      if (!deps.store.getSummary(input.jobId)) throw new RpaError('not_found', `Job ${input.jobId} not found`);
      return deps.store.tailLogs(input.jobId, input.afterId ?? 0, input.limit ?? DEFAULT_LOG_PAGE, input.attempt);
    },
    'files.open': async (input) => deps.files.open(await storedFile(input.fileId)),
    'files.save': async (input) => deps.files.save(await storedFile(input.fileId)),
    ...createScheduleHandlers(deps.schedules),
    ...createApprovalHandlers(deps.approvals),
    ...createAuditHandlers(deps.audit),
    ...createIdentityHandlers(deps.identity),
    ...createVaultHandlers(deps.vault),
  };
}
