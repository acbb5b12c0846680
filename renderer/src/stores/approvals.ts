import { create } from 'zustand';
import type { ApprovalDetail, ApprovalSummary, AuditEntry } from '../../../electron/common/approvalContract';
import type { JobSummary } from '../../../electron/common/domain';
import { RpaError } from '../../../electron/common/errors';
import { call, onReconnected, subscribe } from '../api/client';
import { throttleTask } from '../lib/throttle';
import { approvalHref, jobHref } from '../router/routes';
import { navigate } from '../router/useRoute';
import { useAppInfo } from './appInfo';
import { showError, showNotice } from './toasts';
import { i18n } from '../i18n';

/* ------------------------------------------------------------------ pending: badge and banner */

interface PendingState {
  /** Pending approvals and hand-offs, newest first (at most PENDING_LIMIT of them). */
  pending: ApprovalSummary[];
  /** How many are pending in all, for the badge. */
  pendingCount: number;
}

const PENDING_LIMIT = 200;

/** What waits for a person right now: the sidebar badge and the hand-off banner read this. */
export const usePendingApprovals = create<PendingState>()(() => ({ pending: [], pendingCount: 0 }));

/** Approvals already known to this page: only others are announced as new. */
const seen = new Set<number>();

const refreshPending = throttleTask(loadPending, 500);

async function loadPending(): Promise<void> {
  try {
    const page = await call('approvals.list', { status: 'pending', limit: PENDING_LIMIT });
    for (const approval of page.approvals) seen.add(approval.id);
    usePendingApprovals.setState({ pending: page.approvals, pendingCount: page.pendingCount });
  } catch (err) {
    showError(err, i18n.t('errors.pendingApprovals'));
  }
}

function applyToPending(approval: ApprovalSummary): void {
  const { pending, pendingCount } = usePendingApprovals.getState();
  const known = pending.some((item) => item.id === approval.id);
  if (approval.status === 'pending') {
    const next = known ? pending.map((item) => (item.id === approval.id ? approval : item)) : [approval, ...pending].sort(newestFirst);
    usePendingApprovals.setState({ pending: next, pendingCount: known ? pendingCount : pendingCount + 1 });
  } else if (known) {
    usePendingApprovals.setState({ pending: pending.filter((item) => item.id !== approval.id), pendingCount: Math.max(0, pendingCount - 1) });
  }
  // The count over all approvals comes from the core; the change above only bridges the wait.
  refreshPending.request();
}

/* ------------------------------------------------------------------ the inbox */

export type InboxTab = 'pending' | 'decided' | 'all';

interface InboxState {
  tab: InboxTab;
  botId: string | null;
  approvals: ApprovalSummary[];
  nextCursor: number | null;
  status: 'idle' | 'loading' | 'ready' | 'failed';
  loadingMore: boolean;
}

const INBOX_PAGE = 100;

/** The Approvals inbox: one tab, one bot filter, newest first. */
export const useInbox = create<InboxState>()(() => ({
  tab: 'pending',
  botId: null,
  approvals: [],
  nextCursor: null,
  status: 'idle',
  loadingMore: false,
}));

let inboxRequest = 0;

/** Shows another tab or bot in the inbox. */
export function setInboxFilter(tab: InboxTab, botId: string | null): void {
  useInbox.setState({ tab, botId });
  void reloadInbox();
}

/** Loads the first page of the inbox again. */
export async function reloadInbox(): Promise<void> {
  const request = ++inboxRequest;
  const { tab, botId } = useInbox.getState();
  useInbox.setState({ status: 'loading' });
  try {
    const page = await call('approvals.list', inboxQuery(tab, botId, undefined));
    if (request !== inboxRequest) return;
    useInbox.setState({ approvals: page.approvals.filter((a) => inTab(a, tab)), nextCursor: page.nextCursor, status: 'ready', loadingMore: false });
    usePendingApprovals.setState({ pendingCount: page.pendingCount });
  } catch (err) {
    if (request !== inboxRequest) return;
    useInbox.setState({ status: 'failed' });
    showError(err, i18n.t('errors.approvals'));
  }
}

