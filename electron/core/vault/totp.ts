import { Secret, TOTP } from 'otpauth';
import { TOTP_PERIOD_MS } from '../../common/secretMask.js';

/**
 * The one-time codes of a seed around `at` (previous, current, next), for masking what a job
 * reports. The worker has its own copy of these few lines: it may not import the core.
 */
export function totpCodes(seed: string, at: number): string[] {
  const totp = new TOTP({ secret: Secret.fromBase32(seed), algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_MS / 1000 });
  return [-1, 0, 1].map((step) => totp.generate({ timestamp: at + step * TOTP_PERIOD_MS }));
}
