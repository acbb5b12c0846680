import { z } from 'zod';
import { defineBot } from '../../bots/sdk/index.js';

/** Does nothing: the job-cycle benchmark measures the store and dispatcher around it. */
export default defineBot({
  id: 'bench-noop',
  title: 'Bench no-op',
  params: z.object({}),
  run() {
    return Promise.resolve(null);
  },
});
