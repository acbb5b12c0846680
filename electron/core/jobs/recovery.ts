import type { BotCatalog } from '../bots/catalog.js';
import { isSameProcess } from '../bots/processIdentity.js';
import { killMarkedProcesses, type ProcessMarkers } from '../bots/processMarker.js';
import { killProcessTree } from '../bots/processTree.js';
import type { JobControl } from './jobControl.js';
import type { JobReporter } from './jobReporter.js';
import type { JobStore } from './jobStore.js';

/** What recovery found and did, for the log. */
export interface RecoveryReport {
  interrupted: number[];
  killedPids: number[];
  /** Processes of an earlier run found by their marker (what bots started, detached or not). */
  leftoverPids: number[];
  requeued: { from: number; to: number }[];
}

/**
 * After a crash or power cut: every job still marked running was cut off. Its leftover worker and
 * browser are killed (only if pid and start time both match: pids are reused), the job becomes
 * `interrupted`, and a bot that declares itself rerun-safe gets a new queued job. Then every process
 * carrying a marker of this install from an earlier run is killed: no job of that run is running,
 * so each is something a bot started and left (Linux and macOS; Windows cannot read other
 * processes' environments, so there only the leased pids and their trees are killed).
 */
export async function recoverInterruptedJobs(deps: {
  store: JobStore;
  catalog: BotCatalog;
  reporter: JobReporter;
  control: JobControl;
  /** A job that waited for an approval keeps waiting, without a worker: its decision resumes it. */
  keepWaiting: (jobId: number) => void;
  /** This run's markers; without them only leased pids are looked at. */
  markers?: ProcessMarkers;
}): Promise<RecoveryReport> {
  const report: RecoveryReport = { interrupted: [], killedPids: [], leftoverPids: [], requeued: [] };
  for (const leased of deps.store.leasedJobs()) {
    for (const [pid, start] of [
      [leased.browserPid, leased.browserStart],
      [leased.workerPid, leased.workerStart],
    ] as const) {
      if (pid && (await isSameProcess(pid, start))) {
        killProcessTree(pid);
        report.killedPids.push(pid);
      }
    }
    if (leased.state === 'waiting_approval') {
      deps.keepWaiting(leased.id);
      continue;
    }
    deps.reporter.finish(leased.id, {
      state: 'interrupted',
      reason: 'app_stopped',
      error: 'RPA Desk stopped while this job was running',
      retryable: false,
    });
    report.interrupted.push(leased.id);
    let rerunSafe = false;
    try {
      rerunSafe = deps.catalog.get(leased.botId).policy.rerunSafe;
    } catch {
      // The bot is gone: nothing to re-queue.
    }
    if (rerunSafe) {
      const rerun = deps.control.rerun(leased.id, 'recovery');
      report.requeued.push({ from: leased.id, to: rerun.id });
    }
  }
  const markers = deps.markers;
  if (markers) report.leftoverPids = await killMarkedProcesses((marker) => markers.isLeftover(marker));
  return report;
}
