// A forked plainjob worker: opens the queue's database, waits for 'go', processes no-op jobs and
// reports how many it has done every 20 ms.
import Database from 'better-sqlite3';
import { better, defineQueue, defineWorker } from 'plainjob';

const file = process.argv[2];
if (!file) throw new Error('usage: plainjobWorker <db file>');
const silent = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
const queue = defineQueue({ connection: better(new Database(file)), logger: silent });
let done = 0;
const worker = defineWorker('noop', () => undefined, { queue, logger: silent, pollIntervall: 10, onCompleted: () => done++ });
const report = setInterval(() => process.send?.({ done }), 20);
process.on('message', (message: { type: string }) => {
  if (message.type === 'go') void worker.start();
  if (message.type === 'stop') {
    clearInterval(report);
    void worker.stop().then(() => {
      queue.close();
      process.exit(0);
    });
  }
});
process.send?.({ ready: true });
