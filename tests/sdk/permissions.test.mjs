// A refused subscription surfaces through the SDK with the protocol's code
// 103 (permission denied), and the connection stays usable.

import { it, after } from 'node:test';
import assert from 'node:assert/strict';

import { CUSTOMER, OPERATOR, closeAll, login, nextEvent, sdkClient } from './lib.mjs';

let op;

after(() => closeAll(op));

it("refuses the operator another user's inbox with code 103", { timeout: 20_000 }, async () => {
  const [customer, operator] = await Promise.all([login(CUSTOMER), login(OPERATOR)]);
  op = sdkClient(operator);
  await op.connect();

  const channel = `user:${customer.user.id}`;
  const sub = op.client.newSubscription(channel);
  const unsubscribed = nextEvent(sub, 'unsubscribed');
  // (Settled into a value at once: a rejection must not go unhandled meanwhile.)
  const ready = sub.ready(5000).then(
    () => null,
    (err) => err,
  );
  sub.subscribe();

  const ctx = await unsubscribed;
  assert.equal(ctx.channel, channel);
  assert.equal(ctx.code, 103, JSON.stringify(ctx));
  assert.equal(ctx.reason, 'permission denied');
  const readyError = await ready;
  assert.ok(readyError && typeof readyError.code === 'number', `ready() rejects: ${JSON.stringify(readyError)}`);
  assert.equal(sub.state, 'unsubscribed');

  // The server's reply is the protocol error itself.
  const command = op.messages('>').find((m) => m.subscribe?.channel === channel);
  const reply = op.messages('<').find((m) => m.id === command.id);
  assert.equal(reply.error.code, 103, JSON.stringify(reply));

  // Not retried, and the connection is still fine: its own inbox works.
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(op.messages('>').filter((m) => m.subscribe?.channel === channel).length, 1);
  const own = op.client.newSubscription(`user:${operator.user.id}`);
  const subscribed = nextEvent(own, 'subscribed');
  own.subscribe();
  await subscribed;
  assert.equal(op.client.state, 'connected');
  assert.deepEqual(op.disconnects, []);

  // Client-level calls into that channel are refused the same way.
  await assert.rejects(op.client.presence(channel), (err) => err.code === 103);
  await assert.rejects(op.client.history(channel, { limit: 1 }), (err) => err.code === 103);
});
