import type { LogLevel } from './domain.js';

/** Settings a worker needs to launch the browser; resolved by main, never by the bot. */
export interface BrowserSettings {
  /** Playwright channel ('msedge', 'chrome', …) or undefined to use executablePath. */
  channel?: string;
  executablePath?: string;
  /** Extra command-line switches, e.g. --no-sandbox when running as root on Linux. */
  args: string[];
  /** False when there is no display: a visible bot then runs headless and says so in its log. */
  canShowWindow: boolean;
}

/** What the host sends to start a job in a fresh worker. */
export interface StartJob {
  jobId: number;
  attempt: number;
  botFile: string;
  params: Record<string, unknown>;
  /** Folder the worker writes the job's output files into. */
  outputDir: string;
  /** Named base URLs of the sites bots drive (the demo sites by default). */
  sites: Record<string, string>;
  browser: BrowserSettings;
  /** Files the operator gave the job, already copied into its folder. */
  inputFiles: { name: string; path: string; size: number }[];
  /** Record a Playwright trace, kept as evidence if the job fails. */
  trace: boolean;
  /** What the bot saved with ctx.checkpoint.save() before it was released or interrupted. */
  checkpoint: unknown;
  /** The vault entries of the bot's declared slots, opened for this job only; nothing else of the vault leaves main. */
  credentials: Record<string, WireCredential>;
}

/** One vault entry as a job's worker gets it: a login has username and password, a secret has secret. */
export interface WireCredential {
  username: string | null;
  password: string | null;
  secret: string | null;
  /** Base32 seed of the entry's one-time codes. */
  totpSeed: string | null;
}

/** An approval request as it crosses from the worker: durations in ms, files as paths in the job folder. */
export interface WireApprovalRequest {
  title: string;
  summary: string | null;
  fields: { label: string; value: string }[];
  table: { columns: string[]; rows: (string | number)[][]; selectable: boolean } | null;
  files: string[];
  choices: { id: string; label: string }[];
  timeoutMs: number | null;
  allowBulk: boolean;
}

/** A person's answer to an approval or a hand-off. */
export interface WireDecision {
  decision: string;
  comment: string | null;
  decidedBy: string | null;
  decidedAt: number;
  selectedRows: number[] | null;
}

/** One log line as the worker batches it. */
export interface WorkerLogLine {
  at: number;
  level: LogLevel;
  message: string;
}

/** Messages from host to worker. */
export type HostMessage =
  | { type: 'start'; job: StartJob }
  /** Stop: abort the bot's signal; `evidence` asks for screenshots first (a timeout, not an operator's cancel). */
  | { type: 'cancel'; reason: string; evidence: boolean }
  /** The answer to approval (or hand-off) number `key` of this job. */
  | { type: 'decision'; key: number; decision: WireDecision }
  /** The approval is recorded and still open: close the browser and exit; a new worker resumes the job. */
  | { type: 'release'; key: number }
  /** One 'log' batch is stored: the worker may send another (it keeps a few in flight, never more). */
  | { type: 'logAck' }
  /** The worker was started ahead of its job: load this bot (the likeliest) and warm up while waiting; answer 'warmed'. */
  | { type: 'warm'; botFile: string | null };

/** How often a worker says it is alive; a worker silent for several beats is treated as hung. */
export const HEARTBEAT_MS = 1_000;

/** Messages from worker to host. */
export type WorkerMessage =
  | { type: 'ready' }
  /** The answer to 'warm': the next 'start' runs without loading anything. */
  | { type: 'warmed' }
  | { type: 'log'; lines: WorkerLogLine[] }
  | { type: 'progress'; value: number | null; step: string | null }
  | { type: 'browser'; pid: number | null }
  | { type: 'heartbeat' }
  | { type: 'file'; kind: 'output' | 'evidence'; name: string; storedName: string; size: number }
  /** The bot waits for a person; `key` numbers the job's requests in the order the bot makes them. */
  | { type: 'approval'; key: number; request: WireApprovalRequest; release: boolean }
  | { type: 'handoff'; key: number; message: string }
  | { type: 'checkpoint'; data: unknown }
  /** The worker closed itself to wait for an approval without holding a process. */
  | { type: 'released' }
  | { type: 'done'; result: unknown }
  /** `business`: the bot said the work cannot be done (BusinessError); never retried. */
  | { type: 'failed'; message: string; stack: string | null; business: boolean };
