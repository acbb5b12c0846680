const UNITS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** Milliseconds of a duration given as a number of milliseconds or as '500ms', '90s', '10m', '2h'. */
export function parseDuration(value: number | string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`Duration ${value} must be a positive number of milliseconds`);
    return value;
  }
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(value.trim());
  if (!match) throw new Error(`Duration "${value}" is not like 90s, 10m or 2h`);
  return Number(match[1]) * UNITS[match[2] as keyof typeof UNITS];
}
