/**
 * "Acuerdos de servicio (SLA)" on /settings (issue 16): the week, the
 * holidays, the targets in hours (sent as whole minutes) and the warning are
 * loaded, edited and saved with one PUT; local checks stop a day that closes
 * before it opens; a server refusal is shown on the field it names.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SlaSettings } from '../../api/sla';
import { TICKET_PRIORITIES, TICKET_TYPES } from '../../api/tickets';
import { callsTo, jsonResponse, renderPage, sampleUser, stubFetch } from '../../test/utils';
import { SettingsPage } from '../../pages/AdminPages';
import { SlaSettingsCard } from './SlaSettingsForm';

const SLOW = { timeout: 4000 };
const URL = '/api/v1/settings/sla';

/** Targets in minutes by priority: high 1 h / 8 h, medium 4 h / 24 h, low 8 h / 72 h. */
const MINUTES = { high: [60, 480], medium: [240, 1440], low: [480, 4320] } as const;
const POLICIES = TICKET_TYPES.flatMap((type) =>
  TICKET_PRIORITIES.map((priority) => ({
    type,
    priority,
    first_response_minutes: MINUTES[priority][0],
    resolution_minutes: MINUTES[priority][1],
  })),
);
const WEEKDAY = { open: '08:00', close: '17:00' };
const SETTINGS: SlaSettings = {
  business_hours: [WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, { open: '08:00', close: '12:00' }, null],
  holidays: ['2026-12-25'],
  policies: POLICIES,
  warning_minutes: 30,
  updated_at: '2026-01-01T00:00:00Z',
};

