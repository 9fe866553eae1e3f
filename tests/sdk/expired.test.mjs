// A client that was offline longer than its connection token lives (a phone
// asleep, a tunnel) comes back: the SDK reconnects with the token it has, the
// server answers that it expired (error 109), the SDK asks getToken for a new
// one and connects again, recovering what it missed.

import { it, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  CUSTOMER,
  OPERATOR,
  chat,
  closeAll,
  login,
  nextEvent,
  openTicket,
  withTimeout,
  sdkClient,
  subscribe,
  until,
} from './lib.mjs';

let cust, op;

after(() => closeAll(cust, op));

// A client offline longer than its token lives reconnects with the old
// token: the server answers the connect with error 109 "token expired", so
// the SDK fetches a new token (getToken) and connects again.
it('reconnects with a new token after being offline longer than the token lives', { timeout: 30_000 }, async (t) => {
  const [customer, operator] = await Promise.all([login(CUSTOMER), login(OPERATOR)]);
  const channel = await openTicket(customer, 'Prueba de credencial vencida');
  cust = sdkClient(customer);
  op = sdkClient(operator);
  await Promise.all([cust.connect(), op.connect()]);
  const ttl = cust.tokens[0].ttl_seconds;
  assert.ok(ttl <= 4, `run.sh sets 4-second tokens: ${JSON.stringify(cust.tokens[0])}`);
  const [sub, first] = await subscribe(cust.client, channel);
  const received = [];
  sub.on('publication', (ctx) => received.push(ctx));

  // Offline for longer than the token lives; a message is missed meanwhile.
  cust.offline = true;
  cust.sockets.at(-1).terminate();
  await nextEvent(cust.client, 'connecting');
  await op.client.publish(channel, chat('¿Sigue ahí?', 'while-away'));
  await new Promise((r) => setTimeout(r, (ttl + 1.5) * 1000));
  const tokensBefore = cust.tokens.length;

  // Back online: either the subscription comes back, or the SDK gives up.
  const outcome = withTimeout(
    new Promise((resolve) => {
      sub.once('subscribed', (ctx) => resolve({ subscribed: ctx }));
      cust.client.once('disconnected', (ctx) => resolve({ disconnected: ctx }));
    }),
    "'subscribed' or 'disconnected'",
    8000,
  );
  cust.offline = false;
  const { subscribed: recovered, disconnected } = await outcome;
  if (disconnected) {
    const lastSocket = cust.frames.filter((f) => f.dir !== 'x' || f.text !== 'close 1006 ');
    assert.fail(
      `the SDK gave up (disconnected ${JSON.stringify(disconnected)}) instead of fetching a new token; ` +
        `last frames:\n${lastSocket.slice(-4).map((f) => `${f.dir} ${f.text}`).join('\n')}`,
    );
  }
  await until(() => received.length >= 1, 'the missed publication');

  assert.ok(cust.tokens.length > tokensBefore, 'getToken was asked for a new token');
  assert.equal(recovered.recovered, true, JSON.stringify(recovered));
  assert.deepEqual(
    received.map((p) => [p.offset, p.data.client_msg_id]),
    [[first.streamPosition.offset + 1, 'while-away']],
  );
  assert.equal(cust.client.state, 'connected');
  t.diagnostic(`disconnects: ${JSON.stringify(cust.disconnects)}`);
});
