import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useRef, useState } from 'react';
import { useJobLog } from '../stores/jobLog';
import { LogRow } from './LogRow';
import { LogToolbar } from './LogToolbar';

/** Every row is this tall, so the virtualiser never has to measure. Matches `.log-line` in CSS. */
const ROW_HEIGHT = 20;
/** Rows rendered beyond the visible ones, so a fast scroll does not show blank space. */
const OVERSCAN = 20;

/**
 * The job's log, virtualised, following new lines until the operator scrolls up. Memoised: it
 * renders from the log store alone, not each time the job's detail changes around it.
 */
export const LogTail = memo(function LogTail() {
  const buffer = useJobLog((state) => state.buffer);
  const version = useJobLog((state) => state.version);
  const [following, setFollowing] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const lastScrollTop = useRef(0);
  const count = buffer.visibleCount;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const viewportHeight = virtualizer.scrollRect?.height ?? scrollRef.current?.clientHeight ?? 0;
  const rows = following ? bottomRows(count, viewportHeight) : virtualizer.getVirtualItems();

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!following || !element) return;
    element.scrollTop = element.scrollHeight;
    lastScrollTop.current = element.scrollTop;
  }, [following, version, count]);

  function noticeScroll(): void {
    const element = scrollRef.current;
    if (!element) return;
    const top = element.scrollTop;
    const atBottom = element.scrollHeight - top - element.clientHeight <= ROW_HEIGHT;
    // Only a move up means the operator wants to read back; content growing never scrolls up.
    if (top < lastScrollTop.current && !atBottom) setFollowing(false);
    else if (top > lastScrollTop.current && atBottom) setFollowing(true);
    lastScrollTop.current = top;
  }

  return (
    <div className="log-panel">
      <LogToolbar following={following} onFollowChange={setFollowing} />
      <div className="log-frame">
        <div ref={scrollRef} className="log-scroll" data-testid="log-tail" onScroll={noticeScroll} tabIndex={0}>
          <div className="log-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {rows.map((row) => {
              const line = buffer.visibleLine(row.index);
              return line ? <LogRow key={line.id} line={line} top={row.start} /> : null;
            })}
          </div>
          {count === 0 && <p className="log-empty">{buffer.total === 0 ? 'No log lines yet.' : 'No lines match the filter.'}</p>}
        </div>
        {!following && (
          <button type="button" className="button primary jump-latest" data-testid="jump-to-latest" onClick={() => setFollowing(true)}>
            Jump to latest ↓
          </button>
        )}
      </div>
    </div>
  );
});

/**
 * The rows at the bottom of the log, for follow mode. The virtualiser learns the scroll position
 * from scroll events, which arrive a frame after we jump to the bottom; while lines pour in it
 * would keep rendering the rows of the previous position and the tail would flash blank.
 */
function bottomRows(count: number, viewportHeight: number): { index: number; start: number }[] {
  const first = Math.max(0, count - Math.ceil(viewportHeight / ROW_HEIGHT) - OVERSCAN);
  const rows: { index: number; start: number }[] = [];
  for (let index = first; index < count; index++) rows.push({ index, start: index * ROW_HEIGHT });
  return rows;
}
