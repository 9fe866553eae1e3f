// Issue 10: the customer's working day on a 360 × 740 phone, on the real
// server. The portal home; chat on a service order; a new ticket that the
// office's open list shows without a reload (bug 6), then chat on it with a
// PDF attachment the office downloads; and "Pedir otro horario" for a visit,
// which is a request (bug 3): the badge says so, the visit keeps its time,
// the office sees the wished-for time and the comment and moves the visit.
// Every customer page is checked for horizontal scroll.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { launch, newPage, restSession, shot, uiLogin } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function noHorizontalScroll(page, where) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `horizontal scroll on ${where}: ${scroll} > ${width}`);
}

async function connected(page) {
  await page.getByTestId('reconnecting').first().waitFor({ state: 'detached', timeout: 15000 });
}

/** `YYYY-MM-DDTHH:mm` for a datetime-local input, in the browser's zone. */
/**
 * The value of a date-time field for the instant `iso`: the form reads it on
 * the company's clock (issue 10 bug 11), whatever the browser's zone is.
 */
async function localInput(_page, iso) {
  const { time_zone: timeZone } = await (await restSession('admin')).get('/api/v1/settings/time-zone');
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

test("the customer's day on a phone: portal, order and ticket chat with a PDF, a reschedule request", { timeout: 150000 }, async () => {
  const admin = await restSession('admin');
  const tech = await (await restSession('technician')).get('/api/v1/auth/me');
  const me = await (await restSession('customer')).get('/api/v1/auth/me');
  const stamp = Date.now();
  const order = await admin.post('/api/v1/orders', {
    customer_id: me.customer_id,
    reason: `E2E día del cliente ${stamp}`,
    service_value: '80.00',
  });
  const start = new Date(Date.now() + 3 * 86400000);
  start.setUTCMinutes(0, 0, 0);
  const visit = await admin.post('/api/v1/appointments', {
    customer_id: me.customer_id,
    technician_id: tech.id,
    starts_at: start.toISOString(),
    ends_at: new Date(start.getTime() + 3600000).toISOString(),
    place: 'Obra Norte',
  });

  // The portal home, on the phone.
  const customer = await newPage(browser, { mobile: true });
  await uiLogin(customer, 'customer');
  await connected(customer);
  await noHorizontalScroll(customer, 'the portal home');
  await shot(customer, 'day-customer-home');

  // Chat on the service order.
  await customer.goto(`/orders/${order.id}`);
  const orderChat = customer.getByRole('region', { name: 'Conversación' });
  await orderChat.waitFor();
  await connected(customer);
  await orderChat.getByLabel(/^Mensaje/).fill('¿A qué hora puedo pasar a retirar?');
  await orderChat.getByLabel(/^Mensaje/).press('Enter');
  await orderChat.getByTestId('chat-log').getByText('¿A qué hora puedo pasar a retirar?').waitFor({ timeout: 5000 });
  assert.equal(await orderChat.getByRole('alert').count(), 0, 'the order chat sends');
  await noHorizontalScroll(customer, 'the order');

  // The office has its ticket list open; the customer opens a ticket in the portal.
  const office = await newPage(browser, { width: 1366 });
  await uiLogin(office, 'operator');
  await office.goto('/tickets');
  // The list (maybe still empty: a fresh demo has no tickets) is loaded.
  await office.getByRole('search').waitFor();
  await office.getByRole('table').or(office.getByText('No hay tickets')).first().waitFor().catch(() => undefined);
  await connected(office);
  // Give the list's staff:tickets subscription a moment to be acknowledged.
  await office.waitForTimeout(1000);
  const rowsBefore = await office.getByRole('row').count();

  await customer.goto('/tickets');
  await customer.getByRole('button', { name: 'Nuevo ticket' }).click();
  const form = customer.getByRole('form', { name: 'Nuevo ticket' });
  const subject = `Día del cliente ${stamp}`;
  await form.getByLabel(/^Asunto/).fill(subject);
  await form.getByLabel(/^Descripción/).fill('Adjunto la factura del repuesto');
  await form.getByRole('button', { name: 'Crear ticket' }).click();
  await customer.getByRole('heading', { name: new RegExp(subject) }).waitFor();
  await connected(customer);

  // It appears in the office's open list without a reload (bug 6).
  const row = office.getByRole('row', { name: new RegExp(subject) });
  await row.waitFor({ timeout: 10000 });
  assert.ok((await office.getByRole('row').count()) > rowsBefore, 'one more row, without a reload');
  await shot(office, 'day-customer-office-list');

  // The customer sends a PDF in the ticket's chat; the office downloads it.
  const [chooser] = await Promise.all([
    customer.waitForEvent('filechooser'),
    customer.getByRole('button', { name: 'Adjuntar archivo' }).click(),
  ]);
  await chooser.setFiles({ name: 'factura repuesto.pdf', mimeType: 'application/pdf', buffer: PDF });
  await customer.getByTestId('chat-pending').getByText('factura repuesto.pdf').waitFor();
  await customer.getByLabel(/^Mensaje/).fill('Aquí va la factura');
  await customer.getByRole('button', { name: 'Enviar' }).click();
  await customer.getByTestId('chat-log').getByText('Aquí va la factura').waitFor();
  await noHorizontalScroll(customer, 'the ticket');
  await shot(customer, 'day-customer-ticket');

  await row.getByRole('link').first().click();
  await connected(office);
  const chip = office.getByTestId('chat-log').getByRole('link', { name: /^Descargar factura repuesto\.pdf/ });
  await chip.waitFor({ timeout: 10000 });
  const [download] = await Promise.all([office.waitForEvent('download'), chip.click()]);
  assert.deepEqual(await readFile(await download.path()), PDF);

  // The customer asks for another time for the visit (bug 3): a request.
  await customer.goto(`/appointments/${visit.id}`);
  await customer.getByRole('button', { name: 'Pedir otro horario' }).click();
  const wished = new Date(start.getTime() + 86400000).toISOString();
  await customer.getByLabel(/^Nuevo inicio propuesto/).fill(await localInput(customer, wished));
  await customer.getByLabel(/^Comentario para la oficina/).fill('Mejor por la tarde, por favor');
  await noHorizontalScroll(customer, 'the reschedule form');
  await customer.getByRole('button', { name: 'Enviar solicitud' }).click();
  await customer.getByText('Cambio de horario pedido').first().waitFor();
  assert.equal(await customer.getByText('Reprogramada').count(), 0, 'a request is not announced as done');
  await noHorizontalScroll(customer, 'the appointment');
  await shot(customer, 'day-customer-reschedule');

  // The office sees the request (wished-for time, comment) and moves the visit.
  await office.goto(`/appointments/${visit.id}`);
  await office.getByText('Cambio de horario pedido').first().waitFor();
  await office.getByTestId('proposed-start').waitFor();
  await office.getByText('Mejor por la tarde, por favor').waitFor();
  await office.getByRole('button', { name: 'Mover cita' }).click();
  await office.getByLabel(/^Inicio/).fill(await localInput(office, wished));
  await office.getByLabel(/^Fin/).fill(await localInput(office, new Date(Date.parse(wished) + 3600000).toISOString()));
  await office.getByRole('button', { name: 'Guardar nuevo horario' }).click();
  await office.getByText('Reprogramada').first().waitFor();
  const moved = await admin.get(`/api/v1/appointments/${visit.id}`);
  assert.equal(moved.state, 'rescheduled');
  assert.equal(Date.parse(moved.starts_at), Date.parse(wished));

  await customer.context().close();
  await office.context().close();
});
