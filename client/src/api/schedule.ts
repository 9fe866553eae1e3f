/**
 * Post-sale scheduling: appointments (a technician's visit to a customer's
 * machine) and maintenance requests (what customers ask for from the portal),
 * with their types and the requests to `/api/v1/appointments` and
 * `/api/v1/maintenance-requests`, plus the small lookups the forms need
 * (customers, their equipment, technicians) and the date helpers of the week
 * calendar and the `datetime-local` inputs.
 *
 * Lists are fetched by window (`?from=&to=`, RFC 3339, overlapping [from, to),
 * at most 500 rows): the week calendar asks for its week only and the list
 * view for the last 30 and the next 90 days, so neither loads the whole
 * history. Each appointment and each maintenance request carries its
 * machine's brand, model and serial (and its technician's or assignee's
 * name), so no per-machine or per-user request is needed to show them.
 *
 * Maintenance requests are filtered by state on the server (`?state=`, at
 * most 500 rows, newest first); the "open" inbox asks for `new` and
 * `triaged` separately and merges them, so a long history of closed
 * requests never pushes open ones past the limit.
 *
 * The server scopes every list: office roles see all, a seller their
 * customers', a technician what is assigned to them and a customer contact
 * their own company's. It also decides who may do what (`Role::allows`); the
 * `can*` helpers below mirror that table only to hide controls a role cannot use.
 */
import { ApiError, api } from './client';
import type { Role } from './auth';
import type { AppointmentState as GeneratedAppointmentState } from './generated';
import { formatTime, fromZonedInput, toZonedInput, zonedDayKey } from '../lib/format';

/**
 * Every state, in the order filters list them. `proposed`: a preventive
 * maintenance visit Faena offered the customer (no technician yet), which the
 * customer accepts (confirm) or asks to move, and the office moves or cancels.
 */
