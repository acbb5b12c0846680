import { Notification, type BrowserWindow } from 'electron';
import type { ApprovalSummary } from '../common/approvalContract.js';
import { CHANNELS } from '../common/channels.js';

/**
 * A desktop notification when a bot asks a person; clicking it brings RPA Desk forward on the
 * approval (or the hand-off's job). Keeps a reference so the notification is not garbage-collected
 * before it is clicked.
 */
export function notifyApprovalRequested(approval: ApprovalSummary, window: () => BrowserWindow | null): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({
    title: approval.kind === 'handoff' ? `${approval.botTitle} needs you` : `Approval needed: ${approval.botTitle}`,
    body: approval.title,
  });
  shown.add(notification);
  notification.on('close', () => shown.delete(notification));
  notification.on('click', () => {
    shown.delete(notification);
    const target = window();
    if (!target || target.isDestroyed()) return;
    if (target.isMinimized()) target.restore();
    target.focus();
    const route = approval.kind === 'handoff' ? `#/jobs/${approval.jobId}` : `#/approvals/${approval.id}`;
    target.webContents.send(CHANNELS.event, 'app.navigate', { route });
  });
  notification.show();
}

const shown = new Set<Notification>();