function problemWithField(field: string): Response {
  return new Response(
    JSON.stringify({ type: 'about:blank', title: 'x', status: 422, code: 'validation_failed', detail: 'x', field }),
    { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

function setup(put: (init?: RequestInit) => Response) {
  const fetchMock = stubFetch({ [`GET ${URL}`]: () => jsonResponse(200, SETTINGS), [`PUT ${URL}`]: put });
  renderPage('/settings', <SlaSettingsCard />);
  return fetchMock;
}

const form = () => screen.findByRole('form', { name: 'Acuerdos de servicio (SLA)' }, SLOW);
const day = (name: string) => screen.getByRole('group', { name });
const policy = (type: string, priority: string, target: 'first_response' | 'resolution') =>
  screen.getByTestId(`sla-policy-${type}-${priority}-${target}`) as HTMLInputElement;

describe('SlaSettingsCard', () => {
  it('loads the settings, then saves the week, holidays, targets in minutes and the warning', async () => {
    const fetchMock = setup((init) => jsonResponse(200, { ...JSON.parse(String(init?.body)), updated_at: '2026-01-02T00:00:00Z' }));
    const f = await form();
    expect(within(f).getByRole('heading', { name: 'Horario de atención' })).toBeTruthy();
    expect((within(day('Lunes')).getByRole('switch', { name: 'Abierto' }) as HTMLInputElement).checked).toBe(true);
    expect((within(day('Lunes')).getByLabelText('Abre') as HTMLInputElement).value).toBe('08:00');
    expect((within(day('Sábado')).getByLabelText('Cierra') as HTMLInputElement).value).toBe('12:00');
    expect(within(day('Domingo')).getByText('Cerrado')).toBeTruthy();
    expect(within(f).getByTestId('sla-holiday-2026-12-25').textContent).toBe('25 dic 2026');
    // Minutes shown as hours, labelled by target, type and priority.
    const billingHigh = within(f).getByLabelText('Primera respuesta (horas) · Facturación · Alta') as HTMLInputElement;
    expect(billingHigh.value).toBe('1');
    expect(policy('suggestion', 'low', 'resolution').value).toBe('72');
    expect((within(f).getByLabelText(/^Aviso antes del incumplimiento \(minutos\)/) as HTMLInputElement).value).toBe('30');

    fireEvent.change(billingHigh, { target: { value: '1,5' } });
    fireEvent.change(policy('complaint', 'medium', 'resolution'), { target: { value: '0,25' } });
    fireEvent.click(within(day('Domingo')).getByRole('switch', { name: 'Abierto' }));
    fireEvent.change(within(day('Domingo')).getByLabelText('Abre'), { target: { value: '09:00' } });
    fireEvent.change(within(day('Domingo')).getByLabelText('Cierra'), { target: { value: '13:00' } });
    fireEvent.click(within(day('Sábado')).getByRole('switch', { name: 'Abierto' }));
    fireEvent.change(within(f).getByLabelText('Fecha del feriado'), { target: { value: '2027-01-01' } });
    fireEvent.click(within(f).getByRole('button', { name: 'Agregar feriado' }));
    fireEvent.click(within(f).getByRole('button', { name: 'Quitar feriado 25 dic 2026' }));
    fireEvent.change(within(f).getByLabelText(/^Aviso antes del incumplimiento/), { target: { value: '45' } });
    fireEvent.click(within(f).getByRole('button', { name: 'Guardar SLA' }));

    expect(await screen.findByText('Acuerdos de servicio guardados.', {}, SLOW)).toBeTruthy();
    const [sent] = callsTo(fetchMock, 'PUT', URL);
    expect(sent.business_hours).toEqual([WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, null, { open: '09:00', close: '13:00' }]);
    expect(sent.holidays).toEqual(['2027-01-01']);
    expect(sent.warning_minutes).toBe(45);
    expect(sent.policies).toHaveLength(15);
    expect(sent.policies[0]).toEqual({ type: 'billing', priority: 'high', first_response_minutes: 90, resolution_minutes: 480 });
    expect(sent.policies.find((p: { type: string; priority: string }) => p.type === 'complaint' && p.priority === 'medium')).toEqual({
      type: 'complaint',
      priority: 'medium',
      first_response_minutes: 240,
      resolution_minutes: 15,
    });
    expect(sent.policies.filter((p: { first_response_minutes: number }) => p.first_response_minutes !== 90).length).toBe(14);
  });

  it('checks the week and the targets before sending', async () => {
    const fetchMock = setup(() => jsonResponse(200, SETTINGS));
    const f = await form();
    fireEvent.change(within(day('Martes')).getByLabelText('Cierra'), { target: { value: '07:00' } });
    fireEvent.change(policy('billing', 'low', 'first_response'), { target: { value: '' } });
    fireEvent.click(within(f).getByRole('button', { name: 'Guardar SLA' }));
    expect(await within(day('Martes')).findByText('Debe cerrar después de abrir.')).toBeTruthy();
    expect(within(f).getByText('Revisa los plazos: cada uno entre 1 minuto y 8760 horas.')).toBeTruthy();
    expect(policy('billing', 'low', 'first_response').getAttribute('aria-invalid')).toBe('true');
    // Holidays are checked as they are added.
    fireEvent.change(within(f).getByLabelText('Fecha del feriado'), { target: { value: '2026-12-25' } });
    fireEvent.click(within(f).getByRole('button', { name: 'Agregar feriado' }));
    expect(await within(f).findByText('Ese día ya está en la lista.')).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', URL)).toHaveLength(0);
  });

  it.each([
    ['business_hours', 'Revisa el horario: cada día abierto debe cerrar después de abrir y al menos un día debe estar abierto.'],
    ['policies', 'Revisa los plazos: cada uno entre 1 minuto y 8760 horas.'],
    ['holidays', 'Revisa los feriados: fechas válidas y sin repetir.'],
  ])("shows the server's refusal of %s on that part of the form", async (field, text) => {
    setup(() => problemWithField(field));
    const f = await form();
    fireEvent.click(within(f).getByRole('button', { name: 'Guardar SLA' }));
    const testId = { business_hours: 'sla-week', policies: 'sla-policies', holidays: 'sla-holidays' }[field] as string;
    expect(await within(within(f).getByTestId(testId)).findByText(text, {}, SLOW)).toBeTruthy();
  });

  it("shows the server's refusal of the warning on its field", async () => {
    setup(() => problemWithField('warning_minutes'));
    const f = await form();
    const warning = within(f).getByLabelText(/^Aviso antes del incumplimiento/) as HTMLInputElement;
    await waitFor(() => expect(warning.value).toBe('30'));
    fireEvent.click(within(f).getByRole('button', { name: 'Guardar SLA' }));
    expect(await within(f).findByText('Entre 0 y 1440 minutos', {}, SLOW)).toBeTruthy();
    expect(warning.getAttribute('aria-invalid')).toBe('true');
  });

  it.each([
    ['admin', true],
    ['operator', false],
  ] as const)('is on /settings for %s: %s', async (role, shown) => {
    const fetchMock = stubFetch({
      'GET /api/v1/auth/me': () => jsonResponse(200, { ...sampleUser, role }),
      'GET /api/v1/settings/company': () => jsonResponse(200, { company_name: 'Maquinarias del Sur', currency: 'USD' }),
      [`GET ${URL}`]: () => jsonResponse(200, SETTINGS),
    });
    renderPage('/settings', <SettingsPage />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Configuración' })).toBeTruthy();
    if (shown) {
      expect(await screen.findByRole('heading', { level: 2, name: 'Acuerdos de servicio (SLA)' }, SLOW)).toBeTruthy();
    } else {
      await screen.findByText('Solo el usuario maestro y los administradores pueden cambiar la configuración.');
      expect(screen.queryByRole('heading', { name: 'Acuerdos de servicio (SLA)' })).toBeNull();
      expect(callsTo(fetchMock, 'GET', URL)).toHaveLength(0);
    }
  });
});
