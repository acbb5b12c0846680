import { create } from 'zustand';
import type { AuditTargetType, AuditVerification } from '../../../electron/common/auditContract';
import { call } from '../api/client';
import { i18n } from '../i18n';
import { showError } from './toasts';

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

interface AuditViewState {
  filter: AuditFilter;
  /** Bumped when the filter is set from outside the filter fields, so they start again from it. */
  filterVersion: number;
  /** Rows older than this id only: set when Verify sends the person to the first bad row. */
  startBefore: number | null;
  verification: AuditVerification | null;
  verifying: boolean;
}

/** What the Audit screen shows and what Verify found; the rows are in the query cache (queries/audit). */
export const useAuditView = create<AuditViewState>()(() => ({
  filter: NO_AUDIT_FILTER,
  filterVersion: 0,
  startBefore: null,
  verification: null,
  verifying: false,
}));

/** Walks the whole chain and keeps what it found. */
export async function verifyAudit(): Promise<void> {
  useAuditView.setState({ verifying: true, verification: null });
  try {
    useAuditView.setState({ verification: await call('audit.verify', {}), verifying: false });
  } catch (err) {
    useAuditView.setState({ verifying: false });
    showError(err, i18n.t('errors.auditVerify'));
  }
}
