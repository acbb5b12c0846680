import type { WebFrameMain } from 'electron';

/** The origin the renderer is served from (the rpa:// custom protocol). */
export const APP_ORIGIN = 'rpa://app';

/** True only for the top frame of our own page: not a subframe, not a navigated-away page. */
export function isTrustedSender(frame: WebFrameMain | null | undefined): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN || frame.url.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}
