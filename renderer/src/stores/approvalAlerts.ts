import { create } from 'zustand';
import type { ApprovalSummary } from '../../../electron/common/approvalContract';
import { i18n } from '../i18n';
import { loadedAppInfo } from '../queries/appInfo';
import { approvalHref, jobHref } from '../router/routes';
import { navigate } from '../router/useRoute';
import { showError, showNotice } from './toasts';

export type NotificationPermissionState = NotificationPermission | 'unsupported';

/** Whether the browser may show desktop notifications. */
export const useNotifications = create<{ permission: NotificationPermissionState }>()(() => ({ permission: readPermission() }));

/** Approvals already known to this page: only others are announced as new. */
const seen = new Set<number>();

/** Records approvals the page has been shown, so they are not announced as new. */
export function markSeen(approvals: readonly ApprovalSummary[]): void {
  for (const approval of approvals) seen.add(approval.id);
}

/** Records `approval`; true when it is a request to a person this page had not heard of. */
export function isNewRequest(approval: ApprovalSummary): boolean {
  const isNew = approval.status === 'pending' && !seen.has(approval.id);
  seen.add(approval.id);
  return isNew;
}

/** Asks the browser for desktop notifications; must run in a click handler. */
export async function requestNotificationPermission(): Promise<void> {
  if (typeof Notification === 'undefined') return;
  try {
    const permission = await Notification.requestPermission();
    useNotifications.setState({ permission });
  } catch (err) {
    showError(err, i18n.t('errors.notifications'));
  }
}

/** Where a new request takes the operator: the approval, or the job whose browser they must take over. */
export function requestHref(approval: ApprovalSummary): string {
  return approval.kind === 'handoff' ? jobHref(approval.jobId) : approvalHref(approval.id);
}

/** A new request to a person: a desktop notification when allowed, otherwise a toast. */
export function announce(approval: ApprovalSummary): void {
  if (lookingAt(approval)) return;
  const heading = approval.kind === 'handoff' ? i18n.t('notice.handoff', { bot: approval.botTitle }) : i18n.t('notice.approval', { bot: approval.botTitle });
  const href = requestHref(approval);
  // In Electron, main shows the desktop notification itself and sends app.navigate on a click.
  const electron = loadedAppInfo()?.mode === 'electron';
  if (!electron && readPermission() === 'granted') {
    try {
      const notification = new Notification(heading, { body: approval.title, tag: `rpa-desk-approval-${approval.id}` });
      notification.onclick = () => {
        window.focus();
        navigate(href);
        notification.close();
      };
      return;
    } catch {
      // Some browsers only allow notifications from a service worker: fall back to the toast.
    }
  }
  // A hand-off already has the banner at the top of every screen.
  if (approval.kind === 'handoff') return;
  if (electron && !document.hasFocus()) return;
  showNotice(i18n.t('notice.toast', { heading, title: approval.title }), href);
}

function readPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

function lookingAt(approval: ApprovalSummary): boolean {
  if (document.visibilityState !== 'visible') return false;
  const hash = window.location.hash;
  return hash === approvalHref(approval.id) || hash === jobHref(approval.jobId);
}
