import type { ApprovalDecision, ApprovalRequest } from '../../bots/sdk/index.js';
import { parseDuration } from '../common/duration.js';
import type { WireApprovalRequest, WireDecision, WorkerMessage } from '../common/workerProtocol.js';

/** How a request ended on the host's side. */
type Answer = { kind: 'decision'; decision: WireDecision } | { kind: 'release' };

/**
 * Requests to a person (approvals, hand-offs) and their answers. Requests are numbered in the order
 * the bot makes them, so a bot resumed in a new worker asks again with the same number and gets the
 * recorded decision back at once.
 */
export class HumanRequests {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (answer: Answer) => void; reject: (err: Error) => void }>();

  constructor(private readonly send: (message: WorkerMessage) => void) {}

  /** Sends an approval request and waits for the decision, or for the host to say "release". */
  approval(request: ApprovalRequest): Promise<Answer> {
    const key = this.next++;
    const answer = this.wait(key);
    this.send({ type: 'approval', key, request: toWire(request), release: request.release ?? false });
    return answer;
  }

  /** Hands the browser to the operator and waits for Continue or Abort. */
  handOff(message: string): Promise<Answer> {
    const key = this.next++;
    const answer = this.wait(key);
    this.send({ type: 'handoff', key, message });
    return answer;
  }

  /** Delivers the host's answer to request `key`. */
  answer(key: number, answer: Answer): void {
    this.waiting.get(key)?.resolve(answer);
    this.waiting.delete(key);
  }

  /** The job is stopping: whatever the bot waits for will not come, so its wait ends with this error. */
  abandonAll(err: Error): void {
    for (const { reject } of this.waiting.values()) reject(err);
    this.waiting.clear();
  }

  private wait(key: number): Promise<Answer> {
    return new Promise((resolve, reject) => this.waiting.set(key, { resolve, reject }));
  }
}

/** The bot's request checked and flattened for the wire. */
export function toWire(request: ApprovalRequest): WireApprovalRequest {
  if (!request.title?.trim()) throw new Error('requestApproval needs a title');
  const choices = request.choices ?? [];
  const reserved = new Set(['approved', 'rejected', 'timed_out']);
  for (const choice of choices) {
    if (reserved.has(choice.id)) throw new Error(`A custom choice may not be called "${choice.id}"`);
  }
  return {
    title: request.title,
    summary: request.summary ?? null,
    fields: request.fields ?? [],
    table: request.table ? { columns: request.table.columns, rows: request.table.rows, selectable: request.table.selectable ?? false } : null,
    files: request.files ?? [],
    choices,
    timeoutMs: request.timeout === undefined ? null : parseDuration(request.timeout),
    allowBulk: request.allowBulk ?? false,
  };
}

/** The decision as the bot sees it. */
export function toDecision(decision: WireDecision): ApprovalDecision {
  return { ...decision };
}
