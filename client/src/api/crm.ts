/**
 * CRM (issue 14): opportunities, the pipeline board, metrics, the CRM
 * dashboard and exports, over `/api/v1/crm/*`, plus customer documents.
 *
 * Response types come from the server's Rust types (api/generated). The
 * server scopes everything (a seller sees their own opportunities and those
 * of the customers they own), so these hooks never filter by role.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Board } from './generated/Board';
import type { CrmDashboard } from './generated/CrmDashboard';
import type { CustomerDocument } from './generated/CustomerDocument';
import type { LostReason } from './generated/LostReason';
import type { Opportunity } from './generated/Opportunity';
import type { OpportunityDetail } from './generated/OpportunityDetail';
import type { OpportunityPage } from './generated/OpportunityPage';
import type { Stage } from './generated/Stage';
import type { Role } from './generated/Role';
import { ApiError, api, apiFetch } from './client';

export type { Board, CrmDashboard, CustomerDocument, LostReason, Opportunity, OpportunityDetail, OpportunityPage, Stage };

/** Every stage, in board order. */
export const STAGES: readonly Stage[] = ['prospect', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];
export const OPEN_STAGES: readonly Stage[] = ['prospect', 'qualified', 'proposal', 'negotiation'];

/** Roles with the CRM (a seller: their own). */
export const CRM_ROLES: readonly Role[] = ['master', 'admin', 'operator', 'seller'];
export const isOffice = (role: Role | undefined) => role === 'master' || role === 'admin' || role === 'operator';

/** Body of create and edit. */
export interface OpportunityInput {
  title: string;
  customer_id: string;
  contact_id?: string | null;
  value: string;
  probability?: number | null;
  expected_close?: string | null;
  owner_id?: string | null;
  source: string;
  equipment_interest: string;
  notes: string;
  next_step: string;
  next_step_due?: string | null;
  stage?: Stage | null;
}

/** The list view's filters (kept in the URL). */
export interface OpportunityFilters {
  owner_id?: string;
  stage?: string;
  customer_id?: string;
  close_from?: string;
  close_to?: string;
  value_min?: string;
  value_max?: string;
}

export const crmKeys = {
  all: ['crm'] as const,
  board: (owner?: string) => ['crm', 'board', owner ?? ''] as const,
  list: (filters: OpportunityFilters) => ['crm', 'list', filters] as const,
  opportunity: (id: string) => ['crm', 'opportunity', id] as const,
  dashboard: ['crm', 'dashboard'] as const,
  lostReasons: ['crm', 'lost-reasons'] as const,
  documents: (customer: string) => ['crm', 'documents', customer] as const,
};

export function query(params: object): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function useBoard(owner?: string, enabled = true) {
  return useQuery({
    queryKey: crmKeys.board(owner),
    queryFn: ({ signal }) => api.get<Board>(`/api/v1/crm/board${query({ owner_id: owner })}`, signal),
    enabled,
  });
}

export function useOpportunities(filters: OpportunityFilters, enabled = true) {
  return useQuery({
    queryKey: crmKeys.list(filters),
    queryFn: ({ signal }) =>
      api.get<OpportunityPage>(`/api/v1/crm/opportunities${query({ ...filters, limit: 200 })}`, signal),
    enabled,
  });
}

export function useOpportunity(id: string) {
  return useQuery({
    queryKey: crmKeys.opportunity(id),
    queryFn: ({ signal }) => api.get<OpportunityDetail>(`/api/v1/crm/opportunities/${id}`, signal),
  });
}

export function useCrmDashboard(enabled = true) {
  return useQuery({
    queryKey: crmKeys.dashboard,
    queryFn: ({ signal }) => api.get<CrmDashboard>('/api/v1/crm/dashboard', signal),
    enabled,
  });
}

export function useLostReasons(enabled = true) {
  return useQuery({
    queryKey: crmKeys.lostReasons,
    queryFn: ({ signal }) => api.get<LostReason[]>('/api/v1/crm/lost-reasons', signal),
    enabled,
    staleTime: 10 * 60 * 1000,
  });
}

export function useCustomerDocuments(customer: string, enabled = true) {
  return useQuery({
    queryKey: crmKeys.documents(customer),
    queryFn: ({ signal }) => api.get<CustomerDocument[]>(`/api/v1/customers/${customer}/documents`, signal),
    enabled,
  });
}

/** Reloads every CRM view (after a change here or a publication). */
export function useCrmRefresh() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: crmKeys.all });
}

export const createOpportunity = (input: OpportunityInput) =>
  api.post<Opportunity>('/api/v1/crm/opportunities', input);
export const updateOpportunity = (id: string, input: OpportunityInput) =>
  apiFetch<Opportunity>(`/api/v1/crm/opportunities/${id}`, { method: 'PUT', body: input });
export const moveOpportunity = (id: string, to: Stage, lostReason?: string | null) =>
  api.post<Opportunity>(`/api/v1/crm/opportunities/${id}/move`, { to, lost_reason: lostReason ?? null });
export const reopenOpportunity = (id: string, to: Stage) =>
  api.post<Opportunity>(`/api/v1/crm/opportunities/${id}/reopen`, { to });
export const deleteCustomerDocument = (customer: string, id: string) =>
  apiFetch<void>(`/api/v1/customers/${customer}/documents/${id}`, { method: 'DELETE' });

/** Uploads a document to a customer's file (office roles). */
export async function uploadCustomerDocument(customer: string, file: File, shared: boolean): Promise<CustomerDocument> {
  const form = new FormData();
  form.append('file', file);
  const response = await fetch(`/api/v1/customers/${customer}/documents${query({ shared })}`, {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
  });
  if (!response.ok) throw await ApiError.fromResponse(response);
  return (await response.json()) as CustomerDocument;
}

/**
 * Downloads an export, reporting the bytes received so far (the server
 * streams CSV page by page), then hands the file to the browser. Aborting
 * `signal` stops the download (the fetch rejects with an `AbortError`) and
 * nothing is saved.
 */
export async function downloadExport(
  path: string,
  fileName: string,
  onProgress: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const response = await fetch(path, { credentials: 'same-origin', signal });
  if (!response.ok) throw await ApiError.fromResponse(response);
  const chunks: BlobPart[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress(received);
    }
  } else {
    chunks.push(await response.blob());
  }
  const blob = new Blob(chunks, { type: response.headers.get('content-type') ?? 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
