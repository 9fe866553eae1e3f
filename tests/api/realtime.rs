//! The real-time server over a real WebSocket: connect (token, cookie,
//! anonymous), chat in a ticket room both ways with commit-then-ack and
//! idempotent retries, permissions for every command, recovery after a
//! disconnect, limits and bad input.

use std::time::Duration;

use faena::domain::Timestamp;
use faena::domain::events::ChannelEvent;
use faena::realtime::Staged;
use faena::store::realtime::NewPublication;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::ws::Ws;

/// A ticket of the demo customer's company, opened by its portal contact.
async fn open_ticket(app: &TestApp, customer: &Session) -> String {
    let ticket = json_ok(
        customer
            .post(
                "/api/v1/tickets",
                json!({"type": "technical_support", "subject": "La excavadora no arranca", "description": "Desde ayer"}),
            )
            .await,
        201,
    )
    .await;
    let _ = app;
    format!("ticket:{}", ticket["id"].as_str().unwrap())
}

fn chat(channel: &str, text: &str, client_msg_id: &str) -> Value {
    json!({"publish": {"channel": channel, "data": {"text": text, "client_msg_id": client_msg_id}}})
}

async fn connect_with_token_cookie_or_anonymously(app: TestApp) {
    app.load_demo().await;
    let operator = app.login_as("operator").await;
    let token = json_ok(
        operator.post("/api/v1/realtime/token", json!({})).await,
        200,
    )
    .await;
    assert!(token["ttl_seconds"].as_i64().unwrap() > 60);

    let mut ws = Ws::open(&app, None).await;
    let reply = ws
        .command(json!({"connect": {"token": token["token"], "name": "test"}}))
        .await;
    let connect = &reply["connect"];
    assert!(!connect["client"].as_str().unwrap().is_empty());
    assert_eq!(connect["ping"], 25);
    assert_eq!(connect["pong"], true);
    assert_eq!(connect["expires"], true);
    // Own inbox: allowed.
    let me = operator.user_id();
    let reply = ws
        .command(json!({"subscribe": {"channel": format!("user:{me}")}}))
        .await;
    assert!(reply.get("subscribe").is_some(), "{reply}");
    ws.close().await;

    // The session cookie of the upgrade request signs in when the token is empty.
    let cookie = format!("faena_session={}", operator.token.as_deref().unwrap());
    let mut ws = Ws::open(&app, Some(&cookie)).await;
    let reply = ws.command(json!({"connect": {}})).await;
    assert_eq!(reply["connect"]["expires"], true);
    let reply = ws
        .command(json!({"subscribe": {"channel": format!("user:{me}")}}))
        .await;
    assert!(reply.get("subscribe").is_some(), "{reply}");

    // Anonymous: connects, but may not enter private channels.
    let mut anon = Ws::connect_anonymous(&app).await;
    let reply = anon
        .command(json!({"subscribe": {"channel": format!("user:{me}")}}))
        .await;
    assert_eq!(reply["error"]["code"], 103);

    // A bad token is refused with the protocol's "invalid token" disconnect.
    let mut ws = Ws::open(&app, None).await;
    ws.send(json!({"connect": {"token": "forged"}})).await;
    assert_eq!(ws.closed().await, Some(3500));
}

