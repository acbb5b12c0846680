import fs from 'node:fs/promises';
import { unzipSync, zipSync, type Zippable } from 'fflate';

const STAR = 0x2a;

/**
 * Overwrites every occurrence of each needle in `data` with as many `*` bytes, in place, and
 * returns how many there were. Same length, so offsets and sizes inside an entry stay right and a
 * JSON line stays JSON.
 */
export function scrubBytes(data: Uint8Array, needles: readonly Buffer[]): number {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let found = 0;
  for (const needle of needles) {
    if (needle.length === 0) continue;
    for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + needle.length)) {
      bytes.fill(STAR, at, at + needle.length);
      found += 1;
    }
  }
  return found;
}

/**
 * Scrubs a Playwright trace (a zip) of the given strings in every entry's bytes and name: its DOM
 * snapshots keep what was typed into fields, its network log the forms that were posted. The
 * scrubbed zip replaces the file only once whole; returns how many occurrences were overwritten.
 */
export async function scrubTrace(file: string, forms: readonly string[]): Promise<number> {
  const needles = forms.map((f) => Buffer.from(f, 'utf8'));
  const entries = unzipSync(await fs.readFile(file));
  const scrubbed: Zippable = {};
  let found = 0;
  for (const [name, data] of Object.entries(entries)) {
    found += scrubBytes(data, needles);
    const nameBytes = Buffer.from(name, 'utf8');
    found += scrubBytes(nameBytes, needles);
    scrubbed[nameBytes.toString('utf8')] = data;
  }
  const temp = `${file}.scrubbing`;
  await fs.writeFile(temp, zipSync(scrubbed, { level: 6 }));
  await fs.rename(temp, file);
  return found;
}
