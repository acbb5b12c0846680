import { Component, type ErrorInfo, type ReactNode } from 'react';
import { errorMessage } from '../stores/toasts';

interface ErrorBoundaryState {
  error: unknown;
}

/** Keeps a screen's rendering bug from blanking the whole window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Screen failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="panel error-box" role="alert">
        <h2>This screen ran into a problem</h2>
        <p>{errorMessage(this.state.error)}</p>
        <button type="button" className="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
