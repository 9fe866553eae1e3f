// Vite (dev server + production build) and Vitest configuration for the Faena
// web client. TSX is compiled by Vite's built-in esbuild with the automatic JSX
// runtime, so no React plugin is needed. In development, API calls and the
// real-time WebSocket are proxied to the Rust server on port 8080, keeping
// everything same-origin exactly as in production (cookies just work).
import { defineConfig } from 'vitest/config';

// Override with FAENA_API=http://127.0.0.1:8099 npm run dev to use another server.
const SERVER = process.env.FAENA_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  server: {
    proxy: {
      '/api': { target: SERVER },
      '/connection': { target: SERVER, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      onwarn(warning, warn) {
        // Libraries mark modules "use client" for React Server Components;
        // meaningless in a client-only bundle (the React plugin hides this too).
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        // Long-lived vendor chunks cache across app releases.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (id.includes('/@mantine/') || id.includes('/@floating-ui/')) return 'mantine';
          if (/\/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom)\//.test(id)) return 'react';
          return 'vendor';
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    // Page tests render whole Mantine pages; shared CI machines are slow.
    testTimeout: 20000,
  },
});
