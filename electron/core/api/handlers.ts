import path from 'node:path';
import type { AppInfo } from '../../common/contract.js';
import { RpaError } from '../../common/errors.js';
import type { BotCatalog } from '../bots/catalog.js';
import type { EventBus } from '../events/eventBus.js';
import type { Dispatcher } from '../jobs/dispatcher.js';
import type { JobStore } from '../jobs/jobStore.js';
import type { FileActions, StoredFile } from './fileActions.js';
import type { Handlers } from './router.js';

const DEFAULT_LOG_PAGE = 5_000;

/** Everything the command handlers work with. */
export interface HandlerDeps {
  store: JobStore;
  catalog: BotCatalog;
  dispatcher: Dispatcher;
  events: EventBus;
  files: FileActions;
  jobsDir: string;
  info: AppInfo;
}

/** The command handlers: thin, each one a validated call into the core. */
export function createHandlers(deps: HandlerDeps): Handlers {
  function storedFile(fileId: number): StoredFile {
    const file = deps.store.getFile(fileId);
    if (!file) throw new RpaError('not_found', `File ${fileId} not found`);
    return { id: file.id, name: file.name, mime: file.mime, path: path.join(deps.jobsDir, String(file.jobId), file.storedName) };
  }

  return {
    'app.info': () => deps.info,
    'bots.list': () => deps.catalog.list(),
    'jobs.create': (input, caller) => {
      const params = deps.catalog.validateParams(input.botId, input.params);
      const job = deps.store.createJob({ botId: input.botId, params, createdBy: caller.user });
      deps.events.emit('job.updated', job);
      deps.dispatcher.kick();
      return deps.store.getSummary(job.id) ?? job;
    },
    'jobs.list': (input) => deps.store.listJobs(input),
    'jobs.get': (input) => {
      const job = deps.store.getDetail(input.jobId);
      if (!job) throw new RpaError('not_found', `Job ${input.jobId} not found`);
      return job;
    },
    'logs.tail': (input) => {
      if (!deps.store.getSummary(input.jobId)) throw new RpaError('not_found', `Job ${input.jobId} not found`);
      return deps.store.tailLogs(input.jobId, input.afterId ?? 0, input.limit ?? DEFAULT_LOG_PAGE);
    },
    'files.open': (input) => deps.files.open(storedFile(input.fileId)),
    'files.save': (input) => deps.files.save(storedFile(input.fileId)),
  };
}