async fn chat_in_a_ticket_both_ways(app: TestApp) {
    app.load_demo().await;
    let customer = app.login_as("customer").await;
    let operator = app.login_as("operator").await;
    let channel = open_ticket(&app, &customer).await;

    let mut agent = Ws::connect_as(&app, &operator).await;
    let mut client = Ws::connect_as(&app, &customer).await;
    // The ticket's creation is already offset 1 in its channel.
    let sub = agent
        .command(json!({"subscribe": {"channel": channel}}))
        .await;
    assert_eq!(sub["subscribe"]["offset"], 1, "{sub}");
    assert_eq!(sub["subscribe"]["recoverable"], true);
    let epoch = sub["subscribe"]["epoch"].as_str().unwrap().to_string();
    client
        .command(json!({"subscribe": {"channel": channel}}))
        .await;

    // Customer → agent: acknowledged after commit, delivered to both.
    let ack = client
        .command(chat(&channel, "Hola, **urgente** 🚜", "m-1"))
        .await;
    assert!(ack.get("publish").is_some(), "{ack}");
    for ws in [&mut agent, &mut client] {
        let push = ws.publication().await;
        assert_eq!(push["channel"], channel);
        assert_eq!(push["pub"]["offset"], 2);
        assert_eq!(push["pub"]["data"]["type"], "chat.message");
        assert_eq!(push["pub"]["data"]["text"], "Hola, **urgente** 🚜");
        assert_eq!(push["pub"]["data"]["author"]["role"], "customer");
    }
    // A retry with the same client message id is acknowledged, not stored again.
    let ack = client
        .command(chat(&channel, "Hola, **urgente** 🚜", "m-1"))
        .await;
    assert!(ack.get("publish").is_some());
    assert!(
        agent
            .push_within(Duration::from_millis(300))
            .await
            .is_none(),
        "a retry was delivered twice"
    );

    // Agent → customer.
    agent
        .command(chat(&channel, "Vamos en camino", "a-1"))
        .await;
    let push = client.publication().await;
    assert_eq!(push["pub"]["offset"], 3);
    assert_eq!(
        agent.publication().await["pub"]["offset"],
        3,
        "the sender gets its own message too"
    );
    assert_eq!(push["pub"]["data"]["author"]["role"], "operator");

    // An attachment uploaded to this room travels with a message.
    let upload = customer
        .client
        .post(format!(
            "{}/api/v1/attachments?channel={channel}",
            app.address
        ))
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(png_bytes(8, 8)).file_name("foto.png"),
        ))
        .send()
        .await
        .unwrap();
    let attachment = json_ok(upload, 201).await;
    let ack = client
        .command(json!({"publish": {"channel": channel, "data": {"text": "", "attachments": [attachment["id"]], "client_msg_id": "m-2"}}}))
        .await;
    assert!(ack.get("publish").is_some(), "{ack}");
    let push = agent.publication().await;
    assert_eq!(
        push["pub"]["data"]["attachments"][0]["file_name"],
        "foto.png"
    );
    assert_eq!(
        push["pub"]["data"]["attachments"][0]["url"],
        format!("/api/v1/attachments/{}", attachment["id"].as_str().unwrap())
    );
    client.publication().await;
    // An attachment id that does not belong to this room is refused.
    let other = open_ticket(&app, &customer).await;
    let ack = client
        .command(json!({"publish": {"channel": other, "data": {"attachments": [attachment["id"]], "client_msg_id": "m-3"}}}))
        .await;
    assert_eq!(ack["error"]["code"], 107, "{ack}");

    // History is paged from the store, oldest first.
    let history = client.command(json!({"history": {"channel": channel, "limit": 10, "since": {"offset": 1, "epoch": epoch}}})).await;
    let pubs = history["history"]["publications"].as_array().unwrap();
    assert_eq!(pubs.len(), 3);
    assert_eq!(history["history"]["offset"], 4);
    let newest = client
        .command(json!({"history": {"channel": channel, "limit": 1, "reverse": true}}))
        .await;
    assert_eq!(newest["history"]["publications"][0]["offset"], 4);

    // The staff reply started the SLA clock.
    let id = channel.trim_start_matches("ticket:");
    let ticket = json_ok(customer.get(&format!("/api/v1/tickets/{id}")).await, 200).await;
    assert!(ticket["first_response_at"].is_string(), "{ticket}");
}

