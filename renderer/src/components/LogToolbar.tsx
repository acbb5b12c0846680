import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogLevel } from '../../../electron/common/domain';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { copyText } from '../lib/clipboard';
import { formatLogLine } from '../log/formatLogLine';
import { LEVELS } from '../log/logLevels';
import { setLogFilter, useJobLog } from '../stores/jobLog';
import { showError, showInfo } from '../stores/toasts';

const SEARCH_DEBOUNCE_MS = 200;

interface LogToolbarProps {
  following: boolean;
  onFollowChange: (following: boolean) => void;
}

/** Level filter, search, line count, follow toggle and copy, above the log tail. */
export function LogToolbar({ following, onFollowChange }: LogToolbarProps) {
  const { t } = useTranslation();
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
      showInfo(t('log.copied', { count: lines.length }));
    } catch (err) {
      showError(err, t('log.copyFailed'));
    }
  }

  return (
    <div className="log-toolbar">
      <select aria-label={t('log.minLevel')} data-testid="log-level" value={minLevel} onChange={(event) => setLogFilter(readLevel(event.target.value), search)}>
        {LEVELS.map((level) => (
          <option key={level} value={level}>
            {t(`log.levelFilter.${level}`)}
          </option>
        ))}
      </select>
      <input
        type="search"
        className="log-search"
        placeholder={t('log.search')}
        aria-label={t('log.search')}
        data-testid="log-search"
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
      />
      <span className="log-count" data-testid="log-count" aria-live="off">
        {buffer.filtering ? t('log.visibleCount', { visible, count: total }) : t('log.count', { count: total })}
        {loading && <span className="muted"> · {t('log.loading')}</span>}
      </span>
      <span className="toolbar-spacer" />
      <label className="toggle">
        <input type="checkbox" data-testid="follow-toggle" checked={following} onChange={(event) => onFollowChange(event.target.checked)} />
        {t('log.follow')}
      </label>
      <button type="button" className="button small" data-testid="copy-log" onClick={() => void copyVisibleLines()} disabled={visible === 0}>
        {t('log.copy')}
      </button>
    </div>
  );
}

function readLevel(value: string): LogLevel {
  return LEVELS.find((level) => level === value) ?? 'DEBUG';
}
