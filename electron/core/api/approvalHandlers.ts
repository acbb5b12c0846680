import type { ApprovalService } from '../approvals/approvalService.js';
import type { ApprovalStore } from '../approvals/approvalStore.js';
import type { AuditLog } from '../audit/auditLog.js';
import { RpaError } from '../../common/errors.js';
import type { Handlers } from './router.js';

/** What the approval commands work with. */
export interface ApprovalHandlerDeps {
  service: ApprovalService;
  approvals: ApprovalStore;
  audit: AuditLog;
}

type ApprovalCommand = 'approvals.list' | 'approvals.get' | 'approvals.decide' | 'approvals.decideMany' | 'handoffs.resolve';

/** The handlers of approvals and hand-offs. */
export function createApprovalHandlers(deps: ApprovalHandlerDeps): Pick<Handlers, ApprovalCommand> {
  return {
    'approvals.list': (input) => deps.approvals.list(input),
    'approvals.get': (input) => {
      const approval = deps.approvals.detail(input.approvalId);
      if (!approval) throw new RpaError('not_found', `Approval ${input.approvalId} not found`);
      return approval;
    },
    'approvals.decide': (input, caller) => deps.service.decide(input.approvalId, input, caller.user),
    'approvals.decideMany': (input, caller) => ({
      results: deps.service.decideMany(input.approvalIds, input.decision, input.comment, caller.user),
    }),
    'handoffs.resolve': (input, caller) => deps.service.resolveHandoff(input.approvalId, input.action, caller.user),
  };
}
