import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installId, ProcessMarkers } from './processMarker.js';

describe('process markers', () => {
  it('give each worker its own marker and tell an earlier run of this install from this run and from other installs', () => {
    const install = installId('/data/a');
    expect(installId(path.join('/data', 'x', '..', 'a'))).toBe(install);
    expect(installId('/data/b')).not.toBe(install);
    const now = new ProcessMarkers(install, '11111111-2222-3333-4444-555555555555');
    const earlier = new ProcessMarkers(install, '99999999-2222-3333-4444-555555555555');
    const other = new ProcessMarkers(installId('/data/b'), '99999999-2222-3333-4444-555555555555');
    const first = now.issue();
    expect(now.issue()).not.toBe(first);
    expect(now.isLeftover(first)).toBe(false);
    expect(now.isLeftover(earlier.issue())).toBe(true);
    expect(now.isLeftover(other.issue())).toBe(false);
    expect(now.isLeftover('')).toBe(false);
  });
});
