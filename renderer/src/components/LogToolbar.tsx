import { useEffect, useState } from 'react';
import type { LogLevel } from '../../../electron/common/domain';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { copyText } from '../lib/clipboard';
import { formatLogLine } from '../log/formatLogLine';
import { LEVELS } from '../log/logLevels';
import { setLogFilter, useJobLog } from '../stores/jobLog';
import { showError, showInfo } from '../stores/toasts';

const SEARCH_DEBOUNCE_MS = 200;

const LEVEL_LABELS: Record<LogLevel, string> = {
  DEBUG: 'All levels',
  INFO: 'INFO and above',
  WARNING: 'WARNING and above',
  ERROR: 'ERROR and above',
  CRITICAL: 'CRITICAL only',
};

interface LogToolbarProps {
  following: boolean;
  onFollowChange: (following: boolean) => void;
}

/** Level filter, search, line count, follow toggle and copy, above the log tail. */
export function LogToolbar({ following, onFollowChange }: LogToolbarProps) {
  const buffer = useJobLog((state) => state.buffer);
  // The buffer mutates in place; subscribing to its version re-renders the counts.
  useJobLog((state) => state.version);
  const loading = useJobLog((state) => state.loading);
  const minLevel = useJobLog((state) => state.minLevel);
  const search = useJobLog((state) => state.search);
  const [typed, setTyped] = useState(search);
  const settled = useDebouncedValue(typed, SEARCH_DEBOUNCE_MS);

  useEffect(() => {
    if (settled !== useJobLog.getState().search) setLogFilter(useJobLog.getState().minLevel, settled);
  }, [settled]);

  const total = buffer.total;
  const visible = buffer.visibleCount;

  async function copyVisibleLines(): Promise<void> {
    const lines = buffer.visibleLines();
    try {
      await copyText(lines.map(formatLogLine).join('\n'));
      showInfo(`Copied ${lines.length} ${lines.length === 1 ? 'line' : 'lines'}`);
    } catch (err) {
      showError(err, 'Could not copy the log');
    }
  }

  return (
    <div className="log-toolbar">
      <select
        aria-label="Minimum level"
        data-testid="log-level"
        value={minLevel}
        onChange={(event) => setLogFilter(readLevel(event.target.value), search)}
      >
        {LEVELS.map((level) => (
          <option key={level} value={level}>
            {LEVEL_LABELS[level]}
          </option>
        ))}
      </select>
      <input
        type="search"
        className="log-search"
        placeholder="Search the log"
        aria-label="Search the log"
        data-testid="log-search"
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
      />
      <span className="log-count" data-testid="log-count" aria-live="off">
        {buffer.filtering ? `${visible} of ${total} lines` : `${total} lines`}
        {loading && <span className="muted"> · loading…</span>}
      </span>
      <span className="toolbar-spacer" />
      <label className="toggle">
        <input
          type="checkbox"
          data-testid="follow-toggle"
          checked={following}
          onChange={(event) => onFollowChange(event.target.checked)}
        />
        Follow
      </label>
      <button type="button" className="button small" data-testid="copy-log" onClick={() => void copyVisibleLines()} disabled={visible === 0}>
        Copy
      </button>
    </div>
  );
}

function readLevel(value: string): LogLevel {
  return LEVELS.find((level) => level === value) ?? 'DEBUG';
}
