import os from 'node:os';
import path from 'node:path';

/** The same folder Electron's app.getPath('userData') gives, so both shells share one database. */
export function defaultDataDir(appName = 'RPA Desk'): string {
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), appName);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', appName);
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), appName);
}