async fn every_command_checks_permissions(app: TestApp) {
    app.load_demo().await;
    let customer = app.login_as("customer").await;
    let channel = open_ticket(&app, &customer).await;
    let master = app.login_as("master").await;

    // A second company with its own portal contact.
    let other = json_ok(
        master
            .post(
                "/api/v1/customers",
                json!({"name": "Otra C.A.", "tax_id": "J-12345678-4"}),
            )
            .await,
        201,
    )
    .await;
    let contact = json_ok(
        master
            .post(
                &format!(
                    "/api/v1/customers/{}/contacts",
                    other["id"].as_str().unwrap()
                ),
                json!({"name": "Otro", "email": "otro@otra.com"}),
            )
            .await,
        201,
    )
    .await;
    master
        .post(
            &format!(
                "/api/v1/contacts/{}/invite",
                contact["id"].as_str().unwrap()
            ),
            json!({}),
        )
        .await;
    let token = link_token(&app.last_email_to("otro@otra.com"), "set-password");
    app.anonymous()
        .post(
            "/api/v1/auth/reset",
            json!({"token": token, "new_password": "otra-clave-1"}),
        )
        .await;
    let stranger = app.login("otro@otra.com", "otra-clave-1").await;
    let technician = app.login_as("technician").await;

    for who in [&stranger, &technician] {
        let mut ws = Ws::connect_as(&app, who).await;
        let sub = ws.command(json!({"subscribe": {"channel": channel}})).await;
        assert_eq!(sub["error"]["code"], 103, "{sub}");
        let publish = ws.command(chat(&channel, "hola", "x")).await;
        assert_eq!(publish["error"]["code"], 103, "{publish}");
        let presence = ws.command(json!({"presence": {"channel": channel}})).await;
        assert_eq!(presence["error"]["code"], 103);
        let stats = ws
            .command(json!({"presence_stats": {"channel": channel}}))
            .await;
        assert_eq!(stats["error"]["code"], 103);
        let history = ws
            .command(json!({"history": {"channel": channel, "limit": 10}}))
            .await;
        assert_eq!(history["error"]["code"], 103);
    }
    // Nothing was stored by the refused publishes: the channel holds only the creation event.
    let id = channel.trim_start_matches("ticket:");
    let events = json_ok(
        master.get(&format!("/api/v1/tickets/{id}/events")).await,
        200,
    )
    .await;
    assert_eq!(events["items"].as_array().unwrap().len(), 1);

    let mut ws = Ws::connect_as(&app, &customer).await;
    // Someone else's inbox, an unknown channel, publishing into an inbox.
    let reply = ws
        .command(json!({"subscribe": {"channel": format!("user:{}", master.user_id())}}))
        .await;
    assert_eq!(reply["error"]["code"], 103);
    let reply = ws
        .command(json!({"subscribe": {"channel": "news:everything"}}))
        .await;
    assert_eq!(reply["error"]["code"], 102);
    let reply = ws
        .command(chat(&format!("user:{}", customer.user_id()), "hola", "y"))
        .await;
    assert_eq!(reply["error"]["code"], 103);
    // Anonymous connections cannot publish.
    let mut anon = Ws::connect_anonymous(&app).await;
    let reply = anon.command(chat(&channel, "hola", "z")).await;
    assert_eq!(reply["error"]["code"], 103);
}

async fn a_disconnected_client_recovers_all_it_missed_once(app: TestApp) {
    let app = spawn_app_with(app.backend, |s| s.realtime.publish_burst = 500).await;
    app.load_demo().await;
    let customer = app.login_as("customer").await;
    let operator = app.login_as("operator").await;
    let channel = open_ticket(&app, &customer).await;

    let mut client = Ws::connect_as(&app, &customer).await;
    let sub = client
        .command(json!({"subscribe": {"channel": channel}}))
        .await;
    let epoch = sub["subscribe"]["epoch"].as_str().unwrap().to_string();
    let offset = sub["subscribe"]["offset"].as_u64().unwrap();
    client.close().await;

    let mut agent = Ws::connect_as(&app, &operator).await;
    for i in 0..100 {
        let ack = agent
            .command(chat(&channel, &format!("mensaje {i}"), &format!("r-{i}")))
            .await;
        assert!(ack.get("publish").is_some(), "{ack}");
    }

    let mut client = Ws::connect_as(&app, &customer).await;
    let sub = client
        .command(json!({"subscribe": {"channel": channel, "recover": true, "epoch": epoch, "offset": offset}}))
        .await;
    let result = &sub["subscribe"];
    assert_eq!(result["recovered"], true, "{sub}");
    assert_eq!(result["was_recovering"], true);
    let pubs = result["publications"].as_array().unwrap();
    assert_eq!(pubs.len(), 100, "all 100 missed messages, once");
    for (i, p) in pubs.iter().enumerate() {
        assert_eq!(
            p["offset"].as_u64().unwrap(),
            offset + 1 + i as u64,
            "in order, no gaps"
        );
        assert_eq!(p["data"]["text"], format!("mensaje {i}"));
    }
    assert_eq!(result["offset"].as_u64().unwrap(), offset + 100);
    // Live again: the next message arrives exactly once.
    agent
        .command(chat(&channel, "de nuevo en línea", "r-final"))
        .await;
    let push = client.publication().await;
    assert_eq!(push["pub"]["offset"].as_u64().unwrap(), offset + 101);
    assert!(
        client
            .push_within(Duration::from_millis(300))
            .await
            .is_none()
    );
}

