import { useAppInfo } from '../stores/appInfo';

/** One line about the running app: mode, version, data folder, user. */
export function AppInfoFooter() {
  const info = useAppInfo((state) => state.info);
  if (!info) return <footer className="app-footer" />;
  return (
    <footer className="app-footer">
      <span>{info.mode === 'headless' ? 'Headless' : 'Desktop'}</span>
      <span>v{info.version}</span>
      <span title={info.dataDir}>Data: {info.dataDir}</span>
      <span>User: {info.user}</span>
    </footer>
  );
}
