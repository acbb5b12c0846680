const UNITS = ['KB', 'MB', 'GB', 'TB'];

/** A file size in the units a file manager shows: "812 B", "14.2 KB", "3.0 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit] ?? 'TB'}`;
}
