// The seed operations that used to exist only in the API, through the real
// UI (issue 10):
// (a) master deletes (reverses) a payment on the order page with a reason:
//     the balance returns, the receipt says ANULADO with the reason, and the
//     cash desk (Caja / Cobranzas) finds it with totals per payment method;
// (b) a technician on a 360 px phone fixes a wrong part, deletes another,
//     edits a post, and finds the order in their history once it is closed;
//     the office sees "editado por … / eliminado por …" and the history;
// (c) the parts view across orders, filtered by order and text;
// (d) every page the technician and the customer use has no horizontal
//     scroll at 360 × 740, and shows no English of native widgets.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { URL_BASE, launch, newPage, restSession, shot, uiLogin } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function demoCustomer(admin, q = 'Constructora') {
  const page = await admin.get(`/api/v1/customers?q=${encodeURIComponent(q)}&limit=5`);
  return page.items[0].id;
}

async function technicianId() {
  const me = await (await restSession('technician')).get('/api/v1/auth/me');
  return me.id;
}

async function methodId(admin, name) {
  const methods = await admin.get('/api/v1/payment-methods');
  return methods.find((m) => m.name === name).id;
}

/** Fails if the page scrolls sideways at phone width. */
async function assertNoSideScroll(page, what) {
  await page.waitForLoadState('networkidle').catch(() => {});
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= 360, `${what}: the page is ${scroll} px wide at 360 px (client ${client})`);
}

/** Native-widget English and untranslated keys that must not show in Spanish. */
async function assertNoEnglish(page, what) {
  const text = await page.evaluate(() => document.body.innerText);
  for (const english of ['Choose File', 'No file chosen', 'Browse…', 'Loading...', 'Submit', 'Cancel']) {
    assert.ok(!text.includes(english), `${what} shows "${english}"`);
  }
  const keys = text.match(/\b(?:[a-z]+Area|orders|nav|common)\.[a-zA-Z.]+\b/g);
  assert.equal(keys, null, `${what} shows untranslated keys: ${keys}`);
}

test('master reverses a payment with a reason; the cash desk finds it with its totals', { timeout: 120000 }, async () => {
  const admin = await restSession('admin');
  const order = await admin.post('/api/v1/orders', {
    customer_id: await demoCustomer(admin),
    reason: 'E2E: reversión de un pago',
    service_value: '1500.50',
  });
  const zelle = await methodId(admin, 'Zelle');
  const reference = `ZL-E2E-${Date.now()}`;
  const paid = await admin.post(`/api/v1/orders/${order.id}/payments`, { amount: '500.25', method_id: zelle, reference });
  const receipt = paid.payment.number;

  const page = await newPage(browser);
  try {
    await uiLogin(page, 'master');
    await page.goto(`/orders/${order.id}`);
    await page.getByRole('button', { name: `Eliminar (anular) el pago ${receipt}` }).click();
    const dialog = page.getByRole('dialog', { name: `¿Eliminar (anular) el pago ${receipt}?` });
    await dialog.getByText('el monto vuelve al saldo pendiente').waitFor();
    await dialog.getByRole('button', { name: 'Anular el pago' }).click();
    await dialog.getByText('Escribe el motivo de la anulación.').waitFor();
    await dialog.getByLabel('Motivo').fill('El banco rechazó la transferencia');
    await dialog.getByRole('button', { name: 'Anular el pago' }).click();
    await page.getByText(new RegExp(`Pago ${receipt} anulado\\. Saldo pendiente: 1500,50`)).waitFor();
    const card = page.getByRole('article', { name: `Recibo ${receipt}` });
    await card.getByText(/Anulado por Usuario Maestro el .* · Motivo: El banco rechazó la transferencia/).waitFor();
    // The balance is back to the full service value, live on the page.
    await page.getByText('1500,50 US$').last().waitFor();
    await shot(page, 'records-payment-reversed');

    // The receipt (print view) says it was reversed, why, and in one language.
    const receiptPage = await page.context().newPage();
    await receiptPage.goto(`${URL_BASE}/api/v1/payments/${paid.payment.id}/receipt`);
    const printed = await receiptPage.evaluate(() => document.body.innerText);
    assert.match(printed, /ANULADO/);
    assert.match(printed, /El banco rechazó la transferencia/);
    assert.match(printed, /500,25\s*US\$/);
    assert.doesNotMatch(printed, /VOID|Payment receipt|USD 500/);
    await receiptPage.close();

    // Caja / Cobranzas: found by reference, reversed ones only on request,
    // totals of the search per method.
    await page.getByRole('link', { name: 'Caja / Cobranzas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Caja / Cobranzas' }).waitFor();
    await page.getByLabel('Buscar').fill(reference);
    await page.getByText('Ningún pago coincide.').waitFor();
    await page.getByLabel('Incluir pagos anulados').check();
    const row = page.getByRole('row').filter({ hasText: receipt });
    await row.getByText('Anulado', { exact: true }).waitFor();
    const zelle2 = `ZL-E2E2-${Date.now()}`;
    await admin.post(`/api/v1/orders/${order.id}/payments`, { amount: '100.10', method_id: zelle, reference: zelle2 });
    await page.getByLabel('Buscar').fill('ZL-E2E');
    await page.getByTestId('total-Zelle').filter({ hasText: '100,10' }).waitFor();
    const total = await page.getByTestId('total-all').innerText();
    assert.match(total, /100,10/, 'a reversed payment never counts in the totals');
    await shot(page, 'records-cash-desk');
  } finally {
    await page.context().close();
  }
});

