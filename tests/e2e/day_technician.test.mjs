// The technician's working day on a 360 × 740 phone (issue 10): find the
// order assigned to them, post a status change with a photo, add a part, fix
// a wrong part, write in the order's chat — the page never scrolls sideways,
// and the times it shows are the company's even though the phone's clock is
// in another zone (bug 11).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TINY_PNG, URL_BASE, launch, restSession, shot, uiLogin } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const PHONE_ZONE = 'Europe/Madrid';

async function phonePage() {
  const context = await browser.newContext({
    baseURL: URL_BASE,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'es-VE',
    timezoneId: PHONE_ZONE,
  });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[pageerror]', err.message));
  return page;
}

async function assertNoSideScroll(page, what) {
  await page.waitForLoadState('networkidle').catch(() => {});
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= 360, `${what}: the page is ${scroll} px wide at 360 px (client ${client})`);
}

/** "6:18": the clock of an instant in `timeZone`, as Spanish screens write it. */
function clock(iso, timeZone) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).formatToParts(
    new Date(iso),
  );
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${Number(get('hour'))}:${get('minute')}`;
}

const chat = (page) => page.getByRole('region', { name: 'Conversación' });

test("the technician's day on a phone: status with a photo, parts, a fix, the order chat", { timeout: 150000 }, async () => {
  const admin = await restSession('admin');
  const tech = await restSession('technician');
  const me = await tech.get('/api/v1/auth/me');
  const customers = await admin.get('/api/v1/customers?q=Constructora&limit=5');
  const order = await admin.post('/api/v1/orders', {
    customer_id: customers.items[0].id,
    reason: 'E2E jornada: pierde aceite hidráulico',
    service_value: '150.00',
    technician_ids: [me.id],
  });
  const statuses = await admin.get('/api/v1/order-statuses');
  const repairing = statuses.find((s) => s.visibility === 'public' && s.active && s.label === 'En reparación');
  assert.ok(repairing, 'the demo has the public status "En reparación"');
  const { time_zone: companyZone } = await (await fetch(`${URL_BASE}/api/v1/settings/time-zone`)).json();

  const phone = await phonePage();
  try {
    // Their assigned order, from "my orders".
    await uiLogin(phone, 'technician');
    await phone.goto('/my-orders');
    const card = phone.getByRole('article', { name: `Orden ${order.number}` });
    await card.getByText('E2E jornada: pierde aceite hidráulico').waitFor();
    await assertNoSideScroll(phone, 'my orders');
    await card.getByRole('link').click();
    await phone.waitForURL(`**/orders/${order.id}`);
    await phone.getByText(`Recibida: `, { exact: false }).first().waitFor();
    // The received time on the company's clock, not the phone's.
    const received = await phone.getByText(/Recibida:/).first().innerText();
    assert.ok(received.includes(clock(order.received_at, companyZone)), `${received} in ${companyZone}`);
    assert.ok(!received.includes(clock(order.received_at, PHONE_ZONE)), `${received} not in ${PHONE_ZONE}`);

    // A status change with a photo.
    const post = phone.getByRole('form', { name: 'Publicar novedad' });
    await post.getByRole('textbox', { name: 'Estado' }).click();
    await phone.getByRole('option', { name: 'En reparación', exact: true }).click();
    await post.getByLabel('Comentario').fill('Cambio de sello en el cilindro del brazo.');
    await post.locator('input[type="file"]').setInputFiles({ name: 'sello.png', mimeType: 'image/png', buffer: TINY_PNG });
    await post.getByText('sello.png').waitFor();
    await post.getByRole('button', { name: 'Publicar' }).click();
    await phone.getByText('Cambio de sello en el cilindro del brazo.').first().waitFor();
    await phone.getByRole('img', { name: /Foto 1/ }).first().waitFor();
    const detail = await admin.get(`/api/v1/orders/${order.id}`);
    assert.equal(detail.public_status ?? detail.order?.public_status, 'En reparación');
    await assertNoSideScroll(phone, 'order after a status with a photo');

    // A part, and a wrong one fixed.
    const partForm = phone.getByRole('form', { name: 'Agregar repuesto' });
    await partForm.getByLabel('Descripción').fill('Kit de sellos');
    await partForm.getByLabel('Cantidad').fill('1');
    await partForm.getByLabel('Precio unitario').fill('45');
    await partForm.getByRole('button', { name: 'Agregar repuesto' }).click();
    await phone.getByRole('article', { name: 'Kit de sellos' }).waitFor();
    await partForm.getByLabel('Descripción').fill('Manguera 1/4');
    await partForm.getByLabel('Cantidad').fill('3');
    await partForm.getByLabel('Precio unitario').fill('12');
    await partForm.getByRole('button', { name: 'Agregar repuesto' }).click();
    await phone.getByRole('article', { name: 'Manguera 1/4' }).waitFor();
    await phone.getByRole('button', { name: 'Editar el repuesto «Manguera 1/4»' }).click();
    const edit = phone.getByRole('form', { name: 'Editar repuesto' });
    await edit.getByLabel('Descripción').fill('Manguera 1/2');
    await edit.getByLabel('Cantidad').fill('2');
    await edit.getByRole('button', { name: 'Guardar' }).click();
    const fixed = phone.getByRole('article', { name: 'Manguera 1/2' });
    await fixed.getByText(/Editado por Tomás Técnico el/).waitFor();
    await fixed.getByText(/2 × 12,00\s*US\$ = 24,00\s*US\$/).waitFor();
    const balance = await admin.get(`/api/v1/orders/${order.id}/balance`);
    assert.equal(Number(balance.parts_total), 69, 'parts: 45 + 2 × 12');
    await assertNoSideScroll(phone, 'order with parts');

    // The order's chat.
    await phone.getByTestId('reconnecting').first().waitFor({ state: 'detached', timeout: 15000 });
    const message = `Llego a la obra a las 3, jornada ${Date.now().toString(36)}`;
    await chat(phone).getByLabel(/^Mensaje/).fill(message);
    await chat(phone).getByLabel(/^Mensaje/).press('Enter');
    await chat(phone).getByTestId('chat-log').getByText(message).waitFor();
    assert.equal(await chat(phone).getByRole('alert').count(), 0, 'no send error');
    await assertNoSideScroll(phone, 'order with its chat');
    await shot(phone, 'day-technician-order');
  } finally {
    await phone.context().close();
  }
});
