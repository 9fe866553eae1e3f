/** Tests for /documents: a portal contact lists and downloads their company's shared documents. */
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CUSTOMER_ID, portalUser, renderAs } from '../components/customers/testFixtures';
import { jsonResponse } from '../test/utils';
import { MyDocumentsPage } from './MyDocumentsPage';

const contract = {
  id: 'd1',
  customer_id: CUSTOMER_ID,
  file_name: 'contrato-mantenimiento.pdf',
  content_type: 'application/pdf',
  size_bytes: 2048,
  shared: true,
  uploader_id: 'u1',
  uploader_name: 'Ana Admin',
  created_at: '2026-03-01T15:00:00Z',
  url: `/api/v1/customers/${CUSTOMER_ID}/documents/d1`,
};

describe('MyDocumentsPage', () => {
  it('lists the shared documents with a download link', async () => {
    renderAs(portalUser, '/documents', <MyDocumentsPage />, {
      [`GET /api/v1/customers/${CUSTOMER_ID}/documents`]: () => jsonResponse(200, [contract]),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Documentos' })).toBeTruthy();
    const link = await screen.findByRole('link', { name: 'contrato-mantenimiento.pdf' });
    expect(link.getAttribute('href')).toBe(contract.url);
    expect(screen.getByText(/2 KB/)).toBeTruthy();
  });

  it('says when nothing is shared', async () => {
    renderAs(portalUser, '/documents', <MyDocumentsPage />, {
      [`GET /api/v1/customers/${CUSTOMER_ID}/documents`]: () => jsonResponse(200, []),
    });
    expect(await screen.findByText('No hay documentos compartidos todavía.')).toBeTruthy();
  });
});
