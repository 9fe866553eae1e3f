// (c) A customer and an operator chat in a ticket both ways, in two browser
// contexts, including after the customer's connection is cut and restored.
// Issue 10: the customer (phone) sends a PDF that the office sees as a chip
// and downloads, a refused file says why (bug 8); the ticket's own events read
// as sentences, not codes (bug 9).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { TINY_PNG, launch, newPage, shot, uiLogin } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Picks files through the chat's translated "Adjuntar archivo" button, as a person does. */
async function attach(page, ...files) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Adjuntar archivo' }).click()]);
  await chooser.setFiles(files);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function send(page, text, shown = text) {
  const box = page.getByLabel(/^Mensaje/);
  await box.fill(text);
  await page.getByRole('button', { name: 'Enviar' }).click();
  await page.getByTestId('chat-log').getByText(shown).first().waitFor();
}

test('customer and operator chat live, also after a reconnect', { timeout: 80000 }, async () => {
  // The customer opens a new ticket from the portal.
  const customer = await newPage(browser, { mobile: true });
  await uiLogin(customer, 'customer');
  await customer.goto('/tickets');
  await customer.getByRole('button', { name: 'Nuevo ticket' }).click();
  const form = customer.getByRole('form', { name: 'Nuevo ticket' });
  const subject = `E2E ${Date.now()}`;
  await form.getByLabel(/^Asunto/).fill(subject);
  await form.getByLabel(/^Descripción/).fill('La retro hace un ruido raro');
  await form.getByRole('button', { name: 'Crear ticket' }).click();
  await customer.getByRole('heading', { name: new RegExp(subject) }).waitFor();
  const ticketUrl = new URL(customer.url()).pathname;
  await customer.getByTestId('reconnecting').waitFor({ state: 'detached' });

  // The operator finds it in the list and opens it.
  const operator = await newPage(browser);
  await uiLogin(operator, 'operator');
  await operator.goto('/tickets');
  await operator.getByRole('row', { name: new RegExp(subject) }).getByRole('link').click();
  await operator.getByTestId('reconnecting').waitFor({ state: 'detached' });

  await send(customer, 'Hola, **urgente** por favor 🚜', 'urgente');
  await operator.getByTestId('chat-log').getByText('urgente').waitFor({ timeout: 5000 });
  assert.equal(await operator.getByTestId('chat-log').locator('strong', { hasText: 'urgente' }).count(), 1);

  await send(operator, 'Recibido, enviamos un _técnico_ mañana', 'técnico');
  await customer.getByTestId('chat-log').getByText('técnico').waitFor({ timeout: 5000 });

  // An image attachment (the file input; drag-and-drop and paste use the same upload).
  await attach(customer, { name: 'ruido.png', mimeType: 'image/png', buffer: TINY_PNG });
  await customer.getByText('ruido.png').waitFor();
  await send(customer, 'Foto del equipo');
  await operator.getByTestId('chat-log').getByRole('img', { name: 'ruido.png' }).waitFor({ timeout: 5000 });

  // The ticket's own events are sentences with who and when, not codes.
  await customer.getByTestId('chat-event').filter({ hasText: `Carla Cliente abrió el ticket` }).first().waitFor();
  assert.doesNotMatch(await customer.getByTestId('chat-log').innerText(), /ticket\.created|Evento:/);

  // Cut the customer's network: the socket drops and the badge shows.
  await customer.context().setOffline(true);
  await customer.evaluate(() => {
    for (const c of window.__faenaCentrifuge ?? []) c.disconnect();
    for (const c of window.__faenaCentrifuge ?? []) c.connect();
  });
  await customer.getByTestId('reconnecting').waitFor({ timeout: 10000 });
  await shot(customer, 'chat-reconnecting');

  // While the customer is away the operator writes; it arrives after reconnecting.
  await send(operator, 'Mensaje mientras estabas desconectado');
  await customer.context().setOffline(false);
  await customer.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 30000 });
  await customer.getByTestId('chat-log').getByText('Mensaje mientras estabas desconectado').waitFor({ timeout: 10000 });

  // And both ways again after the reconnect.
  await send(customer, 'Gracias, ya volví');
  await operator.getByTestId('chat-log').getByText('Gracias, ya volví').waitFor({ timeout: 5000 });
  // The emoji picker inserts at the caret.
  await operator.getByLabel(/^Mensaje/).fill('Perfecto ');
  await operator.getByRole('button', { name: 'Insertar emoji' }).click();
  await operator.getByRole('button', { name: 'Pulgar arriba' }).click();
  assert.equal(await operator.getByLabel(/^Mensaje/).inputValue(), 'Perfecto 👍');
  await operator.getByRole('button', { name: 'Enviar' }).click();
  await customer.getByTestId('chat-log').getByText('Perfecto 👍').waitFor({ timeout: 5000 });

  // A PDF from the customer's phone: listed before sending, a chip for the
  // office, which downloads the same bytes.
  await attach(customer, { name: 'presupuesto firmado.pdf', mimeType: 'application/pdf', buffer: PDF });
  await customer.getByTestId('chat-pending').getByText('presupuesto firmado.pdf').waitFor();
  await send(customer, 'Adjunto el presupuesto firmado');
  const chip = operator.getByTestId('chat-log').getByRole('link', { name: /^Descargar presupuesto firmado\.pdf/ });
  await chip.waitFor({ timeout: 5000 });
  await shot(operator, 'chat-pdf-chip');
  const [download] = await Promise.all([operator.waitForEvent('download'), chip.click()]);
  assert.equal(download.suggestedFilename(), 'presupuesto firmado.pdf');
  assert.deepEqual(await readFile(await download.path()), PDF);

  // A file the server refuses says why, on the phone, in Spanish.
  await attach(customer, { name: 'instalador.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\x00binario') });
  await customer
    .getByTestId('chat-refused')
    .getByText('No se adjuntó «instalador.exe»: solo se aceptan imágenes (PNG, JPEG, WebP o GIF), documentos PDF y archivos de texto (.txt).')
    .waitFor();
  assert.equal(await customer.getByTestId('chat-pending').count(), 0);
  const [scroll, width] = await customer.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `horizontal scroll on the phone: ${scroll} > ${width}`);
  await shot(customer, 'chat-refused-file');

  // No duplicates after recovery.
  const offsets = await customer.getByTestId('chat-message').evaluateAll((els) => els.map((e) => e.dataset.offset));
  assert.equal(new Set(offsets).size, offsets.length);
  assert.equal(offsets.length, 7);
  assert.ok(ticketUrl.startsWith('/tickets/'));
  await shot(customer, 'chat-customer');
  await shot(operator, 'chat-operator');
  await customer.context().close();
  await operator.context().close();
});
