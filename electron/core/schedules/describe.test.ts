import { describe, expect, it } from 'vitest';
import { parseCron } from './cron.js';
import { describeCron } from './describe.js';

const say = (expr: string) => describeCron(parseCron(expr));

describe('describing a cron expression in words', () => {
  it('reads the presets', () => {
    expect(say('0 2 * * 1-5')).toBe('At 02:00, Monday through Friday');
    expect(say('30 7 * * *')).toBe('At 07:30');
    expect(say('0 * * * *')).toBe('At minute 0 past every hour');
    expect(say('0 6 15 * *')).toBe('At 06:00, on day 15 of the month');
    expect(say('0 9 * * 1')).toBe('At 09:00, only on Monday');
  });

  it('reads steps, seconds, lists and months', () => {
    expect(say('*/15 * * * *')).toBe('Every 15 minutes');
    expect(say('*/10 * * * * *')).toBe('Every 10 seconds');
    expect(say('* * * * *')).toBe('Every minute');
    expect(say('0 8,12,18 * * *')).toBe('At 08:00, 12:00 and 18:00');
    expect(say('0 */2 * * *')).toBe('At minute 0 past every 2nd hour');
    expect(say('0 0 1 1,7 *')).toBe('At 00:00, on day 1 of the month, only in January and July');
    expect(say('*/5 9-17 * * 1-5')).toBe('Every 5 minutes, between 09:00 and 17:59, Monday through Friday');
  });
});
