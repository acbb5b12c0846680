import { memo } from 'react';
import type { LogLine } from '../../../electron/common/domain';
import { formatLogLine } from '../log/formatLogLine';
import { formatClock } from '../format/time';

/**
 * One log line at a fixed height: time, coloured level, message cut with an ellipsis (full text
 * on hover). Rows stack in the order given, so a row's own props never change: memo skips every
 * row already on screen when lines are added.
 */
export const LogRow = memo(function LogRow({ line }: { line: LogLine }) {
  return (
    <div className={`log-line level-${line.level}`} data-testid="log-line" data-level={line.level} title={formatLogLine(line)}>
      <span className="log-time">{formatClock(line.at)}</span>
      <span className="log-level">{line.level}</span>
      <span className="log-message">{line.message}</span>
    </div>
  );
});
