import { z } from 'zod';
import { defineBot } from '../../bots/sdk/index.js';

const PAD = 'x'.repeat(100);

/** Writes 100-byte lines as fast as it can for `seconds`, yielding every 1,000 lines so batches go out. */
export default defineBot({
  id: 'bench-log-flood',
  title: 'Bench log flood',
  params: z.object({ seconds: z.number().positive() }),
  async run(ctx) {
    const end = Date.now() + ctx.params.seconds * 1000;
    let n = 0;
    while (Date.now() < end) {
      for (let i = 0; i < 1000; i++) {
        n++;
        const head = `line ${n} `;
        ctx.log.info(head + PAD.slice(head.length));
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { lines: n };
  },
});
