import { LOG_LEVELS, type LogLevel } from '../../../electron/common/domain';

/** Levels lowest first, as the level filter offers them. */
export const LEVELS: readonly LogLevel[] = LOG_LEVELS;

/** The position of a level, for "this level and above" comparisons. */
export function levelRank(level: LogLevel): number {
  return LOG_LEVELS.indexOf(level);
}
