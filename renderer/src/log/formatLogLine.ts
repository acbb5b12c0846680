import type { LogLine } from '../../../electron/common/domain';
import { formatClock } from '../format/time';

/** A log line as plain text, the way it is copied and shown in its tooltip. */
export function formatLogLine(line: LogLine): string {
  return `${formatClock(line.at)} ${line.level} ${line.message}`;
}
