import { RpaError } from '../../common/errors.js';
import type { AuditFilter, AuditLog } from '../audit/auditLog.js';
import type { Handlers } from './router.js';

type AuditCommand = 'audit.list' | 'audit.search' | 'audit.export' | 'audit.verify';

function checkedRange<F extends AuditFilter>(filter: F): F {
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) {
    throw new RpaError('invalid_input', 'The start of the period must come before its end', { from: 'Must be before the end' });
  }
  return filter;
}

/** The handlers of the audit trail. */
export function createAuditHandlers(audit: AuditLog): Pick<Handlers, AuditCommand> {
  return {
    'audit.list': (input) => audit.list(input),
    'audit.search': (input) => audit.search(checkedRange(input)),
    'audit.export': (input) => audit.exportCsv(checkedRange(input)),
    'audit.verify': () => audit.verify(),
  };
}
