import path from 'node:path';
import { defineConfig } from 'vite';

// The renderer is loaded from a custom protocol in Electron and from 127.0.0.1 in headless mode,
// so every asset URL is relative and nothing is inlined that a strict CSP would refuse.
// It lives at the top level so the Node tsconfig checks it and the renderer's never sees Node types.
export default defineConfig({
  root: path.join(import.meta.dirname, 'renderer'),
  base: './',
  // No React plugin: Vite's own transform compiles TSX once told to use the automatic runtime.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.join(import.meta.dirname, 'dist', 'renderer'),
    emptyOutDir: true,
    // The polyfill is only for old browsers; Electron's Chromium and the operator's browser have it.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