async fn too_far_behind_is_told_it_could_not_recover(app: TestApp) {
    let app = spawn_app_with(app.backend, |s| s.realtime.recovery_max_publications = 10).await;
    app.load_demo().await;
    let customer = app.login_as("customer").await;
    let operator = app.login_as("operator").await;
    let channel = open_ticket(&app, &customer).await;
    let mut agent = Ws::connect_as(&app, &operator).await;
    for i in 0..20 {
        agent
            .command(chat(&channel, &format!("m{i}"), &format!("f-{i}")))
            .await;
    }
    let mut client = Ws::connect_as(&app, &customer).await;
    let sub = client
        .command(
            json!({"subscribe": {"channel": channel, "recover": true, "offset": 1, "epoch": "x"}}),
        )
        .await;
    // `recovered: false` is the protocol default, so it is left out.
    assert!(
        sub["subscribe"].get("recovered").is_none(),
        "wrong epoch: {sub}"
    );
    let epoch = sub["subscribe"]["epoch"].as_str().unwrap().to_string();
    client
        .command(json!({"unsubscribe": {"channel": channel}}))
        .await;
    let sub = client.command(json!({"subscribe": {"channel": channel, "recover": true, "offset": 1, "epoch": epoch}})).await;
    assert!(
        sub["subscribe"].get("recovered").is_none(),
        "beyond the window: {sub}"
    );
    assert_eq!(sub["subscribe"]["offset"], 21);
    assert!(sub["subscribe"].get("publications").is_none());
}

async fn presence_typing_and_read_receipts(app: TestApp) {
    app.load_demo().await;
    let customer = app.login_as("customer").await;
    let operator = app.login_as("operator").await;
    let channel = open_ticket(&app, &customer).await;
    let mut agent = Ws::connect_as(&app, &operator).await;
    agent
        .command(json!({"subscribe": {"channel": channel, "join_leave": true}}))
        .await;
    let mut client = Ws::connect_as(&app, &customer).await;
    client
        .command(json!({"subscribe": {"channel": channel}}))
        .await;
    let join = agent.push().await;
    assert_eq!(
        join["join"]["info"]["user"],
        customer.user_id().as_str(),
        "{join}"
    );

    let presence = agent
        .command(json!({"presence": {"channel": channel}}))
        .await;
    assert_eq!(
        presence["presence"]["presence"].as_object().unwrap().len(),
        2
    );
    let stats = agent
        .command(json!({"presence_stats": {"channel": channel}}))
        .await;
    assert_eq!(
        stats["presence_stats"],
        json!({"num_clients": 2, "num_users": 2})
    );

    // Typing: ephemeral, to the others only, no offset.
    let reply = client
        .command(json!({"rpc": {"method": "typing", "data": {"channel": channel}}}))
        .await;
    assert!(reply.get("rpc").is_some(), "{reply}");
    let push = agent.publication().await;
    assert_eq!(push["pub"]["data"]["type"], "typing");
    assert!(push["pub"].get("offset").is_none());

    // Read receipt: persisted as the last read offset, relayed to the room.
    client
        .command(json!({"rpc": {"method": "read", "data": {"channel": channel, "offset": 1}}}))
        .await;
    let push = agent.publication().await;
    assert_eq!(push["pub"]["data"]["type"], "read");
    assert_eq!(push["pub"]["data"]["offset"], 1);
    agent
        .command(chat(&channel, "¿Sigue sin arrancar?", "p-1"))
        .await;
    let unread = json_ok(customer.get("/api/v1/realtime/unread").await, 200).await;
    assert_eq!(unread[0]["channel"], channel);
    assert_eq!(unread[0]["unread"], 1);

    let reply = client
        .command(json!({"rpc": {"method": "dance", "data": {}}}))
        .await;
    assert_eq!(reply["error"]["code"], 104);

    client.close().await;
    let leave = agent.push().await;
    let leave = if leave.get("leave").is_some() {
        leave
    } else {
        agent.push().await
    };
    assert!(leave.get("leave").is_some(), "{leave}");
}

