/**
 * Unit tests of the schedule helpers: dates for the calendar and inputs, the
 * list windows and their URL, the equipment label, permissions, problem fields.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import {
  type Appointment,
  type MaintenanceRequest,
  addDays,
  appointmentEquipment,
  appointmentsKey,
  appointmentsOn,
  appointmentsRangeKey,
  appointmentsUrl,
  canComplete,
  canRespond,
  canSchedule,
  canTriage,
  dayKey,
  fromLocalInput,
  listWindow,
  mergeRequests,
  parseDayKey,
  problemField,
  requestEquipment,
  requestFilterStates,
  requestListKey,
  requestListsKey,
  requestsUrl,
  startOfWeek,
  toLocalInput,
  weekWindow,
} from './schedule';
import { metricsUrl, npsCategory, share } from './surveys';

const appt = (id: string, start: Date): Appointment => ({
  id,
  customer_id: 'c',
  customer_name: 'Minera',
  equipment_id: null,
  equipment_brand: null,
  equipment_model: null,
  equipment_serial: null,
  technician_id: null,
  technician_name: null,
  starts_at: start.toISOString(),
  ends_at: new Date(start.getTime() + 3600_000).toISOString(),
  place: '',
  notes: '',
  state: 'scheduled',
  proposed_starts_at: null,
  reschedule_comment: '',
  created_by: 'u',
  created_at: start.toISOString(),
  updated_at: start.toISOString(),
});

describe('dates', () => {
  it('round-trips datetime-local values through UTC instants', () => {
    const local = '2026-11-24T09:30';
    const iso = fromLocalInput(local);
    expect(iso).toMatch(/Z$/);
    expect(toLocalInput(iso as string)).toBe(local);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('nonsense')).toBeNull();
    expect(toLocalInput('nonsense')).toBe('');
  });

  it('weeks start on Monday', () => {
    const sunday = new Date(2026, 10, 29, 18, 0);
    expect(dayKey(startOfWeek(sunday))).toBe('2026-11-23');
    const monday = new Date(2026, 10, 23, 0, 0);
    expect(dayKey(startOfWeek(monday))).toBe('2026-11-23');
    expect(dayKey(addDays(monday, 7))).toBe('2026-11-30');
  });

  it('parses day keys strictly', () => {
    expect(dayKey(parseDayKey('2026-01-05') as Date)).toBe('2026-01-05');
    expect(parseDayKey('2026-1-5')).toBeNull();
    expect(parseDayKey(null)).toBeNull();
  });

  it('lists the appointments taking place on a day by start time', () => {
    const day = new Date(2026, 10, 24);
    const list = [
      appt('late', new Date(2026, 10, 24, 15, 0)),
      appt('other-day', new Date(2026, 10, 25, 8, 0)),
      appt('early', new Date(2026, 10, 24, 8, 0)),
    ];
    expect(appointmentsOn(list, day).map((a) => a.id)).toEqual(['early', 'late']);
    // A visit over two days shows on both; one ending at midnight does not spill over.
    const overnight = { ...appt('overnight', new Date(2026, 10, 23, 20, 0)), ends_at: new Date(2026, 10, 24, 10, 0).toISOString() };
    const toMidnight = { ...appt('to-midnight', new Date(2026, 10, 23, 22, 0)), ends_at: new Date(2026, 10, 24, 0, 0).toISOString() };
    expect(appointmentsOn([...list, overnight, toMidnight], day).map((a) => a.id)).toEqual(['overnight', 'early', 'late']);
    expect(appointmentsOn([overnight, toMidnight], new Date(2026, 10, 23)).map((a) => a.id)).toEqual(['overnight', 'to-midnight']);
  });
});

describe('list windows', () => {
  it('builds the list URL with percent-encoded instants', () => {
    expect(appointmentsUrl()).toBe('/api/v1/appointments');
    expect(appointmentsUrl({ from: '2026-11-23T03:00:00.000Z', to: null })).toBe(
      '/api/v1/appointments?from=2026-11-23T03%3A00%3A00.000Z',
    );
    // A `+` offset must not reach the server as a space.
    expect(appointmentsUrl({ from: '2026-11-23T00:00:00+01:00', to: '2026-11-30T00:00:00+01:00' })).toBe(
      '/api/v1/appointments?from=2026-11-23T00%3A00%3A00%2B01%3A00&to=2026-11-30T00%3A00%3A00%2B01%3A00',
    );
  });

  it('the week window runs from Monday midnight to the next Monday', () => {
    const monday = new Date(2026, 10, 23);
    expect(weekWindow(monday)).toEqual({
      from: new Date(2026, 10, 23).toISOString(),
      to: new Date(2026, 10, 30).toISOString(),
    });
  });

  it('the list window covers 30 days back and 90 ahead, the same all day', () => {
    const morning = listWindow(new Date(2026, 10, 21, 8, 15));
    expect(morning).toEqual({
      from: new Date(2026, 9, 22).toISOString(),
      to: new Date(2027, 1, 20).toISOString(),
    });
    expect(listWindow(new Date(2026, 10, 21, 23, 59))).toEqual(morning);
  });

  it('list keys live under the appointments prefix and differ by window', () => {
    const week = appointmentsRangeKey(weekWindow(new Date(2026, 10, 23)));
    expect(week[0]).toBe(appointmentsKey[0]);
    expect(week).not.toEqual(appointmentsRangeKey(weekWindow(new Date(2026, 10, 30))));
  });
});

describe('equipment', () => {
  it('labels the machine of an appointment from its own fields', () => {
    const a = appt('a', new Date(2026, 10, 24, 9));
    expect(appointmentEquipment(a)).toBe('');
    expect(appointmentEquipment({ ...a, equipment_id: 'e1', equipment_brand: 'CAT', equipment_model: '320D', equipment_serial: 'SN1' })).toBe(
      'CAT 320D (SN1)',
    );
    expect(appointmentEquipment({ ...a, equipment_id: 'e1', equipment_brand: 'CAT', equipment_model: '320D', equipment_serial: '' })).toBe(
      'CAT 320D',
    );
  });
});

describe('permissions mirror the server table', () => {
  it('who schedules, responds, completes and triages', () => {
    expect(['master', 'admin', 'operator', 'seller'].every((r) => canSchedule(r as never))).toBe(true);
    expect(canSchedule('technician')).toBe(false);
    expect(canSchedule('customer')).toBe(false);
    expect(canRespond('customer')).toBe(true);
    expect(canRespond('admin')).toBe(false);
    expect(canComplete('technician')).toBe(true);
    expect(canComplete('seller')).toBe(false);
    expect(canTriage('seller')).toBe(true);
    expect(canTriage('customer')).toBe(false);
  });
});

describe('maintenance request lists', () => {
  const req = (id: string, created_at: string): MaintenanceRequest => ({
    id,
    customer_id: 'c',
    customer_name: 'Minera',
    equipment_id: 'e',
    equipment_brand: 'CAT',
    equipment_model: '320D',
    equipment_serial: 'SN1',
    description: '',
    priority: null,
    assignee_id: null,
    assignee_name: null,
    state: 'new',
    order_id: null,
    appointment_id: null,
    created_by: 'u',
    created_at,
    updated_at: created_at,
  });

  it('asks the server for the states a filter covers', () => {
    expect(requestFilterStates('all')).toEqual([null]);
    expect(requestFilterStates('open')).toEqual(['new', 'triaged']);
    expect(requestFilterStates('rejected')).toEqual(['rejected']);
    expect(requestsUrl()).toBe('/api/v1/maintenance-requests');
    expect(requestsUrl('triaged')).toBe('/api/v1/maintenance-requests?state=triaged');
    // List keys share a prefix that never matches one request's key.
    expect(requestListKey('new').slice(0, 2)).toEqual([...requestListsKey]);
    expect(requestListKey(null)).toEqual(['maintenance-requests', 'list', { state: null }]);
  });

  it('merges lists newest first without duplicates', () => {
    const a = req('a', '2026-11-20T10:00:00Z');
    const b = req('b', '2026-11-21T10:00:00Z');
    const c = req('c', '2026-11-20T10:00:00Z');
    expect(mergeRequests([[a, c], [b, a]]).map((r) => r.id)).toEqual(['b', 'c', 'a']);
  });

  it('labels the machine from the request itself', () => {
    expect(requestEquipment(req('a', '2026-11-20T10:00:00Z'))).toBe('CAT 320D (SN1)');
  });
});

describe('problems', () => {
  it('reads the offending field of a problem document', () => {
    const err = new ApiError(422, 'validation_failed', { code: 'validation_failed', field: 'ends_at' } as never);
    expect(problemField(err)).toBe('ends_at');
    expect(problemField(new ApiError(422, 'validation_failed'))).toBeNull();
    expect(problemField(new Error('x'))).toBeNull();
  });
});

describe('survey helpers', () => {
  it('builds the metrics URL with optional range', () => {
    expect(metricsUrl('period')).toBe('/api/v1/surveys/metrics?group_by=period');
    expect(metricsUrl('technician', '2026-01-01T00:00:00.000Z', null)).toBe(
      '/api/v1/surveys/metrics?group_by=technician&from=2026-01-01T00%3A00%3A00.000Z',
    );
  });

  it('categorises NPS answers and computes shares', () => {
    expect([10, 9, 8, 7, 6, 0].map(npsCategory)).toEqual(['promoter', 'promoter', 'passive', 'passive', 'detractor', 'detractor']);
    expect(share(1, 4)).toBe(25);
    expect(share(1, 0)).toBe(0);
  });
});
