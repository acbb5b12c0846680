import { i18n } from '../i18n';

/**
 * Puts text on the clipboard. The async Clipboard API needs a secure, focused document and may be
 * refused by permissions, so a hidden textarea with execCommand('copy') is the fallback.
 */
export async function copyText(text: string): Promise<void> {
  if (typeof navigator.clipboard?.writeText === 'function') {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Fall through to the older way below.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.readOnly = true;
  area.className = 'offscreen';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error(i18n.t('errors.clipboard'));
}