async fn bad_input_gets_protocol_errors_and_changes_nothing(app: TestApp) {
    let app = spawn_app_with(app.backend, |s| {
        s.realtime.max_subscriptions = 1;
        s.realtime.max_frame_bytes = 4096;
        s.realtime.publish_burst = 3;
        s.realtime.publish_per_second = 1;
    })
    .await;
    app.load_demo().await;
    let customer = app.login_as("customer").await;
    let channel = open_ticket(&app, &customer).await;
    let second = open_ticket(&app, &customer).await;

    // A command before connect.
    let mut ws = Ws::open(&app, None).await;
    ws.send(json!({"subscribe": {"channel": channel}})).await;
    assert_eq!(ws.closed().await, Some(3501));
    // Malformed JSON.
    let mut ws = Ws::connect_as(&app, &customer).await;
    ws.send_raw("{\"id\":1,\"subscribe\":").await;
    assert_eq!(ws.closed().await, Some(3501));
    // A frame above the limit.
    let mut ws = Ws::connect_as(&app, &customer).await;
    ws.send_raw(&format!(
        "{{\"id\":1,\"send\":{{\"data\":\"{}\"}}}}",
        "x".repeat(10_000)
    ))
    .await;
    assert_eq!(ws.closed().await, Some(3501));
    // A command with an id but no method.
    let mut ws = Ws::connect_as(&app, &customer).await;
    let reply = ws.command(json!({})).await;
    assert_eq!(reply["error"]["code"], 107);

    // Too many subscriptions.
    ws.command(json!({"subscribe": {"channel": channel}})).await;
    let reply = ws.command(json!({"subscribe": {"channel": second}})).await;
    assert_eq!(reply["error"]["code"], 106);
    let reply = ws.command(json!({"subscribe": {"channel": channel}})).await;
    assert_eq!(reply["error"]["code"], 105, "already subscribed");

    // Malformed chat messages are refused and not stored.
    for data in [
        json!("just a string"),
        json!({"text": ""}),
        json!({"text": 42}),
    ] {
        let reply = ws
            .command(json!({"publish": {"channel": channel, "data": data}}))
            .await;
        assert_eq!(reply["error"]["code"], 107, "{reply}");
    }
    let id = channel.trim_start_matches("ticket:");
    let events = json_ok(
        customer.get(&format!("/api/v1/tickets/{id}/events")).await,
        200,
    )
    .await;
    assert_eq!(events["items"].as_array().unwrap().len(), 1);

    // A publish flood: refused with 111 past the burst, then disconnected.
    for i in 0..200 {
        ws.send(chat(&channel, "spam", &format!("s{i}"))).await;
    }
    let replies = ws.replies_until_closed().await;
    assert_eq!(
        ws.close_code,
        Some(3013),
        "flooding ends in 'too many requests'"
    );
    let refused = replies.iter().filter(|r| r["error"]["code"] == 111).count();
    let accepted = replies
        .iter()
        .filter(|r| r.get("publish").is_some())
        .count();
    assert!(refused > 0, "{replies:?}");
    assert!(accepted <= 3 + 1, "only the burst got through: {accepted}");
    let events = json_ok(
        customer
            .get(&format!("/api/v1/tickets/{id}/events?limit=500"))
            .await,
        200,
    )
    .await;
    assert_eq!(events["items"].as_array().unwrap().len(), 1 + accepted);
}

/// A subscriber that stops reading is cut off with "slow" (3008) once its
/// bounded queue fills, while the others keep receiving everything.
async fn a_slow_client_is_disconnected_and_nobody_waits(app: TestApp) {
    let app = spawn_app_with(app.backend, |s| {
        s.realtime.outgoing_queue_frames = 128;
        s.realtime.publish_burst = 100_000;
        s.realtime.publish_per_second = 100_000;
    })
    .await;
    app.load_demo().await;
    let customer = app.login_as("customer").await;
    let operator = app.login_as("operator").await;
    let channel = open_ticket(&app, &customer).await;

    let token = json_ok(
        customer.post("/api/v1/realtime/token", json!({})).await,
        200,
    )
    .await;
    let mut slow = Ws::open_small_buffer(&app).await;
    slow.command(json!({"connect": {"token": token["token"]}}))
        .await;
    slow.command(json!({"subscribe": {"channel": channel}}))
        .await;
    let mut fast = Ws::connect_as(&app, &customer).await;
    fast.command(json!({"subscribe": {"channel": channel}}))
        .await;

    // Large messages fill the slow client's socket buffers, then its queue.
    let mut publisher = Ws::connect_as(&app, &operator).await;
    let text = "x".repeat(3900);
    let total = 4000;
    let started = std::time::Instant::now();
    for round in 0..total / 50 {
        let mut ids = Vec::new();
        for i in 0..50 {
            ids.push(
                publisher
                    .send(chat(&channel, &text, &format!("slow-{round}-{i}")))
                    .await,
            );
        }
        for id in ids {
            assert!(publisher.reply(id).await.get("publish").is_some());
        }
        // The fast client keeps up the whole time.
        for _ in 0..50 {
            fast.publication().await;
        }
    }
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "nobody waited for the slow client"
    );
    // The slow client gets what was buffered, then the close code.
    slow.replies_until_closed().await;
    assert_eq!(
        slow.close_code,
        Some(3008),
        "slow clients are disconnected with 'slow'"
    );
    // The fast client is still connected and served.
    let reply = fast
        .command(json!({"presence_stats": {"channel": channel}}))
        .await;
    assert_eq!(reply["presence_stats"]["num_clients"], 1, "{reply}");
}

