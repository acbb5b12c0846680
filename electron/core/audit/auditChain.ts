import { createHmac } from 'node:crypto';

/** An audit row as stored, in the column names of `audit_log`. */
export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target_type: string;
  target_id: number;
  channel: string | null;
  detail_json: string;
  mac: string | null;
}

/** What the first row chains from: a fixed value, as long as a MAC, so every MAC input starts with 64 hex digits. */
export const GENESIS_MAC = '0'.repeat(64);

// Prefixed so that no head input can be read as a row input (those start with 64 hex digits).
const HEAD_PREFIX = 'rpa-desk audit head';

/** The fewest key bytes accepted: HMAC-SHA256 gains nothing from more, and loses from fewer. */
export const MIN_MAC_KEY_BYTES = 32;

/** The row as the MAC sees it: every column but the MAC, the id included so that moving a row shows. */
export function canonicalContent(row: Omit<AuditRow, 'mac'>): string {
  return JSON.stringify([row.id, row.at, row.actor, row.action, row.target_type, row.target_id, row.channel, row.detail_json]);
}

/** hex HMAC-SHA256(key, previous MAC || canonical content). */
export function rowMac(key: Buffer, previousMac: string, row: Omit<AuditRow, 'mac'>): string {
  return createHmac('sha256', key).update(previousMac).update(canonicalContent(row)).digest('hex');
}

/** The MAC of the head record naming the newest row. */
export function headMac(key: Buffer, lastId: number, lastMac: string): string {
  return createHmac('sha256', key)
    .update(HEAD_PREFIX)
    .update(JSON.stringify([lastId, lastMac]))
    .digest('hex');
}
