import { z } from 'zod';
import { defineBot } from '../../bots/sdk/index.js';

/** Its first line carries the time it ran (ms since the epoch, sub-millisecond): dispatch latency. */
export default defineBot({
  id: 'bench-first-line',
  title: 'Bench first line',
  params: z.object({}),
  run(ctx) {
    ctx.log.info(`first-line-at=${performance.timeOrigin + performance.now()}`);
    return Promise.resolve(null);
  },
});
