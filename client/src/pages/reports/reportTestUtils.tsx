/**
 * Test helpers for the report pages (imported by tests only): render a
 * report page behind `RequireAuth` with the location shown, give the
 * charts a size so their bars are drawn and can be clicked, read a table's
 * rows, and split a link into its path and query.
 */
import { render, screen, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { beforeEach, vi } from 'vitest';
import type { User } from '../../api/auth';
import { createQueryClient } from '../../api/queryClient';
import { AppProviders } from '../../components/AppProviders';
import { RequireAuth } from '../../components/RequireAuth';
import { CUSTOMER_ID, andes, companySettings, urlsCalled } from '../../components/customers/testFixtures';
import { jsonResponse, stubFetch } from '../../test/utils';

export const TECH_ID = '44444444-4444-4444-8444-444444444444';
export const OTHER_TECH = '55555555-5555-4555-8555-555555555555';

/** Recharts measures its container: give it 800 × 320 so bars and lines are drawn. */
export function sizeCharts() {
  const realRect = HTMLElement.prototype.getBoundingClientRect;
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      if (!this.classList.contains('recharts-responsive-container')) return realRect.call(this);
      return { x: 0, y: 0, top: 0, left: 0, right: 800, bottom: 320, width: 800, height: 320, toJSON: () => ({}) } as DOMRect;
    });
  });
}

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

type FetchRoutes = Parameters<typeof stubFetch>[0];

/**
 * Renders `element` at `url` (its route `path`) as `me`, with the report
 * `api` answering `report`; any other path shows only the location (the
 * records page a link leads to).
 */
export function renderReport(me: User, path: string, element: ReactElement, url: string, api: string, report: unknown, routes: FetchRoutes = {}) {
  const fetchMock = stubFetch({
    'GET /api/v1/auth/me': () => jsonResponse(200, me),
    'GET /api/v1/settings/company': () => jsonResponse(200, companySettings),
    [`GET ${api}`]: () => jsonResponse(200, report),
    'GET /api/v1/users': () =>
      jsonResponse(200, [
        { id: TECH_ID, name: 'Tomás Técnico' },
        { id: OTHER_TECH, name: 'Úrsula Urrutia' },
      ]),
    'GET /api/v1/customers': () => jsonResponse(200, { items: [andes], next_cursor: null }),
    [`GET /api/v1/customers/${CUSTOMER_ID}`]: () => jsonResponse(200, andes),
    ...routes,
  });
  render(
    <AppProviders queryClient={createQueryClient()}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route
            path={path}
            element={
              <>
                <RequireAuth>{element}</RequireAuth>
                <LocationProbe />
              </>
            }
          />
          <Route path="*" element={<LocationProbe />} />
        </Routes>
      </MemoryRouter>
    </AppProviders>,
  );
  return fetchMock;
}

/** The calls to the report's API (not its records or export). */
export const callsTo = (fetchMock: ReturnType<typeof stubFetch>, api: string) =>
  urlsCalled(fetchMock).filter((u) => u === api || u.startsWith(`${api}?`));

/** The page's location (path and query). */
export const location = () => screen.getByTestId('location').textContent ?? '';

/** The text of each cell of a table's rows (header row left out). */
export const rowTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => Array.from(r.querySelectorAll('td, th'), (c) => c.textContent));

/** A link's path and its query as an object. */
export const target = (href: string | null) => {
  const url = new URL(href ?? '', 'http://localhost');
  return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
};

/** The path and query of the link named `name` (within `where`, if given). */
export const linkTarget = (name: string, where?: HTMLElement) =>
  target((where ? within(where) : screen).getByRole('link', { name }).getAttribute('href'));