/// Deactivating a user closes their open sockets at once (3011), and their
/// connection tokens stop working.
async fn deactivation_disconnects_open_sockets(app: TestApp) {
    app.load_demo().await;
    let master = app.login_as("master").await;
    let seller = app.login_as("seller").await;
    let token = json_ok(seller.post("/api/v1/realtime/token", json!({})).await, 200).await;
    let mut ws = Ws::open(&app, None).await;
    ws.command(json!({"connect": {"token": token["token"]}}))
        .await;
    ws.command(json!({"subscribe": {"channel": format!("user:{}", seller.user_id())}}))
        .await;
    let r = master
        .put(
            &format!("/api/v1/users/{}/active", seller.user_id()),
            json!({"active": false}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(ws.closed().await, Some(3011));
    let mut again = Ws::open(&app, None).await;
    again
        .send(json!({"connect": {"token": token["token"]}}))
        .await;
    assert_eq!(again.closed().await, Some(3500));
}

/// Publications that reach a room out of order are delivered by offset, and
/// one that never reaches it (a lost bus message) is read from the store.
async fn rooms_deliver_in_offset_order_and_fill_gaps(app: TestApp) {
    use faena::domain::channel::Channel;
    app.load_demo().await;
    let customer = app.login_as("customer").await;
    let channel = open_ticket(&app, &customer).await;
    let mut client = Ws::connect_as(&app, &customer).await;
    client
        .command(json!({"subscribe": {"channel": channel}}))
        .await;

    let services = &app.services;
    let parsed: Channel = channel.parse().unwrap();
    let mut staged = Vec::new();
    for _ in 0..4 {
        // Straight through the store, so the test decides when (and in
        // which order) each publication reaches the bus.
        let mut tx = services.store.begin().await.unwrap();
        let data = serde_json::to_string(&ChannelEvent::PublicLinkRevoked).unwrap();
        let (epoch, publications) = tx
            .append_publications(
                &parsed.to_string(),
                &[NewPublication {
                    data,
                    user_id: None,
                    client_msg_id: None,
                }],
                Timestamp::now(),
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        staged.push(Staged {
            channel: parsed.to_string(),
            epoch,
            publications,
        });
    }
    // Offsets 2..5 are committed. Announce 3, then 2: delivered 2, 3.
    services.hub.announce(staged[1].clone());
    services.hub.announce(staged[0].clone());
    // Announce only 5: 4 never arrives on the bus and is read from the store.
    services.hub.announce(staged[3].clone());
    let mut offsets = Vec::new();
    for _ in 0..4 {
        offsets.push(
            client.publication().await["pub"]["offset"]
                .as_u64()
                .unwrap(),
        );
    }
    assert_eq!(offsets, vec![2, 3, 4, 5]);
    // A late duplicate of 4 is not delivered again.
    services.hub.announce(staged[2].clone());
    assert!(
        client
            .push_within(Duration::from_millis(400))
            .await
            .is_none()
    );
}

async fn a_client_that_never_connects_is_dropped(app: TestApp) {
    let app = spawn_app_with(app.backend, |s| s.realtime.ping_interval_seconds = 1).await;
    let mut ws = Ws::open(&app, None).await;
    assert_eq!(ws.closed().await, Some(3502));
}

both_backends!(
    connect_with_token_cookie_or_anonymously,
    chat_in_a_ticket_both_ways,
    every_command_checks_permissions,
    a_disconnected_client_recovers_all_it_missed_once,
    too_far_behind_is_told_it_could_not_recover,
    presence_typing_and_read_receipts,
    bad_input_gets_protocol_errors_and_changes_nothing,
    a_slow_client_is_disconnected_and_nobody_waits,
    deactivation_disconnects_open_sockets,
    rooms_deliver_in_offset_order_and_fill_gaps,
    a_client_that_never_connects_is_dropped,
);
