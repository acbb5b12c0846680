import { numberFormat } from './intl';

const UNITS = ['kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * A file size as a file manager shows it, counted in 1024s: "812 bytes", "14.2 kB", "3.0 MB" (with the
 * language's decimal mark and spacing).
 */
export function formatSize(bytes: number): string {
  // The short form reads "30 byte" in English; the long one says "30 bytes", "1 byte".
  if (bytes < 1024) return numberFormat({ style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(bytes);
  let value = bytes / 1024;
  let index = 0;
  while (value >= 1024 && index < UNITS.length - 1) {
    value /= 1024;
    index += 1;
  }
  const digits = value < 10 ? 1 : 0;
  return numberFormat({
    style: 'unit',
    unit: UNITS[index] ?? 'terabyte',
    unitDisplay: 'short',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}