/** The next, older page of the inbox. */
export async function loadMoreInbox(): Promise<void> {
  const { tab, botId, nextCursor, loadingMore } = useInbox.getState();
  if (nextCursor === null || loadingMore) return;
  const request = inboxRequest;
  useInbox.setState({ loadingMore: true });
  try {
    const page = await call('approvals.list', inboxQuery(tab, botId, nextCursor));
    if (request !== inboxRequest) return;
    const { approvals } = useInbox.getState();
    const have = new Set(approvals.map((a) => a.id));
    useInbox.setState({
      approvals: [...approvals, ...page.approvals.filter((a) => inTab(a, tab) && !have.has(a.id))],
      nextCursor: page.nextCursor,
      loadingMore: false,
    });
  } catch (err) {
    if (request === inboxRequest) useInbox.setState({ loadingMore: false });
    showError(err, i18n.t('errors.moreApprovals'));
  }
}

/** Loads the inbox the first time it is shown. */
export function ensureInboxLoaded(): void {
  if (useInbox.getState().status === 'idle') void reloadInbox();
}

/** Shows the answers of a bulk decision at once, before their events come. */
export function applyDecided(approval: ApprovalSummary): void {
  applyApprovalUpdate(approval);
}

function inboxQuery(tab: InboxTab, botId: string | null, before: number | undefined) {
  return {
    // "Decided" means no longer waiting (decided, timed out or closed); the core filters one status at a time.
    ...(tab === 'pending' ? { status: 'pending' as const } : {}),
    ...(botId ? { botId } : {}),
    ...(before !== undefined ? { before } : {}),
    limit: INBOX_PAGE,
  };
}

function inTab(approval: ApprovalSummary, tab: InboxTab): boolean {
  if (tab === 'pending') return approval.status === 'pending';
  if (tab === 'decided') return approval.status !== 'pending';
  return true;
}

function applyToInbox(approval: ApprovalSummary): void {
  const { status, approvals, tab, botId } = useInbox.getState();
  if (status === 'idle') return;
  const index = approvals.findIndex((a) => a.id === approval.id);
  if (index >= 0) {
    // A row decided while shown stays in place, now showing its outcome, until the next reload.
    useInbox.setState({ approvals: approvals.map((a) => (a.id === approval.id ? approval : a)) });
    return;
  }
  if (!inTab(approval, tab) || (botId !== null && approval.botId !== botId)) return;
  const newest = approvals[0]?.id ?? 0;
  if (approval.id > newest) useInbox.setState({ approvals: [approval, ...approvals] });
}

/* ------------------------------------------------------------------ one approval */

interface DetailState {
  approvalId: number | null;
  detail: ApprovalDetail | null;
  status: 'idle' | 'loading' | 'ready' | 'not_found' | 'failed';
}

/** The approval open on the approval screen. */
export const useApprovalDetail = create<DetailState>()(() => ({ approvalId: null, detail: null, status: 'idle' }));

const refreshDetail = throttleTask(async () => {
  const { approvalId } = useApprovalDetail.getState();
  if (approvalId !== null) await fetchDetail(approvalId);
}, 250);

/** Shows `approvalId` on the approval screen. */
export function openApproval(approvalId: number): void {
  refreshDetail.cancel();
  useApprovalDetail.setState({ approvalId, detail: null, status: 'loading' });
  void fetchDetail(approvalId);
}

/** Forgets the open approval when its screen goes away. */
export function closeApproval(): void {
  refreshDetail.cancel();
  useApprovalDetail.setState({ approvalId: null, detail: null, status: 'idle' });
}

/** Loads the open approval again (after a decision, or a refusal that says it changed). */
export function reloadApproval(): void {
  if (useApprovalDetail.getState().approvalId !== null) refreshDetail.request();
}

async function fetchDetail(approvalId: number): Promise<void> {
  try {
    const detail = await call('approvals.get', { approvalId });
    if (useApprovalDetail.getState().approvalId !== approvalId) return;
    useApprovalDetail.setState({ detail, status: 'ready' });
  } catch (err) {
    if (useApprovalDetail.getState().approvalId !== approvalId) return;
    if (err instanceof RpaError && err.code === 'not_found') {
      useApprovalDetail.setState({ detail: null, status: 'not_found' });
      return;
    }
    if (!useApprovalDetail.getState().detail) useApprovalDetail.setState({ status: 'failed' });
    showError(err, i18n.t('errors.approval', { id: approvalId }));
  }
}

function applyToDetail(approval: ApprovalSummary): void {
  const { approvalId, detail } = useApprovalDetail.getState();
  if (approval.id !== approvalId) return;
  // The summary changes status and decision at once; the comment and chosen rows come with the refetch.
  if (detail) useApprovalDetail.setState({ detail: { ...detail, ...approval } });
  refreshDetail.request();
}

