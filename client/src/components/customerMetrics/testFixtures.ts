/** Test fixtures for the customer-metrics area (imported by tests only). */
import type { AtRiskCustomer, CustomerMetrics, RiskSignal, SegmentMetrics } from '../../api/customerMetrics';
import { CUSTOMER_ID } from '../customers/testFixtures';

export const CALLAO_ID = '44444444-4444-4444-8444-444444444444';

/** Every signal once, heaviest first (as the server sends reasons). */
export const allSignals: RiskSignal[] = [
  { signal: 'no_recent_contact', days: 130, points: 25 },
  { signal: 'overdue_balance', amount: '1500.00', days: 75, points: 25 },
  { signal: 'open_complaints', count: 3, points: 30 },
  { signal: 'low_nps', nps: 4, points: 20 },
  { signal: 'low_csat', csat: 2, points: 15 },
  { signal: 'falling_orders', before: 4, now: 1, points: 15 },
  { signal: 'slow_first_response', hours: 30, points: 10 },
];

/** Los Andes: at risk with 65 points since 3 March. */
export const andesMetrics: CustomerMetrics = {
  customer_id: CUSTOMER_ID,
  signals: {
    days_since_contact: 130,
    contacts_90d: 4,
    proactive_90d: 1,
    open_complaints: 1,
    nps: 4,
    csat: 3.5,
    surveys: 2,
    tickets_90d: 3,
    first_response_hours: 30,
    resolution_hours: 52.5,
    first_contact_resolution: 0.675,
    overdue_balance: '1500.00',
    overdue_days: 75,
    orders_90d: 1,
    orders_prev_90d: 4,
  },
  score: 65,
  threshold: 50,
  at_risk: true,
  reasons: [
    { signal: 'no_recent_contact', days: 130, points: 25 },
    { signal: 'low_nps', nps: 4, points: 20 },
    { signal: 'open_complaints', count: 1, points: 15 },
    { signal: 'falling_orders', before: 4, now: 1, points: 15 },
  ],
  at_risk_since: '2026-03-03T15:00:00Z',
};

/** The same customer once contacted again: below the threshold, nothing measured yet. */
export const andesCalm: CustomerMetrics = {
  ...andesMetrics,
  signals: {
    ...andesMetrics.signals,
    days_since_contact: 0,
    contacts_90d: 0,
    proactive_90d: 0,
    open_complaints: 0,
    nps: null,
    csat: null,
    surveys: 0,
    tickets_90d: 0,
    first_response_hours: null,
    resolution_hours: null,
    first_contact_resolution: null,
    overdue_balance: '0.00',
    overdue_days: 0,
    orders_90d: 2,
    orders_prev_90d: 2,
  },
  score: 0,
  at_risk: false,
  reasons: [],
  at_risk_since: null,
};

export const andesAtRisk: AtRiskCustomer = {
  customer_id: CUSTOMER_ID,
  name: 'Constructora Los Andes C.A.',
  category: 'VIP',
  owner_name: 'Sara Vendedora',
  score: 85,
  reasons: [
    { signal: 'no_recent_contact', days: 130, points: 25 },
    { signal: 'overdue_balance', amount: '1500.00', days: 75, points: 25 },
    { signal: 'low_nps', nps: 4, points: 20 },
    { signal: 'slow_first_response', hours: 30, points: 10 },
  ],
  since: '2026-03-03T15:00:00Z',
  computed_at: '2026-03-10T06:00:00Z',
};

export const callaoAtRisk: AtRiskCustomer = {
  customer_id: CALLAO_ID,
  name: 'Minera El Callao S.A.',
  category: '',
  owner_name: null,
  score: 55,
  reasons: [
    { signal: 'open_complaints', count: 2, points: 30 },
    { signal: 'falling_orders', before: 4, now: 1, points: 15 },
  ],
  since: null,
  computed_at: '2026-03-10T06:00:00Z',
};

export const vipSegment: SegmentMetrics = {
  segment: 'VIP',
  customers: 12,
  at_risk: 3,
  average_score: 42.5,
  nps: 7.25,
  csat: 4.1,
  first_response_hours: 6.5,
  resolution_hours: 30,
  first_contact_resolution: 0.8,
  proactive_ratio: 0.4,
  contacts_90d: 25,
  open_complaints: 2,
};

export const noCategorySegment: SegmentMetrics = {
  segment: '',
  customers: 5,
  at_risk: 1,
  average_score: 20,
  nps: null,
  csat: null,
  first_response_hours: null,
  resolution_hours: null,
  first_contact_resolution: null,
  proactive_ratio: null,
  contacts_90d: 3,
  open_complaints: 0,
};

export const sellerSegment: SegmentMetrics = { ...vipSegment, segment: 'Sara Vendedora', customers: 9 };
export const noSellerSegment: SegmentMetrics = { ...noCategorySegment, customers: 8 };
