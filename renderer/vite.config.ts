/**
 * Production build of the renderer: root renderer/, output renderer/dist, relative asset paths (served
 * by the browser-mode host and loaded from the app's files in Electron). No remote assets and no inline
 * scripts, so the pages run under a strict Content-Security-Policy without 'unsafe-eval'.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// This folder as a file path, without Node imports (the renderer's lint forbids them): "/C:/x" → "C:/x" on Windows.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname).replace(/^\/([A-Za-z]:)/, '$1');

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // No data: URLs for assets and no inline module-preload polyfill script.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // Vega and ELK load on demand in their own chunks; they are large but not on the start path.
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1' },
});
