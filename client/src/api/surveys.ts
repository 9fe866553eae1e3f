/**
 * Satisfaction surveys after service: the portal's pending surveys and their
 * answers (`/api/v1/surveys/*`), the office's NPS/CSAT metrics, and the public
 * invitation link (`/api/v1/public/surveys/{token}`, no sign-in).
 *
 * An answer is NPS 0–10 ("how likely are you to recommend us"), CSAT 1–5
 * ("how satisfied are you with this service") and an optional comment; a
 * survey is answered once (`survey_answered`) and only until it expires
 * (`survey_expired`).
 */
import { api } from './client';

export const NPS_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
export const CSAT_VALUES = [1, 2, 3, 4, 5] as const;
/** Longest comment the server accepts. */
export const MAX_COMMENT = 4000;

/** A survey as the portal lists it. */
export interface Survey {
  id: string;
  order_id: string | null;
  ticket_id: string | null;
  customer_id: string;
  /** The order's or ticket's number, e.g. OS-000012 / PQR-000003. */
  number: string;
  /** The order's reason or the ticket's subject. */
  about: string;
  created_at: string;
  invite_at: string;
  expires_at: string;
  answered_at: string | null;
  nps: number | null;
  csat: number | null;
  comment: string;
  followup_ticket_id: string | null;
}

export interface SurveyQuestion {
  id: 'nps' | 'csat' | 'comment';
  text_es: string;
  text_en: string;
  min: number | null;
  max: number | null;
}

/** What the invitation link shows. */
export interface PublicSurvey {
  company: string;
  subject_type: 'order' | 'ticket';
  number: string;
  about: string;
  expires_at: string;
  answered: boolean;
  questions: SurveyQuestion[];
}

export interface SurveyAnswer {
  nps: number;
  csat: number;
  comment: string;
}

export interface AnswerReceipt {
  survey_id: string;
  answered_at: string;
  /** The complaint ticket a poor answer opened. */
  followup_ticket_id: string | null;
}

export const METRICS_GROUPS = ['period', 'technician', 'service_type'] as const;
export type MetricsGroup = (typeof METRICS_GROUPS)[number];

/** NPS and CSAT over a set of answers. */
export interface Score {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters − % detractors (−100..100); null without answers. */
  nps: number | null;
  /** Mean CSAT (1–5); null without answers. */
  csat_average: number | null;
}

export interface MetricsRow extends Score {
  /** `2026-11`, a technician's id, or a service type. */
  key: string;
  /** The technician's name; otherwise the key. */
  label: string;
}

export interface SurveyMetrics {
  from: string;
  to: string;
  group_by: MetricsGroup;
  total: Score;
  groups: MetricsRow[];
}

export const pendingSurveysKey = ['surveys', 'pending'] as const;

export const fetchPendingSurveys = (signal?: AbortSignal) => api.get<Survey[]>('/api/v1/surveys/pending', signal);
export const answerSurvey = (id: string, answer: SurveyAnswer) =>
  api.post<AnswerReceipt>(`/api/v1/surveys/${encodeURIComponent(id)}/answer`, answer);

export function metricsUrl(groupBy: MetricsGroup, from?: string | null, to?: string | null): string {
  const params = new URLSearchParams({ group_by: groupBy });
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  return `/api/v1/surveys/metrics?${params.toString()}`;
}
export const fetchMetrics = (url: string, signal?: AbortSignal) => api.get<SurveyMetrics>(url, signal);

export const fetchPublicSurvey = (token: string, signal?: AbortSignal) =>
  api.get<PublicSurvey>(`/api/v1/public/surveys/${encodeURIComponent(token)}`, signal);
export const answerPublicSurvey = (token: string, answer: SurveyAnswer) =>
  api.post<AnswerReceipt>(`/api/v1/public/surveys/${encodeURIComponent(token)}`, answer);

/** Share of `part` in `whole`, as a percentage 0–100 (0 when there is nothing). */
export function share(part: number, whole: number): number {
  return whole > 0 ? (part * 100) / whole : 0;
}

/** NPS category of an answer. */
export function npsCategory(nps: number): 'promoter' | 'passive' | 'detractor' {
  return nps >= 9 ? 'promoter' : nps >= 7 ? 'passive' : 'detractor';
}
