// Token refresh: run.sh serves 4-second connection tokens, so a client that
// stays connected for ~10 s has to refresh several times (the SDK calls
// getToken again and sends `refresh`) without ever being disconnected.

import { it, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  CUSTOMER,
  OPERATOR,
  chat,
  closeAll,
  login,
  openTicket,
  sdkClient,
  subscribe,
  until,
} from './lib.mjs';

const SECONDS = 10;
let cust, op;

after(() => closeAll(cust, op));

it('refreshes short tokens and keeps receiving for ~10 s', { timeout: 30_000 }, async (t) => {
  const [customer, operator] = await Promise.all([login(CUSTOMER), login(OPERATOR)]);
  const channel = await openTicket(customer, 'Prueba de renovación de credenciales');
  cust = sdkClient(customer);
  op = sdkClient(operator);
  await Promise.all([cust.connect(), op.connect()]);
  assert.ok(cust.tokens[0].ttl_seconds <= 4, `run.sh sets 4-second tokens: ${JSON.stringify(cust.tokens[0])}`);
  const [sub] = await subscribe(cust.client, channel);
  const received = [];
  sub.on('publication', (ctx) => received.push(ctx));

  // One message a second from the operator, acknowledged each time.
  const started = Date.now();
  for (let i = 0; i < SECONDS; i++) {
    await op.client.publish(channel, chat(`latido ${i}`, `beat-${i}`));
    const next = started + (i + 1) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  await until(() => received.length >= SECONDS, `${SECONDS} publications`, 3000);

  assert.deepEqual(
    received.map((p) => p.data.client_msg_id),
    Array.from({ length: SECONDS }, (_, i) => `beat-${i}`),
  );
  assert.deepEqual(
    received.map((p) => p.offset),
    Array.from({ length: SECONDS }, (_, i) => 2 + i),
  );

  for (const [who, h] of [
    ['customer', cust],
    ['operator', op],
  ]) {
    const refreshes = h.messages('>').filter((m) => m.refresh);
    const replies = h.messages('<').filter((m) => m.refresh);
    t.diagnostic(`${who}: ${h.tokens.length} tokens, ${refreshes.length} refresh commands`);
    // A token every ~3 s (the server reports the whole seconds left).
    assert.ok(h.tokens.length >= 3, `${who}: getToken called ${h.tokens.length} times\n${h.dump()}`);
    assert.ok(refreshes.length >= 2, h.dump());
    assert.equal(replies.length, refreshes.length, `every refresh answered\n${h.dump()}`);
    for (const reply of replies) {
      assert.equal(reply.refresh.expires, true, JSON.stringify(reply));
      assert.ok(reply.refresh.ttl >= 1 && reply.refresh.ttl <= 4, JSON.stringify(reply));
    }
    // Each refresh carried the token getToken had just returned.
    assert.deepEqual(
      refreshes.map((m) => m.refresh.token),
      h.tokens.slice(1, 1 + refreshes.length).map((tk) => tk.token),
    );
    assert.deepEqual(h.disconnects, [], `${who} was disconnected\n${h.dump()}`);
    assert.equal(h.sockets.length, 1, `${who} reconnected\n${h.dump()}`);
    assert.equal(h.client.state, 'connected');
    assert.deepEqual(h.errors, [], `${who}: ${JSON.stringify(h.errors)}`);

    // Server pings (`{}`) are answered with pongs (`{}`).
    const pings = h.messages('<').filter((m) => Object.keys(m).length === 0).length;
    const pongs = h.messages('>').filter((m) => Object.keys(m).length === 0).length;
    t.diagnostic(`${who}: ${pings} server pings, ${pongs} pongs`);
    // (A ping that has just arrived may still be being answered.)
    assert.ok(pongs === pings || pongs === pings - 1, `${pings} pings, ${pongs} pongs\n${h.dump()}`);
  }
});
