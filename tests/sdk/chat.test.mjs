// Chat in a ticket room with the real SDK: connect with a token from
// getToken, publish (acknowledged after the commit), receive on another
// client; presence, presence stats and history.

import { describe, it, before, after } from 'node:test';
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
} from './lib.mjs';

describe('chat in a ticket room', { timeout: 30_000 }, () => {
  let customer, operator, channel;
  let cust, op, custSub, opSub, custSubscribed, custConnected, opConnected;

  before(async () => {
    [customer, operator] = await Promise.all([login(CUSTOMER), login(OPERATOR)]);
    channel = await openTicket(customer);
    cust = sdkClient(customer);
    op = sdkClient(operator);
    [custConnected, opConnected] = await Promise.all([cust.connect(), op.connect()]);
    [custSub, custSubscribed] = await subscribe(cust.client, channel);
    [opSub] = await subscribe(op.client, channel);
  });

  after(() => closeAll(cust, op));

  it('connects with a getToken token, publishes after the ack, the operator receives it', async () => {
    // getToken fetched a short-lived token, and the connect command carried it.
    assert.equal(cust.tokens.length, 1);
    assert.ok(cust.tokens[0].ttl_seconds <= 4, JSON.stringify(cust.tokens[0]));
    const connect = cust.messages('>').find((m) => m.connect);
    assert.equal(connect.connect.token, cust.tokens[0].token);
    assert.equal(custConnected.transport, 'websocket');
    assert.ok(custConnected.client);
    assert.notEqual(custConnected.client, opConnected.client);

    // The ticket's creation is offset 1 of its channel.
    assert.equal(custSubscribed.channel, channel);
    assert.equal(custSubscribed.recoverable, true);
    assert.equal(custSubscribed.streamPosition.offset, 1);
    assert.ok(custSubscribed.streamPosition.epoch);

    const delivered = nextEvent(opSub, 'publication', {
      filter: (ctx) => ctx.data?.client_msg_id === 'sdk-1',
    });
    const sentBefore = cust.messages('>').length;
    const receivedBefore = cust.messages('<').length;
    await custSub.publish(chat('Hola desde el SDK, **urgente** 🚜', 'sdk-1'));

    // The promise resolved on the server's reply to that very command.
    const command = cust.messages('>').slice(sentBefore).find((m) => m.publish);
    assert.ok(command, cust.dump());
    assert.equal(command.publish.channel, channel);
    assert.deepEqual(command.publish.data, { text: 'Hola desde el SDK, **urgente** 🚜', client_msg_id: 'sdk-1' });
    const ack = cust.messages('<').slice(receivedBefore).find((m) => m.id === command.id);
    assert.ok(ack, `no reply to publish id ${command.id}:\n${cust.dump()}`);
    assert.ok(!ack.error, JSON.stringify(ack));
    assert.ok('publish' in ack, JSON.stringify(ack));

    // Acknowledged means committed: history from the other client has it already.
    const history = await op.client.history(channel, { limit: 10, reverse: true });
    assert.equal(history.publications[0].data.client_msg_id, 'sdk-1');

    const pub = await delivered;
    assert.equal(pub.channel, channel);
    assert.equal(pub.offset, 2);
    assert.equal(pub.data.type, 'chat.message');
    assert.equal(pub.data.text, 'Hola desde el SDK, **urgente** 🚜');
    assert.equal(pub.data.client_msg_id, 'sdk-1');
    assert.equal(pub.data.author.role, 'customer');
    assert.equal(pub.data.author.id, customer.user.id);
  });

  it('shows both clients in presence and stats, and pages history in order', async () => {
    const presence = await opSub.presence();
    const clients = Object.entries(presence.clients);
    assert.equal(clients.length, 2, JSON.stringify(presence));
    const byClient = Object.fromEntries(clients.map(([id, info]) => [id, info]));
    assert.equal(byClient[custConnected.client]?.user, customer.user.id, JSON.stringify(presence));
    assert.equal(byClient[opConnected.client]?.user, operator.user.id, JSON.stringify(presence));
    assert.equal(byClient[custConnected.client].client, custConnected.client);

    const stats = await custSub.presenceStats();
    assert.deepEqual({ ...stats }, { numClients: 2, numUsers: 2 });

    // Three more messages, both ways; each publish waits for its ack.
    await opSub.publish(chat('Vamos en camino', 'op-1'));
    await custSub.publish(chat('Gracias', 'sdk-2'));
    await opSub.publish(chat('Llegamos en 20 minutos', 'op-2'));

    const all = await custSub.history({ limit: 10 });
    assert.equal(all.epoch, custSubscribed.streamPosition.epoch);
    assert.equal(all.offset, 5);
    assert.deepEqual(
      all.publications.map((p) => p.offset),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(
      all.publications.slice(1).map((p) => p.data.client_msg_id),
      ['sdk-1', 'op-1', 'sdk-2', 'op-2'],
    );
    assert.deepEqual(
      all.publications.slice(1).map((p) => p.data.author.role),
      ['customer', 'operator', 'customer', 'operator'],
    );

    // `since` is exclusive, `limit` caps the page.
    const page = await custSub.history({
      limit: 2,
      since: { offset: 2, epoch: all.epoch },
    });
    assert.deepEqual(
      page.publications.map((p) => [p.offset, p.data.text]),
      [
        [3, 'Vamos en camino'],
        [4, 'Gracias'],
      ],
    );
    assert.equal(page.offset, 5);

    const newest = await opSub.history({ limit: 1, reverse: true });
    assert.deepEqual(
      newest.publications.map((p) => [p.offset, p.data.client_msg_id]),
      [[5, 'op-2']],
    );

    // A position of another epoch cannot be paged from.
    await assert.rejects(
      custSub.history({ limit: 2, since: { offset: 2, epoch: 'another-epoch' } }),
      (err) => err.code === 112,
    );
  });
});