export const APPOINTMENT_STATES = [
  'proposed',
  'scheduled',
  'confirmed',
  'rescheduled',
  'reschedule_requested',
  'cancelled',
  'done',
] as const satisfies readonly GeneratedAppointmentState[];
export type AppointmentState = (typeof APPOINTMENT_STATES)[number];
// Fails `tsc` when the server adds a state this list lacks.
const EVERY_STATE_LISTED: GeneratedAppointmentState extends AppointmentState ? true : never = true;
void EVERY_STATE_LISTED;
export const REQUEST_STATES = ['new', 'triaged', 'converted', 'rejected'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
export type ReminderStatus = 'pending' | 'sent' | 'dropped';

export interface Appointment {
  id: string;
  customer_id: string;
  customer_name: string;
  equipment_id: string | null;
  /** The machine's brand, model and serial (joined by the server; null without equipment). */
  equipment_brand: string | null;
  equipment_model: string | null;
  equipment_serial: string | null;
  technician_id: string | null;
  technician_name: string | null;
  starts_at: string;
  ends_at: string;
  place: string;
  notes: string;
  state: AppointmentState;
  /** The new start the customer asked for (state `reschedule_requested`). */
  proposed_starts_at: string | null;
  /** The customer's words with that request (empty when none). */
  reschedule_comment: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface Reminder {
  id: string;
  appointment_id: string;
  offset_minutes: number;
  due_at: string;
  status: ReminderStatus;
  claimed_by: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface RequestPhoto {
  id: string;
  request_id: string;
  created_at: string;
}

/** A maintenance request as listed (`GET /maintenance-requests`). */
export interface MaintenanceRequest {
  id: string;
  customer_id: string;
  customer_name: string;
  equipment_id: string;
  /** The machine's brand, model and serial (joined by the server). */
  equipment_brand: string | null;
  equipment_model: string | null;
  equipment_serial: string | null;
  description: string;
  priority: Priority | null;
  assignee_id: string | null;
  /** The assignee's name (joined by the server); null when unassigned. */
  assignee_name: string | null;
  state: RequestState;
  order_id: string | null;
  appointment_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** A maintenance request with its preferred dates and photos (detail, create, triage). */
export interface RequestView extends MaintenanceRequest {
  preferred_dates: string[];
  photos: RequestPhoto[];
}

export interface Conversion {
  request: RequestView;
  order: { id: string; number: string } | null;
  appointment: Appointment | null;
}

export interface AppointmentInput {
  customer_id: string;
  equipment_id: string | null;
  technician_id: string | null;
  starts_at: string;
  ends_at: string;
  place: string;
  notes: string;
}

export interface MoveInput {
  starts_at: string;
  ends_at: string;
  technician_id?: string | null;
}

export interface RequestInput {
  customer_id?: string | null;
  equipment_id: string;
  description: string;
  preferred_dates: string[];
}

export interface TriageInput {
  priority?: Priority | null;
  assignee_id?: string | null;
  state?: 'triaged' | 'rejected';
}

export interface ConvertInput {
  order?: { reason?: string; technician_ids: string[] } | null;
  appointment?: { technician_id: string | null; starts_at: string; ends_at: string; place: string } | null;
}

/** Most photos on one request (the server's `MAX_PHOTOS`). */
export const MAX_REQUEST_PHOTOS = 10;

// --- permissions (mirror of the server's table, to hide what a role cannot use) ---

/** Book, move and cancel appointments. */
export const canSchedule = (role: Role) => ['master', 'admin', 'operator', 'seller'].includes(role);
/** Confirm, ask to reschedule or cancel (a customer contact). */
export const canRespond = (role: Role) => role === 'customer';
/** Mark a visit done. */
export const canComplete = (role: Role) => ['master', 'admin', 'operator', 'technician'].includes(role);
/** Triage and convert maintenance requests. */
export const canTriage = (role: Role) => ['master', 'admin', 'operator', 'seller'].includes(role);
/** File maintenance requests. */
export const canCreateRequests = (role: Role) => role !== 'technician';
/** List staff users (to pick technicians and assignees). */
export const canListUsers = (role: Role) => ['master', 'admin', 'operator', 'seller'].includes(role);
/** Read the customer directory and equipment. */
export const canReadCustomers = (role: Role) => role !== 'technician';

/**
 * Whether an appointment is open: agreed and still ahead (may be confirmed,
 * moved, cancelled or completed; reminders are planned for it). A proposed
 * visit is not open yet: see {@link isActionableAppointment}.
 */
export const isOpenAppointment = (a: Pick<Appointment, 'state'>) =>
  ['scheduled', 'confirmed', 'rescheduled', 'reschedule_requested'].includes(a.state);
/** Whether an appointment still takes actions: the open ones and a proposed visit (accept, move, cancel). */
export const isActionableAppointment = (a: Pick<Appointment, 'state'>) => a.state === 'proposed' || isOpenAppointment(a);
/** Whether the visit may be marked done (open, and not a proposal nobody accepted yet). */
export const isCompletableAppointment = (a: Pick<Appointment, 'state'>) => isOpenAppointment(a);
/** The states of a request still to be handled. */
export const OPEN_REQUEST_STATES = ['new', 'triaged'] as const satisfies readonly RequestState[];
/** Whether a request is still to be handled. */
export const isOpenRequest = (r: MaintenanceRequest) => (OPEN_REQUEST_STATES as readonly RequestState[]).includes(r.state);

// --- requests -------------------------------------------------------------------

/**
 * Prefix of every appointment query: the lists (`appointmentsRangeKey`), one
 * appointment (`[...appointmentsKey, id]`) and its reminders. Mutations
 * invalidate by this prefix so every list window is refetched.
 */
export const appointmentsKey = ['appointments'] as const;
/**
 * Prefix of every maintenance-request query: the lists
 * (`requestListKey`, under `requestListsKey`) and one request
 * (`[...requestsKey, id]`).
 */
export const requestsKey = ['maintenance-requests'] as const;
/** Prefix of the request lists only: mutations refetch these without refetching the open detail. */
export const requestListsKey = [...requestsKey, 'list'] as const;
/** The query key of the requests in `state` (`null`: every state). */
export const requestListKey = (state: RequestState | null) => [...requestListsKey, { state }] as const;

/** What the request inbox shows: the open ones (new + triaged), all, or one state. */
export type RequestFilter = 'open' | 'all' | RequestState;

/** The server-side state filters (`null`: none) whose answers make up `filter`. */
export function requestFilterStates(filter: RequestFilter): (RequestState | null)[] {
  if (filter === 'all') return [null];
  if (filter === 'open') return [...OPEN_REQUEST_STATES];
  return [filter];
}

/** Several lists of requests as one, newest first (as the server orders each). */
export function mergeRequests(lists: readonly (readonly MaintenanceRequest[])[]): MaintenanceRequest[] {
  const byId = new Map<string, MaintenanceRequest>();
  for (const list of lists) for (const r of list) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id));
}

/** `GET /maintenance-requests`, only those in `state` when given. */
export const requestsUrl = (state: RequestState | null = null) =>
  `/api/v1/maintenance-requests${state ? `?state=${encodeURIComponent(state)}` : ''}`;

/** A window of time as RFC 3339 instants; either bound may be open. */
export interface AppointmentRange {
  from?: string | null;
  to?: string | null;
}

/** Most rows the server returns for one list (its `LIST_LIMIT`). */
export const APPOINTMENT_LIST_LIMIT = 500;

/** The query key of the appointments overlapping `range` (an object, so it never clashes with an id). */
export const appointmentsRangeKey = (range: AppointmentRange) =>
  [...appointmentsKey, { from: range.from ?? null, to: range.to ?? null }] as const;

/** `GET /appointments` for the appointments overlapping [from, to); the instants are percent-encoded. */
export function appointmentsUrl(range: AppointmentRange = {}): string {
  const query = (['from', 'to'] as const)
    .filter((k) => range[k])
    .map((k) => `${k}=${encodeURIComponent(range[k] as string)}`);
  return `/api/v1/appointments${query.length ? `?${query.join('&')}` : ''}`;
}

export const fetchAppointments = (range: AppointmentRange, signal?: AbortSignal) =>
  api.get<Appointment[]>(appointmentsUrl(range), signal);
export const fetchAppointment = (id: string, signal?: AbortSignal) =>
  api.get<Appointment>(`/api/v1/appointments/${encodeURIComponent(id)}`, signal);
export const fetchReminders = (id: string, signal?: AbortSignal) =>
  api.get<Reminder[]>(`/api/v1/appointments/${encodeURIComponent(id)}/reminders`, signal);
export const createAppointment = (input: AppointmentInput) => api.post<Appointment>('/api/v1/appointments', input);
export const moveAppointment = (id: string, input: MoveInput) =>
  api.post<Appointment>(`/api/v1/appointments/${encodeURIComponent(id)}/move`, input);
/** A customer's request for another time: the office then moves (or confirms) the visit. */
export const requestReschedule = (id: string, proposedStartsAt: string, comment = '') =>
  api.post<Appointment>(`/api/v1/appointments/${encodeURIComponent(id)}/reschedule-request`, {
    proposed_starts_at: proposedStartsAt,
    comment,
  });

export type AppointmentAction = 'confirm' | 'cancel' | 'complete';
export const appointmentAction = (id: string, action: AppointmentAction) =>
  api.post<Appointment>(`/api/v1/appointments/${encodeURIComponent(id)}/${action}`, {});

export const fetchRequests = (state: RequestState | null, signal?: AbortSignal) =>
  api.get<MaintenanceRequest[]>(requestsUrl(state), signal);
export const fetchRequest = (id: string, signal?: AbortSignal) =>
  api.get<RequestView>(`/api/v1/maintenance-requests/${encodeURIComponent(id)}`, signal);
export const createRequest = (input: RequestInput) => api.post<RequestView>('/api/v1/maintenance-requests', input);
export const triageRequest = (id: string, input: TriageInput) =>
  api.post<RequestView>(`/api/v1/maintenance-requests/${encodeURIComponent(id)}/triage`, input);
export const convertRequest = (id: string, input: ConvertInput) =>
  api.post<Conversion>(`/api/v1/maintenance-requests/${encodeURIComponent(id)}/convert`, input);

/** Where one photo of a request is served (JPEG, signed-in). */
export const requestPhotoUrl = (requestId: string, photoId: string) =>
  `/api/v1/maintenance-requests/${encodeURIComponent(requestId)}/photos/${encodeURIComponent(photoId)}`;

/** Adds photos to a request: multipart, one `photos` field per file. */
export async function uploadRequestPhotos(id: string, files: File[]): Promise<RequestView> {
  const form = new FormData();
  for (const f of files) form.append('photos', f, f.name || 'photo.jpg');
  let response: Response;
  try {
    response = await fetch(`/api/v1/maintenance-requests/${encodeURIComponent(id)}/photos`, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { Accept: 'application/json, application/problem+json' },
    });
  } catch (err) {
    throw new ApiError(0, 'network_error', null, err instanceof Error ? err.message : String(err));
  }
  if (!response.ok) throw await ApiError.fromResponse(response);
  return (await response.json()) as RequestView;
}

// --- lookups for the forms ------------------------------------------------------

export interface CustomerOption {
  id: string;
  name: string;
}
export interface EquipmentOption {
  id: string;
  customer_id: string;
  brand: string;
  model: string;
  serial: string;
}
export interface StaffUser {
  id: string;
  name: string;
  role: Role;
  active: boolean;
}

export const fetchCustomerOptions = (signal?: AbortSignal) =>
  api.get<{ items: CustomerOption[] }>('/api/v1/customers?limit=200&active=true', signal).then((p) => p.items);
export const fetchEquipmentOf = (customerId: string, signal?: AbortSignal) =>
  api.get<EquipmentOption[]>(`/api/v1/customers/${encodeURIComponent(customerId)}/equipment`, signal);
/** Active staff users who can handle a request (everyone but customer contacts). */
export const fetchStaff = (signal?: AbortSignal) =>
  api.get<StaffUser[]>('/api/v1/users?active=true', signal).then((users) => users.filter((u) => u.role !== 'customer'));
/**
 * Active technicians: the only people a visit or an order is given to. The
 * role filter is applied by the server and again here, so a picker never
 * offers an office user even if the query parameter were ignored.
 */
export const fetchTechnicianOptions = (signal?: AbortSignal) =>
  api
    .get<StaffUser[]>('/api/v1/users?role=technician&active=true', signal)
    .then((users) => users.filter((u) => u.role === 'technician'));

/** "brand model (serial)" of a machine (the same text as `equipmentText` of the orders). */
export function equipmentLabel(e: { brand?: string | null; model?: string | null; serial?: string | null }): string {
  return [e.brand, e.model, e.serial ? `(${e.serial})` : null].filter(Boolean).join(' ');
}

/** The machine of an appointment as "brand model (serial)", or '' when it has none. */
export const appointmentEquipment = (a: Appointment) =>
  equipmentLabel({ brand: a.equipment_brand, model: a.equipment_model, serial: a.equipment_serial });

/** The machine of a maintenance request as "brand model (serial)". */
export const requestEquipment = (r: MaintenanceRequest) =>
  equipmentLabel({ brand: r.equipment_brand, model: r.equipment_model, serial: r.equipment_serial });

// --- errors ------------------------------------------------------------------------

export { problemField } from './client';

// --- dates --------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * An RFC 3339 instant as the value of an `<input type="datetime-local">`: the
 * company's wall clock (its `time_zone` setting), not the browser's.
 */
export function toLocalInput(iso: string | Date): string {
  return toZonedInput(iso);
}

/** A `datetime-local` value (the company's wall clock) as an RFC 3339 UTC instant, or null when empty/invalid. */
export function fromLocalInput(value: string): string | null {
  return fromZonedInput(value);
}

/**
 * Calendar days below are `Date`s whose local fields hold a day of the
 * company's calendar; {@link dayStartsAt} turns one into the instant the
 * day begins in the company's time zone.
 */
export function dayStartsAt(day: Date): number {
  return Date.parse(fromZonedInput(`${dayKey(day)}T00:00`) ?? '') || startOfDay(day).getTime();
}

/** Today in the company's calendar. */
export function companyToday(now: Date = new Date()): Date {
  return parseDayKey(zonedDayKey(now)) ?? startOfDay(now);
}

/** Midnight (local) of the Monday of the week holding `d`. */
export function startOfWeek(d: Date): Date {
  const day = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  const offset = (day.getDay() + 6) % 7; // Monday = 0
  day.setDate(day.getDate() - offset);
  return day;
}

/** Local midnight of the day holding `d`. */
export function startOfDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

export function addDays(d: Date, days: number): Date {
  const out = new Date(d);
  out.setDate(out.getDate() + days);
  return out;
}

export function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** `YYYY-MM-DD` of a local date (used in the URL and as keys). */
export function dayKey(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Parses a `YYYY-MM-DD` key as a local date, or null. */
export function parseDayKey(key: string | null): Date | null {
  if (!key || !/^\d{4}-\d{2}-\d{2}$/.test(key)) return null;
  const [y, m, d] = key.split('-').map(Number);
  const date = new Date(y, m - 1, d);
  return Number.isNaN(date.getTime()) ? null : date;
}

export { formatTime };

/** The window of the week calendar: its Monday's midnight to the next Monday's, in the company's zone. */
export function weekWindow(weekStart: Date): { from: string; to: string } {
  return {
    from: new Date(dayStartsAt(weekStart)).toISOString(),
    to: new Date(dayStartsAt(addDays(weekStart, 7))).toISOString(),
  };
}

/** Days of the past and of the future the list view covers (around today). */
export const LIST_DAYS_BACK = 30;
export const LIST_DAYS_AHEAD = 90;

/**
 * The window of the list view: from local midnight 30 days ago to the end of
 * the 90th day ahead. Built from the day (not the instant) so the query key
 * stays the same all day long.
 */
export function listWindow(now: Date): { from: string; to: string } {
  const today = companyToday(now);
  return {
    from: new Date(dayStartsAt(addDays(today, -LIST_DAYS_BACK))).toISOString(),
    to: new Date(dayStartsAt(addDays(today, LIST_DAYS_AHEAD + 1))).toISOString(),
  };
}

/**
 * Appointments taking place on the company's day `day` (overlapping it, like the
 * server's window: a visit over several days shows on each), by start time.
 */
export function appointmentsOn(list: readonly Appointment[], day: Date): Appointment[] {
  const dayStart = dayStartsAt(day);
  const dayEnd = dayStartsAt(addDays(day, 1));
  return list
    .filter((a) => new Date(a.starts_at).getTime() < dayEnd && new Date(a.ends_at).getTime() > dayStart)
    .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
}
