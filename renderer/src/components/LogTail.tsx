import { memo, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { rowWindow } from '../lib/rowWindow';
import { useJobLog } from '../stores/jobLog';
import { LogRow } from './LogRow';
import { LogToolbar } from './LogToolbar';

/** Every row is this tall, so which rows are on screen is arithmetic. Matches `.log-line` in CSS. */
const ROW_HEIGHT = 20;
/** Rows rendered beyond the visible ones, so a fast scroll does not show blank space. */
const OVERSCAN = 20;

/**
 * The job's log, virtualised, following new lines until the operator scrolls up. Memoised: it
 * renders from the log store alone, not each time the job's detail changes around it.
 *
 * Not a general virtualiser: with every row the same height, the rows to render come from the
 * scroll position in constant time. One that keeps a position per row walks the whole log on
 * every batch, which at 100,000 lines cost several milliseconds and megabytes of garbage a frame.
 */
export const LogTail = memo(function LogTail() {
  const { t } = useTranslation();
  const buffer = useJobLog((state) => state.buffer);
  const version = useJobLog((state) => state.version);
  const [following, setFollowing] = useState(true);
  // The first row on screen while paused; while following, the rows are the last ones.
  const [topRow, setTopRow] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const lastScrollTop = useRef(0);
  const count = buffer.visibleCount;
  const shown = Math.ceil(viewportHeight / ROW_HEIGHT) + 1;
  const rows = rowWindow(count, shown, following ? null : topRow, OVERSCAN);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    setViewportHeight(element.clientHeight);
    const observer = new ResizeObserver(() => setViewportHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!following || !element) return;
    element.scrollTop = element.scrollHeight;
    lastScrollTop.current = element.scrollTop;
  }, [following, version, count, viewportHeight]);

  function changeFollowing(follow: boolean): void {
    // Paused from the toggle, the view stays where following left it.
    if (!follow) setTopRow(Math.floor((scrollRef.current?.scrollTop ?? 0) / ROW_HEIGHT));
    setFollowing(follow);
  }

  function noticeScroll(): void {
    const element = scrollRef.current;
    if (!element) return;
    const top = element.scrollTop;
    const atBottom = element.scrollHeight - top - element.clientHeight <= ROW_HEIGHT;
    let follow = following;
    // Only a move up means the operator wants to read back; content growing never scrolls up.
    if (top < lastScrollTop.current && !atBottom) follow = false;
    else if (top > lastScrollTop.current && atBottom) follow = true;
    lastScrollTop.current = top;
    if (follow) {
      if (!following) setFollowing(true);
      return;
    }
    const row = Math.floor(top / ROW_HEIGHT);
    const update = (): void => {
      setFollowing(false);
      setTopRow(row);
    };
    // A jump past the rendered rows would show blank space until a later render: render now.
    if (row < rows.start || row + shown > rows.end) flushSync(update);
    else update();
  }

  const lines = [];
  for (let index = rows.start; index < rows.end; index++) {
    const line = buffer.visibleLine(index);
    if (line) lines.push(<LogRow key={line.id} line={line} />);
  }

  return (
    <div className="log-panel">
      <LogToolbar following={following} onFollowChange={changeFollowing} />
      <div className="log-frame">
        <div ref={scrollRef} className="log-scroll" data-testid="log-tail" onScroll={noticeScroll} tabIndex={0}>
          <div className="log-canvas" style={{ height: count * ROW_HEIGHT }}>
            <div className="log-rows" style={{ transform: `translateY(${rows.start * ROW_HEIGHT}px)` }}>
              {lines}
            </div>
          </div>
          {count === 0 && <p className="log-empty">{buffer.total === 0 ? t('log.empty') : t('log.noMatch')}</p>}
        </div>
        {!following && (
          <button type="button" className="button primary jump-latest" data-testid="jump-to-latest" onClick={() => changeFollowing(true)}>
            {t('log.jumpToLatest')}
          </button>
        )}
      </div>
    </div>
  );
});
