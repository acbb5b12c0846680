import { useTranslation } from 'react-i18next';
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
    return <ScreenError error={this.state.error} onRetry={() => this.setState({ error: null })} />;
  }
}

// A function component so the message can use the translation hook, which a class cannot.
function ScreenError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="panel error-box" role="alert">
      <h2>{t('screenError.title')}</h2>
      <p>{errorMessage(error)}</p>
      <button type="button" className="button" onClick={onRetry}>
        {t('screenError.retry')}
      </button>
    </div>
  );
}
