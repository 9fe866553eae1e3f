/**
 * Test fixtures for maintenance plans (imported by tests only): a plan of the
 * customers area's excavator with a proposed visit, one without usage, and
 * due-soon rows.
 */
import type { DueSoonMachine, ServicePlan } from '../../api/servicePlans';
import { CUSTOMER_ID, andes, excavator } from '../customers/testFixtures';

export const PROPOSAL_ID = '99999999-9999-4999-8999-999999999999';

/** Every 250 h or 6 months; due by engine hours on 2026-12-21 (a NaiveDate: must never show as the 20th). */
export const excavatorPlan: ServicePlan = {
  equipment_id: excavator.id,
  basis: 'whichever_first',
  every_hours: 250,
  every_months: 6,
  due_soon_days: 14,
  last_service_on: '2026-07-01',
  last_service_hours: 100,
  hours_per_day: 8.5,
  due_on: '2026-12-21',
  due_by: 'engine_hours',
  due_at_hours: 350,
  status: 'due_soon',
  proposal: { id: PROPOSAL_ID, state: 'proposed', starts_at: '2026-12-07T13:00:00Z' },
};

/** Engine hours only, the machine idle: no due date. */
export const idlePlan: ServicePlan = {
  ...excavatorPlan,
  basis: 'engine_hours',
  every_months: 0,
  hours_per_day: null,
  due_on: null,
  due_by: null,
  due_at_hours: 350,
  status: 'ok',
  proposal: null,
};

export const dueSoonExcavator: DueSoonMachine = {
  plan: excavatorPlan,
  customer_id: CUSTOMER_ID,
  customer_name: andes.name,
  brand: excavator.brand,
  model: excavator.model,
  serial: excavator.serial,
  engine_hours: 340,
};

export const overdueLoader: DueSoonMachine = {
  plan: {
    ...excavatorPlan,
    equipment_id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    basis: 'calendar',
    every_hours: 0,
    due_on: '2026-11-30',
    due_by: 'calendar',
    due_at_hours: null,
    status: 'overdue',
    proposal: null,
  },
  customer_id: '44444444-4444-4444-8444-444444444444',
  customer_name: 'Minera El Callao S.A.',
  brand: 'Komatsu',
  model: 'WA470',
  serial: 'K470-9',
  engine_hours: 5120,
};
