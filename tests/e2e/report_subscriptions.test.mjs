// Report subscriptions (issue 17: "a user can subscribe to a report
// (weekly or monthly, chosen filters): it is e-mailed through the outbox
// with the XLSX attached"): a seller subscribes to the sales report from
// its page, at 360 px, sees when it will next be sent, and cancels it.
// (The sending itself, once per period with the XLSX, is proved by the API
// story `report_subscriptions`, which moves the clock.)
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

test('a seller subscribes to the sales report by e-mail and cancels it', { timeout: 120000 }, async () => {
  const seller = await restSession('seller');
  for (const s of await seller.get('/api/v1/reports/subscriptions')) {
    await seller.del(`/api/v1/reports/subscriptions/${s.id}`);
  }
  const page = await newPage(browser, { mobile: true, width: 360 });
  try {
    await uiLogin(page, 'seller');
    await page.goto('/reports/sales?category=Construcci%C3%B3n');
    await page.getByRole('heading', { level: 1, name: /ventas/i }).waitFor();
    await page.getByTestId('sales-subscribe').click();
    const dialog = page.getByRole('dialog', { name: 'Recibir este informe por correo' });
    await dialog.waitFor();
    await dialog.getByText(/Segmento \(categoría\): Construcción/).waitFor();
    await dialog.getByLabel('Mensual: el día 1, el mes anterior').check();
    await dialog.getByRole('button', { name: 'Suscribirme' }).click();
    const list = dialog.getByRole('table', { name: 'Tus suscripciones a este informe' });
    await list.getByText('Mensual').waitFor();
    await shot(page, 'report-subscription');
    // The page's width holds the dialog: nothing scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`);

    const [kept] = await seller.get('/api/v1/reports/subscriptions');
    assert.equal(kept.report, 'sales');
    assert.equal(kept.frequency, 'monthly');
    assert.deepEqual(kept.filters, { category: 'Construcción' });
    // The first of next month at 07:00 in Caracas (11:00 UTC).
    assert.equal(new Date(kept.next_run_at).getUTCDate(), 1);
    assert.equal(new Date(kept.next_run_at).getUTCHours(), 11);

    await list.getByRole('button', { name: 'Cancelar suscripción' }).click();
    await dialog.getByText('Aún no recibes este informe por correo.').waitFor();
    assert.deepEqual(await seller.get('/api/v1/reports/subscriptions'), []);
  } finally {
    await page.close();
  }
});
