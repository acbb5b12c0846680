import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { guardContents, type GuardedContents } from './navigationGuard.js';

// The window's guard against a fake WebContents: an EventEmitter that emits what Electron emits
// and records whether each navigation was let through.

type NavigationEventName = 'will-navigate' | 'will-redirect' | 'will-frame-navigate';

class FakeContents extends EventEmitter implements GuardedContents {
  devToolsClosed = 0;

  closeDevTools(): void {
    this.devToolsClosed++;
  }

  /** Emits a navigation event as Electron does and says whether it went ahead. */
  navigate(name: NavigationEventName, url: string): boolean {
    let prevented = false;
    this.emit(name, { url, preventDefault: () => (prevented = true) }, url);
    return !prevented;
  }

  /** Emits will-attach-webview and says whether the webview was attached. */
  attachWebview(): boolean {
    let prevented = false;
    this.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
    return !prevented;
  }
}

describe('guardContents', () => {
  it.each<NavigationEventName>(['will-navigate', 'will-redirect', 'will-frame-navigate'])('on %s lets our own pages through and stops any other', (name) => {
    const contents = new FakeContents();
    guardContents(contents, { allowDevTools: false });
    expect(contents.navigate(name, 'rpa://app/index.html#/jobs')).toBe(true);
    expect(contents.navigate(name, 'rpa://app@evil/')).toBe(false);
    expect(contents.navigate(name, 'rpa://app.evil/')).toBe(false);
    expect(contents.navigate(name, 'https://carrier.example/login')).toBe(false);
    expect(contents.navigate(name, 'file:///etc/passwd')).toBe(false);
  });

  it('refuses every webview', () => {
    const contents = new FakeContents();
    guardContents(contents, { allowDevTools: true });
    expect(contents.attachWebview()).toBe(false);
  });

  it('closes DevTools as soon as they open in a packaged app, and leaves them open in development', () => {
    const packaged = new FakeContents();
    guardContents(packaged, { allowDevTools: false });
    packaged.emit('devtools-opened');
    expect(packaged.devToolsClosed).toBe(1);
    const development = new FakeContents();
    guardContents(development, { allowDevTools: true });
    development.emit('devtools-opened');
    expect(development.devToolsClosed).toBe(0);
  });
});
