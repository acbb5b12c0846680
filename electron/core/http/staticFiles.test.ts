import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStaticPath } from './staticFiles.js';

const ROOT = resolve('/srv/site/assets');

describe('resolveStaticPath', () => {
  it('resolves plain and percent-encoded names inside the folder', () => {
    expect(resolveStaticPath(ROOT, 'site.css')).toBe(join(ROOT, 'site.css'));
    expect(resolveStaticPath(ROOT, 'img/logo%20big.svg')).toBe(join(ROOT, 'img', 'logo big.svg'));
  });

  it.each([
    '',
    '/',
    '..',
    '../package.json',
    'img/../../package.json',
    '%2e%2e/package.json',
    '%2E%2E%2Fpackage.json',
    '..%2fpackage.json',
    '..%5cpackage.json',
    '..\\package.json',
    'site.css%00.html',
    'site.css\0',
    '.env',
    '%2eenv',
    '%E0%A4%A',
  ])('refuses %j', (path) => {
    expect(resolveStaticPath(ROOT, path)).toBeUndefined();
  });
});