test('a technician on a phone fixes a wrong part and a post; the office sees who changed what', { timeout: 150000 }, async () => {
  const admin = await restSession('admin');
  const order = await admin.post('/api/v1/orders', {
    customer_id: await demoCustomer(admin),
    reason: 'E2E: repuesto equivocado',
    service_value: '100.00',
    technician_ids: [await technicianId()],
  });
  const phone = await newPage(browser, { mobile: true });
  try {
    await uiLogin(phone, 'technician');
    await phone.goto(`/orders/${order.id}`);
    // Add a wrong part and a post, from the phone forms.
    const partForm = phone.getByRole('form', { name: 'Agregar repuesto' });
    await partForm.getByLabel('Descripción').fill('Filtro de aire');
    await partForm.getByLabel('Cantidad').fill('1');
    await partForm.getByLabel('Precio unitario').fill('80');
    await partForm.getByRole('button', { name: 'Agregar repuesto' }).click();
    await phone.getByRole('article', { name: 'Filtro de aire' }).waitFor();
    await partForm.getByLabel('Descripción').fill('Correa sobrante');
    await partForm.getByLabel('Precio unitario').fill('10');
    await partForm.getByRole('button', { name: 'Agregar repuesto' }).click();
    await phone.getByRole('article', { name: 'Correa sobrante' }).waitFor();

    // Fix the wrong one.
    await phone.getByRole('button', { name: 'Editar el repuesto «Filtro de aire»' }).click();
    const edit = phone.getByRole('form', { name: 'Editar repuesto' });
    await edit.getByLabel('Descripción').fill('Filtro de aceite');
    await edit.getByLabel('Cantidad').fill('2');
    await edit.getByLabel('Precio unitario').fill('85');
    await edit.getByRole('button', { name: 'Guardar' }).click();
    const fixed = phone.getByRole('article', { name: 'Filtro de aceite' });
    await fixed.getByText(/Editado por Tomás Técnico el/).waitFor();
    await fixed.getByText(/2 × 85,00\s*US\$ = 170,00\s*US\$/).waitFor();
    // Delete the extra one, after confirming.
    await phone.getByRole('button', { name: 'Eliminar el repuesto «Correa sobrante»' }).click();
    const confirm = phone.getByRole('dialog', { name: '¿Eliminar este repuesto?' });
    await confirm.getByRole('button', { name: 'Eliminar' }).click();
    await phone.getByRole('article', { name: 'Correa sobrante' }).getByText(/Eliminado por Tomás Técnico el/).waitFor();
    await assertNoSideScroll(phone, 'technician order page with parts');
    await shot(phone, 'records-technician-parts');

    // The office: "editado por", the deleted line struck through, its history.
    const office = await newPage(browser);
    try {
      await uiLogin(office, 'admin');
      await office.goto(`/orders/${order.id}`);
      await office.getByRole('button', { name: 'Historial del repuesto «Filtro de aceite»' }).click();
      const history = office.getByRole('dialog', { name: 'Historial de cambios' });
      await history.getByText(/Editado por Tomás Técnico el/).waitFor();
      await history.getByText('Descripción: Filtro de aire').waitFor();
      await office.keyboard.press('Escape');
      const balance = await admin.get(`/api/v1/orders/${order.id}/balance`);
      assert.equal(Number(balance.parts_total), 170, 'the deleted part left the balance');

      // The parts view across orders, filtered by this order and a text.
      await office.getByRole('link', { name: 'Repuestos usados' }).click();
      await office.getByRole('textbox', { name: 'Orden', exact: true }).fill(order.number);
      await office.getByRole('textbox', { name: 'Descripción', exact: true }).fill('aceite');
      const row = office.getByRole('row').filter({ hasText: 'Filtro de aceite' });
      await row.getByRole('cell', { name: 'Tomás Técnico', exact: true }).waitFor();
      await row.getByRole('link', { name: order.number }).waitFor();
      assert.equal(await office.getByRole('row').filter({ hasText: 'Correa sobrante' }).count(), 0);
      await shot(office, 'records-parts-view');
    } finally {
      await office.context().close();
    }

    // The customer never sees the deleted line or who changed what.
    const portal = await (await restSession('customer')).get(`/api/v1/orders/${order.id}`);
    assert.ok(!JSON.stringify(portal).includes('Correa sobrante'));
    assert.ok(!JSON.stringify(portal).includes('edited_by_name":"Tomás'));

    // Closed: it moves to the technician's history.
    const cash = await methodId(admin, 'Efectivo');
    await admin.post(`/api/v1/orders/${order.id}/payments`, { amount: '270.00', method_id: cash, reference: '' });
    await admin.post(`/api/v1/orders/${order.id}/close`, {});
    await phone.goto('/my-orders');
    await phone.getByText('Historial (cerradas)', { exact: true }).click();
    const card = phone.getByRole('article', { name: `Orden ${order.number}` });
    await card.getByText(/Cerrada el/).waitFor();
    await assertNoSideScroll(phone, 'technician history');
    await shot(phone, 'records-technician-history');
  } finally {
    await phone.context().close();
  }
});

