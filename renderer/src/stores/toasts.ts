import { create } from 'zustand';
import { RpaError } from '../../../electron/common/errors';

/** A short message in the corner: an error the operator should know about, or a confirmation. */
export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
  /** How many times the same message came in while it was shown. */
  repeats: number;
  /** Where a click on the message goes, e.g. a new approval. */
  href?: string;
}

interface ToastsState {
  toasts: Toast[];
}

const INFO_VISIBLE_MS = 4_000;
const ERROR_VISIBLE_MS = 15_000;

/** Toasts on screen, oldest first. */
export const useToasts = create<ToastsState>()(() => ({ toasts: [] }));

let nextId = 1;

/** Shows what went wrong; `context` says what the operator was doing. */
export function showError(err: unknown, context?: string): void {
  // Nobody is signed in any more: the sign-in screen says so, once, instead of a toast per store.
  if (err instanceof RpaError && err.code === 'unauthenticated') return;
  const message = errorMessage(err);
  push('error', context ? `${context}: ${message}` : message);
}

/** Shows a confirmation such as "Copied 120 lines". */
export function showInfo(message: string): void {
  push('info', message);
}

/** Tells of something to look at, such as a new approval; a click on it opens `href`. */
export function showNotice(message: string, href: string): void {
  push('info', message, href);
}

/** Removes a toast. */
export function dismissToast(id: number): void {
  useToasts.setState(({ toasts }) => ({ toasts: toasts.filter((toast) => toast.id !== id) }));
}

/** The operator-facing text of anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof RpaError || err instanceof Error) return err.message;
  return String(err);
}

function push(kind: Toast['kind'], message: string, href?: string): void {
  const { toasts } = useToasts.getState();
  // The same failure repeating (a flapping connection, a throttled refresh) is one toast, counted.
  const same = href ? undefined : toasts.find((toast) => toast.kind === kind && toast.message === message && !toast.href);
  if (same) {
    useToasts.setState({
      toasts: toasts.map((toast) => (toast === same ? { ...toast, repeats: toast.repeats + 1 } : toast)),
    });
    return;
  }
  const id = nextId++;
  useToasts.setState({ toasts: [...toasts, href ? { id, kind, message, repeats: 1, href } : { id, kind, message, repeats: 1 }] });
  setTimeout(() => dismissToast(id), kind === 'error' || href ? ERROR_VISIBLE_MS : INFO_VISIBLE_MS);
}
