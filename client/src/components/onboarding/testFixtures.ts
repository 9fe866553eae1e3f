/** Test fixtures for the onboarding area (imported by tests only). */
import type { OnboardingTask } from '../../api/onboarding';
import { zonedDayKey } from '../../lib/format';
import { CUSTOMER_ID, SELLER_ID } from '../customers/testFixtures';

/** Today on the company's calendar (the fixtures' company is in Caracas). */
export const TODAY = zonedDayKey(new Date(), 'America/Caracas');
export const OPERATOR_OWNER = 'u-olga';

const step = (position: number, title: string, over: Partial<OnboardingTask> = {}): OnboardingTask => ({
  id: `task-${position}`,
  customer_id: CUSTOMER_ID,
  position,
  title,
  owner_id: OPERATOR_OWNER,
  owner_name: 'Olga Operadora',
  due_on: '2099-01-01',
  done_at: null,
  done_by_name: null,
  ...over,
});

/** Done, by Marta, at 10:30 Caracas time on 2 March 2026. */
export const deliveryStep = step(1, 'Entrega de equipo y documentación', {
  due_on: '2026-03-01',
  done_at: '2026-03-02T14:30:00Z',
  done_by_name: 'Marta Maestra',
});
/** Undone, no owner, due today. */
export const trainingStep = step(2, 'Capacitación inicial en operación y mantenimiento básico', {
  owner_id: null,
  owner_name: null,
  due_on: TODAY,
});
/** Undone, overdue, owned by the seller. */
export const supportStep = step(3, 'Presentación del equipo de soporte asignado', {
  owner_id: SELLER_ID,
  owner_name: 'Sara Vendedora',
  due_on: '2026-01-15',
});
/** Undone, due later. */
export const portalStep = step(4, 'Configuración de accesos al portal de clientes');
/** Done, due later. */
export const followUpStep = step(5, 'Programación del primer seguimiento', {
  done_at: '2026-03-03T12:00:00Z',
  done_by_name: 'Sara Vendedora',
});

export const checklist = [deliveryStep, trainingStep, supportStep, portalStep, followUpStep];