/* ------------------------------------------------------------------ a job's approvals and audit trail */

interface JobHumanState {
  jobId: number | null;
  approvals: ApprovalSummary[];
  audit: AuditEntry[];
  status: 'idle' | 'loading' | 'ready' | 'failed';
}

/** The approvals and the audit trail of the job open on the Job screen. */
export const useJobHuman = create<JobHumanState>()(() => ({ jobId: null, approvals: [], audit: [], status: 'idle' }));

const refreshJobHuman = throttleTask(async () => {
  const { jobId } = useJobHuman.getState();
  if (jobId !== null) await fetchJobHuman(jobId);
}, 300);

/** Follows the approvals and audit trail of `jobId`. */
export function openJobHuman(jobId: number): void {
  refreshJobHuman.cancel();
  useJobHuman.setState({ jobId, approvals: [], audit: [], status: 'loading' });
  void fetchJobHuman(jobId);
}

/** Stops following when the Job screen goes away. */
export function closeJobHuman(): void {
  refreshJobHuman.cancel();
  useJobHuman.setState({ jobId: null, approvals: [], audit: [], status: 'idle' });
}

async function fetchJobHuman(jobId: number): Promise<void> {
  try {
    const [approvals, audit] = await Promise.all([
      call('approvals.list', { jobId, limit: 100 }),
      call('audit.list', { targetType: 'job', targetId: jobId, limit: 200 }),
    ]);
    if (useJobHuman.getState().jobId !== jobId) return;
    useJobHuman.setState({ approvals: approvals.approvals, audit: audit.entries, status: 'ready' });
  } catch (err) {
    if (useJobHuman.getState().jobId !== jobId) return;
    if (useJobHuman.getState().status === 'loading') useJobHuman.setState({ status: 'failed' });
    showError(err, i18n.t('errors.jobApprovals', { id: jobId }));
  }
}

function applyToJobHuman(jobId: number): void {
  if (useJobHuman.getState().jobId === jobId) refreshJobHuman.request();
}

/* ------------------------------------------------------------------ notifications */

export type NotificationPermissionState = NotificationPermission | 'unsupported';

interface NotificationsState {
  permission: NotificationPermissionState;
}

/** Whether the browser may show desktop notifications. */
export const useNotifications = create<NotificationsState>()(() => ({ permission: readPermission() }));

function readPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
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

function lookingAt(approval: ApprovalSummary): boolean {
  if (document.visibilityState !== 'visible') return false;
  const hash = window.location.hash;
  return hash === approvalHref(approval.id) || hash === jobHref(approval.jobId);
}

/** A new request to a person: a desktop notification when allowed, otherwise a toast. */
function announce(approval: ApprovalSummary): void {
  if (lookingAt(approval)) return;
  const heading = approval.kind === 'handoff' ? i18n.t('notice.handoff', { bot: approval.botTitle }) : i18n.t('notice.approval', { bot: approval.botTitle });
  const href = requestHref(approval);
  // In Electron, main shows the desktop notification itself and sends app.navigate on a click.
  const electron = useAppInfo.getState().info?.mode === 'electron';
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

/* ------------------------------------------------------------------ wiring */

function applyApprovalUpdate(approval: ApprovalSummary): void {
  const isNew = approval.status === 'pending' && !seen.has(approval.id);
  seen.add(approval.id);
  applyToPending(approval);
  applyToInbox(approval);
  applyToDetail(approval);
  applyToJobHuman(approval.jobId);
  if (isNew) announce(approval);
}

function applyJobUpdate(job: JobSummary): void {
  applyToJobHuman(job.id);
}

/** Feeds the approval events to the stores for the life of the page. */
export function connectApprovals(): void {
  subscribe('approval.updated', applyApprovalUpdate);
  subscribe('job.updated', applyJobUpdate);
  subscribe('app.navigate', ({ route }) => {
    // Only our own screens: a route is a hash path such as "#/approvals/12".
    if (/^#?\//.test(route)) window.location.hash = route.replace(/^#/, '');
  });
  onReconnected(() => {
    refreshPending.request();
    if (useInbox.getState().status !== 'idle') void reloadInbox();
    reloadApproval();
    const { jobId } = useJobHuman.getState();
    if (jobId !== null) refreshJobHuman.request();
  });
  refreshPending.request();
}

function newestFirst(a: ApprovalSummary, b: ApprovalSummary): number {
  return b.id - a.id;
}
