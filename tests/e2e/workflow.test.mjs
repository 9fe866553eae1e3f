// Workflows beyond the four required scenarios, through the real UI:
// (e) the office creates a customer with the form (tax id checked by the
//     server), (f) a customer confirms an appointment in the portal, and
// (g) the survey e-mailed after an order closes is answered on a phone from
//     its link, with no login, exactly once.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { MAIL_DIR, launch, newPage, restSession, rif, shot, uiLogin } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function firstDemoCustomer(admin) {
  const page = await admin.get('/api/v1/customers?q=Constructora&limit=5');
  return page.items[0].id;
}

function decodeQuotedPrintable(text) {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Waits (up to 20 s) for an e-mail to `address` whose text matches `pattern`
 * and contains `about` (an order number, say): other stories e-mail the same
 * demo customer, so the newest matching mail may be about another order.
 */
async function waitForMail(address, pattern, about = '') {
  for (let i = 0; i < 100; i++) {
    let files = [];
    try {
      files = readdirSync(MAIL_DIR)
        .filter((f) => f.endsWith('.eml'))
        .map((f) => path.join(MAIL_DIR, f))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    } catch {
      // The folder appears with the first e-mail.
    }
    for (const f of files) {
      const mail = decodeQuotedPrintable(readFileSync(f, 'utf8'));
      const found = mail.includes(`To: ${address}`) && mail.includes(about) && mail.match(pattern);
      if (found) return found;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no e-mail to ${address} matching ${pattern}`);
}

test('the office creates a customer with the form', { timeout: 60000 }, async () => {
  const page = await newPage(browser);
  try {
    await uiLogin(page, 'admin');
    await page.goto('/customers');
    await page.getByRole('button', { name: 'Nuevo cliente' }).click();
    const dialog = page.getByRole('dialog');
    const name = `Grúas del Sur ${Date.now()}`;
    await dialog.getByLabel(/^Nombre o razón social/).fill(name);
    // A wrong check digit is refused on the field, and nothing is lost.
    const good = rif(40_000_000 + (Date.now() % 9_999_999));
    const bad = good.slice(0, -1) + String((Number(good.slice(-1)) + 1) % 10);
    await dialog.getByLabel(/^Identificación fiscal/).fill(bad);
    await dialog.getByRole('button', { name: 'Crear cliente' }).click();
    await dialog.getByText(/no es válid/).first().waitFor();
    assert.equal(await dialog.getByLabel(/^Nombre o razón social/).inputValue(), name);
    await dialog.getByLabel(/^Identificación fiscal/).fill(good);
    await dialog.getByRole('button', { name: 'Crear cliente' }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await shot(page, 'customer-created');
  } finally {
    await page.context().close();
  }
});

test('a customer confirms an appointment in the portal', { timeout: 60000 }, async () => {
  const admin = await restSession('admin');
  const customerId = await firstDemoCustomer(admin);
  const start = new Date(Date.now() + 3 * 86_400_000);
  const appointment = await admin.post('/api/v1/appointments', {
    customer_id: customerId,
    starts_at: start.toISOString(),
    ends_at: new Date(start.getTime() + 3_600_000).toISOString(),
    place: 'Obra Norte',
  });
  const page = await newPage(browser, { mobile: true });
  try {
    await uiLogin(page, 'customer');
    await page.goto(`/appointments/${appointment.id}`);
    await page.getByText('Agendada').first().waitFor();
    await page.getByRole('button', { name: 'Confirmar', exact: true }).click();
    await page.getByText('Confirmada').first().waitFor();
    await shot(page, 'appointment-confirmed-phone');
    const after = await admin.get(`/api/v1/appointments/${appointment.id}`);
    assert.equal(after.state, 'confirmed');
  } finally {
    await page.context().close();
  }
});

test('the survey e-mailed after an order closes is answered from its link', { timeout: 90000 }, async () => {
  assert.ok(MAIL_DIR, 'FAENA_MAIL_DIR is set');
  const admin = await restSession('admin');
  const customerId = await firstDemoCustomer(admin);
  const order = await admin.post('/api/v1/orders', {
    customer_id: customerId,
    reason: 'Cambio de aceite',
    service_value: '50.00',
  });
  const methods = await admin.get('/api/v1/payment-methods');
  const method = methods.find((m) => m.active) ?? methods[0];
  await admin.post(`/api/v1/orders/${order.id}/payments`, {
    amount: '50.00',
    method_id: method.id,
    reference: 'e2e',
  });
  await admin.post(`/api/v1/orders/${order.id}/close`, {});
  // The invitation is due at once here (FAENA__SURVEYS__DELAY_MINUTES=0).
  const [, token] = await waitForMail(
    'cliente@faena.demo',
    /\/s\/([A-Za-z0-9_-]{20,})/,
    order.number,
  );

  const page = await newPage(browser, { mobile: true });
  try {
    await page.goto(`/s/${token}`);
    await page.getByRole('heading', { level: 1, name: 'Encuesta de satisfacción' }).waitFor();
    await page.getByText(order.number).first().waitFor();
    // Sending without answering is refused in the page.
    await page.getByRole('button', { name: 'Enviar respuestas' }).click();
    await page.getByText('Elige un número del 0 al 10.').waitFor();
    // The choices are chips: a visually hidden radio and its label.
    const choose = async (name) => {
      const radio = page.getByRole('radio', { name, exact: true });
      await page.locator(`label[for="${await radio.getAttribute('id')}"]`).click();
      assert.equal(await radio.isChecked(), true, `${name} is chosen`);
    };
    await choose('9');
    await choose('5 · Muy satisfecho');
    await page.getByLabel(/^¿Algo que quieras contarnos/).fill('Rápidos y amables.');
    await shot(page, 'survey-phone');
    await page.getByRole('button', { name: 'Enviar respuestas' }).click();
    await page.getByText(/Recibimos tus respuestas/).waitFor();
    // Once only: the link now says so.
    await page.reload();
    await page.getByText('Esta encuesta ya fue respondida. Gracias por tu tiempo.').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no horizontal scroll at 360 px (${width})`);
  } finally {
    await page.context().close();
  }
});
