import path from 'node:path';

/** Where the app finds its own parts; the shells differ only in the two roots. */
export interface AppPaths {
  migrationsDir: string;
  botsDir: string;
  workerEntry: string;
  rendererDir: string;
  demoSitesDir: string;
}

/**
 * `codeDir` holds the built bundles (dist/, inside the asar when packaged); `resourceDir` holds what
 * must stay outside the asar: migrations and the demo sites (electron-builder extraResources).
 */
export function appPaths(codeDir: string, resourceDir: string): AppPaths {
  return {
    migrationsDir: path.join(resourceDir, 'migrations'),
    demoSitesDir: path.join(resourceDir, 'resources', 'demo-sites'),
    botsDir: path.join(codeDir, 'bots'),
    workerEntry: path.join(codeDir, 'worker.cjs'),
    rendererDir: path.join(codeDir, 'renderer'),
  };
}
