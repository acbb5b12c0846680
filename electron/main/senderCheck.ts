import type { WebFrameMain } from 'electron';

/** The origin the renderer is served from (the rpa:// custom protocol). */
export const APP_ORIGIN = 'rpa://app';

/**
 * True only for a page of our own origin: scheme rpa, host app, no user, password or port.
 * Parsed rather than prefix-matched so that look-alikes (`rpa://app.evil/`, `rpa://app@evil/`)
 * fail; scheme and host compare without case, as Chromium treats them for a standard scheme.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // `host` includes the port, so `rpa://app:443/` fails too.
  return parsed.protocol === 'rpa:' && parsed.username === '' && parsed.password === '' && parsed.host.toLowerCase() === 'app';
}

/** True only for the top frame of our own page: not a subframe, not a navigated-away page. */
export function isTrustedSender(frame: WebFrameMain | null | undefined): boolean {
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}
