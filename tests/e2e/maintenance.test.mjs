// Post-sale (issue 16, "Proof"): preventive maintenance by engine hours.
// The office defines a machine's plan on the customer's page; a technician
// reads the hour meter on their phone at the machine (the order page), and
// the reading moves the machine into the office's "Mantenimiento próximo"
// list without a reload; Faena proposes a visit, which the office sees
// appear; the customer accepts it in the portal on a phone and it becomes a
// confirmed appointment with its reminders — and the office's list shows it
// confirmed, live. Seed 004: "seguimiento proactivo según ciclo de vida del
// equipo".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, newPage, restSession, shot, uiLogin } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a meter reading on a phone proposes the maintenance visit the customer accepts', { timeout: 180000 }, async () => {
  const admin = await restSession('admin');
  const customer = await restSession('customer');
  const technician = await restSession('technician');
  const me = await customer.get('/api/v1/auth/me');
  const tech = await technician.get('/api/v1/auth/me');
  const serial = `E2E${Date.now()}`;
  const machine = await admin.post(`/api/v1/customers/${me.customer_id}/equipment`, {
    brand: 'Komatsu',
    model: 'PC200',
    serial,
    engine_hours: 1000,
  });
  const order = await admin.post('/api/v1/orders', {
    customer_id: me.customer_id,
    equipment_id: machine.id,
    reason: 'Revisión general',
    technician_ids: [tech.id],
    service_value: '100.00',
  });
  const name = `Komatsu PC200 ${serial}`;

  const office = await newPage(browser, { width: 1366 });
  const phone = await newPage(browser, { mobile: true });
  const portal = await newPage(browser, { mobile: true });
  try {
    // The office defines the plan: every 250 engine hours from 1,000 h.
    await uiLogin(office, 'admin');
    await office.goto(`/customers/${me.customer_id}`);
    const card = office.getByRole('region', { name: `Plan de mantenimiento de ${name}` });
    await card.waitFor();
    await card.getByText('Sin plan de mantenimiento').waitFor();
    await card.getByRole('button', { name: 'Definir plan' }).click();
    const form = office.getByRole('form', { name: 'Plan de mantenimiento' });
    await form.getByLabel('Base del plan').selectOption({ label: 'Horas de motor' });
    await form.getByLabel('Cada cuántas horas').fill('250');
    await form.getByLabel('Horas en el último servicio').fill('1000');
    await form.getByRole('button', { name: 'Guardar plan' }).click();
    await card.getByText('Al día').waitFor();
    await card.getByText('Sin fecha: el equipo no registra uso').waitFor();
    await shot(office, 'maintenance-plan-defined');

    // The office watches the "due soon" list: the machine is not on it.
    await office.goto('/maintenance/due-soon');
    await office.getByRole('heading', { level: 1, name: 'Mantenimiento próximo' }).waitFor();
    const row = office.getByTestId(`due-${machine.id}`);
    await office.waitForTimeout(500);
    assert.equal(await row.count(), 0);

    // At the machine, the technician records 1,260 h on their phone.
    await uiLogin(phone, 'technician');
    await phone.goto(`/orders/${order.id}`);
    const reading = phone.getByRole('region', { name: 'Lectura del horómetro' });
    await reading.getByLabel('Horas del horómetro').fill('1260');
    await reading.getByRole('button', { name: 'Registrar lectura' }).click();
    await reading.getByText('Lectura registrada: 1260 h').waitFor();
    await shot(phone, 'maintenance-reading-phone');

    // The office's list, without a reload: overdue, then the proposed visit.
    await row.waitFor({ timeout: 15000 });
    await row.getByText('Vencido').waitFor();
    await row.getByText('Propuesta', { exact: true }).waitFor({ timeout: 15000 });
    await shot(office, 'maintenance-due-soon-proposed');
    const plan = (await admin.get(`/api/v1/equipment/${machine.id}/plan`)).plan;
    assert.equal(plan.proposal.state, 'proposed');
    const visit = plan.proposal.id;

    // The customer accepts the proposed visit in the portal, on a phone.
    await uiLogin(portal, 'customer');
    await portal.goto(`/appointments/${visit}`);
    await portal.getByText('Visita de mantenimiento propuesta').waitFor();
    const actions = portal.getByRole('group', { name: 'Acciones de la cita' });
    await actions.getByRole('button', { name: 'Aceptar la visita' }).click();
    await portal.getByText('Confirmada').first().waitFor();
    await shot(portal, 'maintenance-visit-accepted');
    const accepted = await admin.get(`/api/v1/appointments/${visit}`);
    assert.equal(accepted.state, 'confirmed');
    const reminders = await admin.get(`/api/v1/appointments/${visit}/reminders`);
    assert.ok(reminders.length > 0, 'an accepted visit has its reminders');

    // The office's list shows it confirmed, live.
    await row.getByText('Confirmada', { exact: true }).waitFor({ timeout: 15000 });
  } finally {
    await office.context().close();
    await phone.context().close();
    await portal.context().close();
  }
});
