import { create } from 'zustand';
import type { AuditEntry, AuditTargetType, AuditVerification } from '../../../electron/common/auditContract';
import type { CommandInput } from '../../../electron/common/contract';
import { call, onReconnected } from '../api/client';
import { useSession } from './session';
import { showError } from './toasts';
import { i18n } from '../i18n';

/** What the Audit screen is narrowed to; null means any. */
export interface AuditFilter {
  actor: string | null;
  action: string | null;
  targetType: AuditTargetType | null;
  targetId: number | null;
  /** At or after, epoch ms (local midnight of the chosen day). */
  from: number | null;
  /** At or before, epoch ms (the last millisecond of the chosen day). */
  to: number | null;
}

/** No narrowing: the whole trail. */
export const NO_AUDIT_FILTER: AuditFilter = { actor: null, action: null, targetType: null, targetId: null, from: null, to: null };

interface AuditTrailState {
  filter: AuditFilter;
  /** Bumped when the filter is set from outside the filter fields, so they start again from it. */
  filterVersion: number;
  /** Rows older than this id only: set when Verify sends the person to the first bad row. */
  startBefore: number | null;
  /** Newest first. */
  entries: AuditEntry[];
  nextCursor: number | null;
  status: 'idle' | 'loading' | 'ready' | 'failed';
  loadingMore: boolean;
  verification: AuditVerification | null;
  verifying: boolean;
}

const PAGE_SIZE = 100;

/** The Audit screen: the filtered trail, newest first, and what Verify found. */
export const useAuditTrail = create<AuditTrailState>()(() => ({
  filter: NO_AUDIT_FILTER,
  filterVersion: 0,
  startBefore: null,
  entries: [],
  nextCursor: null,
  status: 'idle',
  loadingMore: false,
  verification: null,
  verifying: false,
}));

let generation = 0;
let listening = false;

/** Loads the first page unless it is loaded or loading. */
export function ensureAuditLoaded(): void {
  if (!listening) {
    listening = true;
    onReconnected(() => {
      if (useAuditTrail.getState().status === 'idle') return;
      // Someone else may be signed in now: an account without the permission keeps none of the trail.
      if (useSession.getState().user?.permissions.includes('audit.read')) void reloadAudit();
      else useAuditTrail.setState({ entries: [], nextCursor: null, status: 'idle', verification: null });
    });
  }
  const { status } = useAuditTrail.getState();
  if (status === 'idle' || status === 'failed') void reloadAudit();
}

/** Loads the first page for the current filter again. */
export async function reloadAudit(): Promise<void> {
  const current = ++generation;
  const { filter, startBefore } = useAuditTrail.getState();
  useAuditTrail.setState({ status: 'loading', loadingMore: false });
  try {
    const page = await call('audit.search', { ...filterInput(filter), ...(startBefore !== null ? { before: startBefore } : {}), limit: PAGE_SIZE });
    if (current !== generation) return;
    useAuditTrail.setState({ entries: page.entries, nextCursor: page.nextCursor, status: 'ready' });
  } catch (err) {
    if (current !== generation) return;
    useAuditTrail.setState({ status: 'failed' });
    showError(err, i18n.t('errors.audit'));
  }
}

/** Appends the next page of older rows. */
export async function loadMoreAudit(): Promise<void> {
  const { nextCursor, loadingMore, filter } = useAuditTrail.getState();
  if (nextCursor === null || loadingMore) return;
  const current = generation;
  useAuditTrail.setState({ loadingMore: true });
  try {
    const page = await call('audit.search', { ...filterInput(filter), before: nextCursor, limit: PAGE_SIZE });
    if (current !== generation) return;
    useAuditTrail.setState(({ entries }) => {
      const known = new Set(entries.map((entry) => entry.id));
      return { entries: [...entries, ...page.entries.filter((entry) => !known.has(entry.id))], nextCursor: page.nextCursor, loadingMore: false };
    });
  } catch (err) {
    if (current !== generation) return;
    useAuditTrail.setState({ loadingMore: false });
    showError(err, i18n.t('errors.moreAudit'));
  }
}

/** Narrows the trail and loads it again from the newest row. */
export function setAuditFilter(filter: AuditFilter): void {
  useAuditTrail.setState({ filter, startBefore: null });
  void reloadAudit();
}

/** Shows the whole trail from row `id` down (Verify's first bad row at the top). */
export function showAuditFrom(id: number): void {
  useAuditTrail.setState(({ filterVersion }) => ({ filter: NO_AUDIT_FILTER, filterVersion: filterVersion + 1, startBefore: id + 1 }));
  void reloadAudit();
}

/** Walks the whole chain and keeps what it found. */
export async function verifyAudit(): Promise<void> {
  useAuditTrail.setState({ verifying: true, verification: null });
  try {
    useAuditTrail.setState({ verification: await call('audit.verify', {}), verifying: false });
  } catch (err) {
    useAuditTrail.setState({ verifying: false });
    showError(err, i18n.t('errors.auditVerify'));
  }
}

/** The filtered trail as CSV text; throws the core's refusal. */
export async function exportAudit(): Promise<{ csv: string; rows: number; truncated: boolean }> {
  return call('audit.export', filterInput(useAuditTrail.getState().filter));
}

function filterInput(filter: AuditFilter): CommandInput<'audit.export'> {
  const input: CommandInput<'audit.export'> = {};
  if (filter.actor !== null) input.actor = filter.actor;
  if (filter.action !== null) input.action = filter.action;
  if (filter.targetType !== null) input.targetType = filter.targetType;
  if (filter.targetId !== null) input.targetId = filter.targetId;
  if (filter.from !== null) input.from = filter.from;
  if (filter.to !== null) input.to = filter.to;
  return input;
}
