// A forced disconnect, then the SDK's automatic reconnect and recovery: the
// 20 messages published while the customer was away arrive once each, in
// order, without gaps, and the resubscribe reports a successful recovery.

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
  sdkClient,
  subscribe,
  until,
} from './lib.mjs';

const MISSED = 20;
let cust, op;

after(() => closeAll(cust, op));

it('recovers every message missed during a forced disconnect, once and in order', { timeout: 30_000 }, async (t) => {
  const [customer, operator] = await Promise.all([login(CUSTOMER), login(OPERATOR)]);
  const channel = await openTicket(customer, 'Prueba de recuperación');
  cust = sdkClient(customer);
  op = sdkClient(operator);
  await Promise.all([cust.connect(), op.connect()]);
  const [sub, first] = await subscribe(cust.client, channel);
  const start = first.streamPosition.offset;
  assert.equal(first.recoverable, true);
  assert.equal(first.wasRecovering, false);

  const received = [];
  const subscribedEvents = [];
  sub.on('publication', (ctx) => received.push(ctx));
  sub.on('subscribed', (ctx) => subscribedEvents.push(ctx));
  const disconnectedSocket = cust.sockets.at(-1);
  const resubscribed = nextEvent(sub, 'subscribed', { ms: 10_000 });
  const reconnecting = nextEvent(cust.client, 'connecting');

  // The network goes away: the socket dies without a close frame, and the
  // SDK's reconnect attempts fail until the client is back "online".
  cust.offline = true;
  disconnectedSocket.terminate();
  const connecting = await reconnecting;
  t.diagnostic(`connecting: ${JSON.stringify(connecting)}`);

  for (let i = 0; i < MISSED; i++) {
    await op.client.publish(channel, chat(`mensaje ${i}`, `missed-${i}`));
  }
  // All 20 were committed while the customer was away.
  assert.notEqual(cust.client.state, 'connected');
  assert.equal(received.length, 0);

  cust.offline = false;
  const recovered = await resubscribed;
  await until(() => received.length >= MISSED, `${MISSED} recovered publications`, 5000);
  // Anything delivered twice would arrive right behind.
  await new Promise((r) => setTimeout(r, 300));

  // The resubscribe asked to recover from the last seen position...
  const subscribes = cust.messages('>').filter((m) => m.subscribe);
  const retry = subscribes.at(-1).subscribe;
  assert.equal(retry.recover, true, JSON.stringify(retry));
  assert.equal(retry.offset, start, JSON.stringify(retry));
  assert.equal(retry.epoch, first.streamPosition.epoch, JSON.stringify(retry));
  // ...and the server said it did, with the missed publications in the reply.
  assert.equal(recovered.wasRecovering, true, JSON.stringify(recovered));
  assert.equal(recovered.recovered, true, JSON.stringify(recovered));
  assert.equal(recovered.hasRecoveredPublications, true, JSON.stringify(recovered));
  assert.equal(subscribedEvents.length, 1);

  assert.equal(received.length, MISSED, `each message exactly once\n${cust.dump()}`);
  const offsets = received.map((p) => p.offset);
  assert.deepEqual(
    offsets,
    Array.from({ length: MISSED }, (_, i) => start + 1 + i),
    'offsets strictly increasing, no gaps',
  );
  assert.deepEqual(
    received.map((p) => p.data.text),
    Array.from({ length: MISSED }, (_, i) => `mensaje ${i}`),
  );

  // Live again: the next message arrives once.
  const live = nextEvent(sub, 'publication');
  await op.client.publish(channel, chat('de nuevo en línea', 'live-1'));
  const pub = await live;
  assert.equal(pub.offset, start + MISSED + 1);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(received.length, MISSED + 1);

  assert.ok(cust.sockets.length >= 2);
  assert.equal(cust.client.state, 'connected');
  // The operator never noticed.
  assert.deepEqual(op.disconnects, []);
});
