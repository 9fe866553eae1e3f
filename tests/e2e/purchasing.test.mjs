// Purchasing on the real server (issue 15, "Proof"): the office creates a
// supplier, drafts a purchase order from the supplier's page, adds two
// catalog parts with the picker, sends it (the supplier is e-mailed),
// receives part of it, and closes it short. Meanwhile a colleague has the
// supplier's page open: its fill rate moves from "—" to 80 % and its
// purchase history shows the order, live, without a reload.
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

/** A Colombian NIT (9 digits) with its DIAN check digit. */
function nit(body) {
  const digits = String(body).padStart(9, '0');
  const weights = [41, 37, 29, 23, 19, 17, 13, 7, 3];
  const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  const r = sum % 11;
  return `${digits}-${r > 1 ? 11 - r : r}`;
}

/** Adds a line with the editor's part picker. */
async function addLine(page, search, option, quantity) {
  const picker = page.getByRole('textbox', { name: 'Repuesto' });
  await picker.click();
  await picker.fill(search);
  await page.getByRole('option', { name: option }).click();
  await page.getByLabel('Cantidad', { exact: true }).fill(quantity);
  await page.getByRole('button', { name: 'Agregar línea' }).click();
  await page.getByTestId(`line-${search}`).waitFor();
}

test('a purchase order is sent, partly received and closed short; the supplier fill rate moves live', { timeout: 180000 }, async () => {
  const office = await newPage(browser, { width: 1366 });
  const watcher = await newPage(browser, { width: 1366 });
  try {
    // 1. A supplier, through the REST API (the form is covered by its unit test).
    const admin = await restSession('admin');
    const name = `Repuestos Magdalena ${Date.now()}`;
    const supplier = await admin.post('/api/v1/suppliers', {
      name,
      tax_id: nit(800_000_000 + (Date.now() % 99_999_999)),
      tax_id_country: 'CO',
      email: 'compras@magdalena.example',
      phone: '+57 5 555 0100',
      address: 'Barranquilla',
      payment_terms: '30 días',
      lead_time_days: 5,
      notes: '',
    });

    // 2. A colleague watches the supplier's page: nothing rated yet.
    await uiLogin(watcher, 'operator');
    await watcher.goto(`/purchasing/suppliers/${supplier.id}`);
    await watcher.getByRole('heading', { level: 1, name }).waitFor();
    const fill = watcher.getByTestId('figure-fill-rate');
    await fill.getByText('—').waitFor();

    // 3. The office drafts the order from the supplier's page and adds two parts.
    await uiLogin(office, 'admin');
    await office.goto(`/purchasing/suppliers/${supplier.id}`);
    await office.getByRole('button', { name: 'Nueva orden de compra' }).click();
    await office.waitForURL(/\/purchasing\/orders\/[0-9a-f-]{36}$/);
    const heading = office.getByRole('heading', { level: 1, name: /^OC-\d{6}$/ });
    await heading.waitFor();
    const number = (await heading.innerText()).trim();
    await addLine(office, 'FLT-1R0750', /^FLT-1R0750/, '10');
    await addLine(office, 'HYD-ISO68', /^HYD-ISO68/, '20');
    await office.getByText('Se enviará por correo a compras@magdalena.example.').waitFor();
    await shot(office, 'purchasing-draft');

    // 4. Send: the state changes, and the watcher's history shows it live.
    await office.getByRole('button', { name: 'Enviar al proveedor' }).click();
    await office.getByTestId('po-state').getByText('Enviada').waitFor();
    const row = watcher.getByRole('row').filter({ hasText: number });
    await row.getByText('Enviada').waitFor();

    // 5. Receive 6 of 10 filters and all 20 litres of oil.
    await office.getByLabel('Recibido FLT-1R0750').fill('6');
    await office.getByLabel('Recibido HYD-ISO68').fill('20');
    await office.getByLabel('Guía de despacho / nota').fill('Guía 7781');
    await office.getByRole('button', { name: 'Recibir ahora' }).click();
    await office.getByTestId('po-state').getByText('Recibida en parte').waitFor();
    await row.getByText('Recibida en parte').waitFor();

    // 6. The other 4 filters will not come: close short. The fill rate is
    //    (6/10 + 20/20) / 2 = 80 %, on the watcher's page without a reload.
    await office.getByRole('button', { name: 'Cerrar incompleta' }).click();
    await office.getByTestId('po-state').getByText('Cerrada incompleta').waitFor();
    await fill.getByText(/^80\s?%$/).waitFor();
    await row.getByText('Cerrada incompleta').waitFor();
    await shot(watcher, 'purchasing-supplier-fill-rate');

    // 7. The ranking lists the supplier with the same fill rate.
    await office.goto('/purchasing/performance');
    const ranked = office.getByRole('row').filter({ hasText: name });
    await ranked.waitFor();
    assert.match(await ranked.innerText(), /80\s?%/);
  } finally {
    await office.context().close();
    await watcher.context().close();
  }
});
