import { describe, expect, it } from 'vitest';
import type { WebFrameMain } from 'electron';
import { isAppUrl, isTrustedSender } from './senderCheck.js';

// The origin checks behind IPC and navigation, with URLs that look like ours and are not.

describe('isAppUrl', () => {
  it.each(['rpa://app/index.html', 'rpa://app/', 'rpa://app', 'rpa://app/#/jobs/4', 'rpa://app/assets/x.js?v=1', 'RPA://APP/index.html'])(
    'accepts our own page %s',
    (url) => {
      expect(isAppUrl(url)).toBe(true);
    },
  );

  it.each([
    ['a host that only starts with app', 'rpa://app.evil/'],
    ['a host with our name as its user', 'rpa://app@evil/'],
    ['our host with a user in front', 'rpa://evil@app/'],
    ['a backslash before the user part', 'rpa://app\\@evil/'],
    ['a port', 'rpa://app:443/'],
    ['a trailing dot', 'rpa://app./'],
    ['a percent-encoded host', 'rpa://%61pp/'],
    ['no host', 'rpa:///app/'],
    ['no slashes', 'rpa:app/index.html'],
    ['another scheme, same host', 'https://app/'],
    ['a file URL', 'file:///app/index.html'],
    ['script', 'javascript:alert(1)'],
    ['data', 'data:text/html,<p>hi</p>'],
    ['a look-alike scheme', 'rpas://app/'],
    ['about:blank', 'about:blank'],
    ['not a URL', 'app/index.html'],
    ['nothing', ''],
  ])('refuses %s (%s)', (_why, url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  function frame(url: string, parent: unknown = null): WebFrameMain {
    return { url, parent } as unknown as WebFrameMain;
  }

  it('trusts only the top frame of our own page', () => {
    expect(isTrustedSender(frame('rpa://app/index.html'))).toBe(true);
    expect(isTrustedSender(frame('rpa://app/index.html', frame('rpa://app/index.html')))).toBe(false);
    expect(isTrustedSender(frame('rpa://app@evil/'))).toBe(false);
    expect(isTrustedSender(frame('https://evil.example/'))).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
