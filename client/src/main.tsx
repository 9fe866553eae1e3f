/**
 * Browser entry point: global styles, i18n, providers, router, and the app.
 * Production builds also register the service worker (public/sw.js) for Web
 * Push and an offline app shell; development skips it so Vite's hot reload
 * is never served from a cache.
 */
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import './print.css';
import './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import { createQueryClient } from './api/queryClient';
import { AppProviders } from './components/AppProviders';
import { registerServiceWorker } from './lib/push';

const root = document.getElementById('root');
if (!root) throw new Error('#root element missing from index.html');

createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <AppProviders queryClient={createQueryClient()}>
        <App />
      </AppProviders>
    </BrowserRouter>
  </StrictMode>,
);

if (import.meta.env.PROD) registerServiceWorker();
