/**
 * Test helpers: render the real route table at a given URL with fresh
 * providers, and stub `fetch` with a small table of canned API responses.
 */
import { render } from '@testing-library/react';
import type React from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { vi } from 'vitest';
import { App } from '../App';
import type { User } from '../api/auth';
import { createQueryClient } from '../api/queryClient';
import { AppProviders } from '../components/AppProviders';

export function renderApp(url: string) {
  const queryClient = createQueryClient();
  const view = render(
    <AppProviders queryClient={queryClient}>
      <MemoryRouter initialEntries={[url]}>
        <App />
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...view, queryClient };
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function problemResponse(status: number, code: string, title = code): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title, status, code, detail: title }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

type Handler = (init: RequestInit | undefined) => Response;

/**
 * Replaces `fetch` with a router over "METHOD /path" keys. Unknown routes
 * answer 404 so a test fails loudly instead of hanging.
 */
export function stubFetch(routes: Record<string, Handler>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost');
    const key = `${(init?.method ?? 'GET').toUpperCase()} ${url.pathname}`;
    const handler = routes[key];
    return handler ? handler(init) : problemResponse(404, 'not_found');
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** The calls made to `path` with `method`, with their parsed JSON bodies. */
export function callsTo(fetchMock: ReturnType<typeof stubFetch>, method: string, path: string) {
  return fetchMock.mock.calls
    .filter(([input, init]) => (init?.method ?? 'GET') === method && String(input) === path)
    .map(([, init]) => (init?.body ? JSON.parse(String(init.body)) : undefined));
}

export const sampleUser: User = {
  id: '0b8f2c1e-4a8e-4c1f-9d3e-2f6a7b8c9d0e',
  email: 'ana@example.com',
  name: 'Ana Pérez',
  role: 'operator',
  active: true,
  customer_id: null,
};

/** Renders a single page (no layout, hence no incidental requests) at `url`. */
export function renderPage(path: string, element: React.ReactElement, url = path) {
  const queryClient = createQueryClient();
  return render(
    <AppProviders queryClient={queryClient}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path={path} element={element} />
          <Route path="*" element={<p>elsewhere</p>} />
        </Routes>
      </MemoryRouter>
    </AppProviders>,
  );
}

/**
 * Pretends the screen is a 360 px phone: every `max-width` media query up to
 * 36em (Mantine's `xs`, what `useIsPhone` asks) matches. Undone after each
 * test with the other stubbed globals.
 */
export function phoneViewport() {
  vi.stubGlobal('matchMedia', (query: string): MediaQueryList => {
    const max = /max-width:\s*([\d.]+)(em|px)/.exec(query);
    const px = max ? Number(max[1]) * (max[2] === 'em' ? 16 : 1) : 0;
    return {
      matches: max !== null && 360 <= px,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    } as MediaQueryList;
  });
}