test('every technician and customer page fits a 360 px phone, in Spanish', { timeout: 180000 }, async () => {
  const admin = await restSession('admin');
  const order = await admin.post('/api/v1/orders', {
    customer_id: await demoCustomer(admin),
    reason: 'E2E: revisión completa del sistema hidráulico con un motivo largo para ver cómo se ajusta en un teléfono',
    service_value: '12500.50',
    technician_ids: [await technicianId()],
  });
  await admin.post(`/api/v1/orders/${order.id}/parts`, {
    description: 'Kit de sellos hidráulicos para cilindro principal de la pluma (referencia larga 1R-0750-XL)',
    quantity: '2',
    unit_price: '1250.75',
    warranty_days: 180,
  });
  const detail = await admin.get(`/api/v1/orders/${order.id}`);
  const pages = {
    technician: ['/', '/my-orders', '/my-orders?view=history', `/orders/${order.id}`, '/tickets', '/appointments', '/maintenance-requests', '/account/profile', '/account/notifications', '/account/password'],
    customer: ['/', '/orders', `/orders/${order.id}`, '/tickets', '/appointments', '/maintenance-requests', '/surveys', '/company', '/account/profile', '/account/notifications', '/account/password'],
  };
  for (const [role, paths] of Object.entries(pages)) {
    const page = await newPage(browser, { mobile: true });
    try {
      await uiLogin(page, role);
      for (const p of paths) {
        await page.goto(p);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await page.waitForTimeout(300);
        await assertNoSideScroll(page, `${role} ${p}`);
        await assertNoEnglish(page, `${role} ${p}`);
      }
      await shot(page, `records-360-${role}`);
    } finally {
      await page.context().close();
    }
  }
  // The QR page, anonymous.
  const qr = await newPage(browser, { mobile: true });
  try {
    await qr.goto(`/o/${detail.qr_token}`);
    await qr.getByText(order.number).first().waitFor();
    await assertNoSideScroll(qr, 'QR page');
    await assertNoEnglish(qr, 'QR page');
  } finally {
    await qr.context().close();
  }
});
