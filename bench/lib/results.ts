import { median } from './stats.js';

export type Better = 'higher' | 'lower';

/** One number measured for one contender, once per repetition (or once per sample). */
export interface Measurement {
  metric: string;
  contender: string;
  unit: string;
  better: Better;
  values: number[];
}

/** A target of the issue, checked against this run's numbers. */
export interface TargetCheck {
  label: string;
  /** null when it could not be checked (a contender is missing). */
  pass: boolean | null;
  detail: string;
}

export interface BenchmarkResult {
  id: string;
  title: string;
  /** The contender each metric's ratios are computed against (ours). */
  reference: string;
  notes: string[];
  measurements: Measurement[];
  targets: TargetCheck[];
  /** Extra lines shown verbatim (query plans, sample counts). */
  extra: string[];
  seconds: number;
}

/** Collects the measurements of one benchmark. */
export class Results {
  readonly measurements: Measurement[] = [];
  readonly targets: TargetCheck[] = [];
  readonly notes: string[] = [];
  readonly extra: string[] = [];

  constructor(
    readonly id: string,
    readonly title: string,
    readonly reference: string,
  ) {}

  add(metric: string, contender: string, unit: string, better: Better, ...values: number[]): void {
    let m = this.measurements.find((x) => x.metric === metric && x.contender === contender);
    if (!m) {
      m = { metric, contender, unit, better, values: [] };
      this.measurements.push(m);
    }
    m.values.push(...values.filter((v) => Number.isFinite(v)));
  }

  get(metric: string, contender: string): Measurement | undefined {
    return this.measurements.find((x) => x.metric === metric && x.contender === contender);
  }

  /** Target: ours is at least `minRatio` times as good as the peer (on the same metric unless given). */
  ratioTarget(label: string, ours: [string, string], peer: [string, string], minRatio: number): void {
    const a = this.get(ours[0], ours[1]);
    const b = this.get(peer[0], peer[1]);
    if (!a || !b || a.values.length === 0 || b.values.length === 0) {
      this.targets.push({ label, pass: null, detail: 'not measured' });
      return;
    }
    const r = a.better === 'higher' ? median(a.values) / median(b.values) : median(b.values) / median(a.values);
    const pass = r >= minRatio;
    const by = pass ? (r / minRatio - 1) * 100 : (1 - r / minRatio) * 100;
    this.targets.push({ label, pass, detail: `${r.toFixed(2)}x (target ≥${minRatio}x): ${pass ? 'pass' : 'miss'} by ${by.toFixed(0)}%` });
  }

  /** Target: the median (or the value at `pick`) of a lower-is-better metric stays under a limit. */
  limitTarget(label: string, ours: [string, string], limit: number, unit: string, pick: (values: number[]) => number = median, inclusive = false): void {
    const a = this.get(ours[0], ours[1]);
    if (!a || a.values.length === 0) {
      this.targets.push({ label, pass: null, detail: 'not measured' });
      return;
    }
    const v = pick(a.values);
    const pass = inclusive ? v <= limit : v < limit;
    const by = Math.abs(limit - v);
    this.targets.push({
      label,
      pass,
      detail: `${fmt(v)} ${unit} (target ${inclusive ? '≤' : '<'}${fmt(limit)} ${unit}): ${pass ? 'pass' : 'miss'} by ${fmt(by)} ${unit}`,
    });
  }

  unavailable(label: string, why: string): void {
    this.targets.push({ label, pass: null, detail: why });
  }

  finish(seconds: number): BenchmarkResult {
    return {
      id: this.id,
      title: this.title,
      reference: this.reference,
      notes: this.notes,
      measurements: this.measurements,
      targets: this.targets,
      extra: this.extra,
      seconds,
    };
  }
}

/** A number with sensible precision for a table. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
}
