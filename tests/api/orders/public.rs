//! The QR link: its public view, its rotation, its rate limit.

use std::time::Duration;

use serde_json::json;

use super::*;
use crate::ws::Ws;

async fn rotating_the_qr_link_revokes_the_old_one(app: TestApp) {
    let c = cast(&app).await;
    let order = order_for(&c.admin, &c.first, "Revisión", &[]).await;
    let id = id_of(&order);
    let old = order["qr_token"].as_str().unwrap().to_string();
    assert_eq!(public_view(&app, &old).await.status(), 200);
    assert_problem(
        public_view(&app, "AAAAAAAAAAAAAAAAAAAAAA").await,
        404,
        "not_found",
    )
    .await;
    let mut watcher = Ws::connect_anonymous(&app).await;
    let sub = watcher
        .command(json!({"subscribe": {"channel": format!("public:order:{old}")}}))
        .await;
    assert!(sub.get("subscribe").is_some(), "{sub}");

    for who in [&c.technician, &c.seller, &c.customer] {
        assert_problem(
            who.post(&format!("/api/v1/orders/{id}/qr/rotate"), json!({}))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    let rotated = json_ok(
        c.operator
            .post(&format!("/api/v1/orders/{id}/qr/rotate"), json!({}))
            .await,
        200,
    )
    .await;
    let new = rotated["qr_token"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    // The old link: gone over REST and over the socket.
    assert_problem(public_view(&app, &old).await, 404, "not_found").await;
    assert_eq!(public_view(&app, &new).await.status(), 200);
    let push = watcher.publication().await;
    assert_eq!(push["pub"]["data"], json!({"type": "order.link_revoked"}));
    let mut late = Ws::connect_anonymous(&app).await;
    let reply = late
        .command(json!({"subscribe": {"channel": format!("public:order:{old}")}}))
        .await;
    assert_eq!(reply["error"]["code"], 102, "{reply}");
    let reply = late
        .command(json!({"history": {"channel": format!("public:order:{old}"), "limit": 10}}))
        .await;
    assert_eq!(reply["error"]["code"], 102, "{reply}");
    let reply = late
        .command(json!({"subscribe": {"channel": format!("public:order:{new}")}}))
        .await;
    assert!(reply.get("subscribe").is_some(), "{reply}");
    // Public events now go to the new channel only.
    json_ok(
        post_event(
            &c.admin,
            &id,
            json!({"visibility": "public", "comment": "Nuevo enlace"}),
        )
        .await,
        201,
    )
    .await;
    let push = late.publication().await;
    assert_eq!(push["pub"]["data"]["event"]["comment"], "Nuevo enlace");
    assert!(
        watcher
            .push_within(Duration::from_millis(300))
            .await
            .is_none()
    );

    // A deactivated order has no public view.
    json_ok(
        c.admin
            .put(
                &format!("/api/v1/orders/{id}/active"),
                json!({"active": false}),
            )
            .await,
        200,
    )
    .await;
    assert_problem(public_view(&app, &new).await, 404, "not_found").await;
    let reply = late
        .command(json!({"history": {"channel": format!("public:order:{new}"), "limit": 10}}))
        .await;
    assert_eq!(reply["error"]["code"], 102);
}

async fn the_public_view_is_rate_limited_per_ip(app: TestApp) {
    let app = spawn_app_with(app.backend, |s| {
        s.public.order_views_per_minute = 2;
        s.public.order_views_burst = 3;
    })
    .await;
    let c = cast(&app).await;
    let order = order_for(&c.admin, &c.first, "Revisión", &[]).await;
    let token = order["qr_token"].as_str().unwrap();
    assert_eq!(public_view(&app, token).await.status(), 200);
    // Unknown links count too.
    assert_eq!(
        public_view(&app, "BBBBBBBBBBBBBBBBBBBBBB").await.status(),
        404
    );
    assert_eq!(public_view(&app, token).await.status(), 200);
    let r = public_view(&app, token).await;
    let retry: u64 = header(&r, "retry-after").parse().unwrap();
    assert!((1..=30).contains(&retry), "Retry-After {retry}");
    assert_problem(r, 429, "too_many_attempts").await;
    // Signed-in routes are not affected.
    assert_eq!(get_order(&c.customer, &id_of(&order)).await.status(), 200);
}

/// The next publication on `ws` (the QR channel carries nothing else here).
async fn next_data(ws: &mut Ws) -> Value {
    let push = tokio::time::timeout(crate::ws::PATIENCE, ws.publication())
        .await
        .expect("a publication on the QR channel");
    push["pub"]["data"].clone()
}

/// Issue 10, bug 7: the QR page follows parts and payments live, with
/// customer-safe payloads only (no author, no hidden part, no internal note).
async fn the_qr_channel_follows_parts_and_payments(app: TestApp) {
    let c = cast(&app).await;
    let order = order_for(&c.admin, &c.first, "Revisión", &[]).await;
    let id = id_of(&order);
    let token = order["qr_token"].as_str().unwrap().to_string();
    let mut qr = Ws::connect_anonymous(&app).await;
    let sub = qr
        .command(json!({"subscribe": {"channel": format!("public:order:{token}")}}))
        .await;
    assert!(sub.get("subscribe").is_some(), "{sub}");

    // A part shown to the customer: the line and the new balance.
    let part = json_ok(
        add_part(
            &c.admin,
            &id,
            json!({"description": "Bomba de agua", "quantity": "2", "unit_price": "85.00",
                   "warranty_days": 30}),
        )
        .await,
        201,
    )
    .await;
    let added = next_data(&mut qr).await;
    assert_eq!(added["type"], "order.part_added", "{added}");
    assert_eq!(added["part"]["description"], "Bomba de agua");
    assert_eq!(added["part"]["total"], "170.00");
    assert_eq!(added["balance"]["balance"], "270.00");
    for staff_only in [
        "added_by",
        "by",
        "shown_to_customer",
        "edited_by_name",
        "order_id",
    ] {
        assert!(
            added.get(staff_only).is_none() && added["part"].get(staff_only).is_none(),
            "{staff_only} on the QR page: {added}"
        );
    }

    // A hidden part and an internal note: nothing reaches the QR page.
    json_ok(
        add_part(
            &c.admin,
            &id,
            json!({"description": "Trapos internos", "quantity": "1", "unit_price": "5.00",
                   "shown_to_customer": false}),
        )
        .await,
        201,
    )
    .await;
    json_ok(
        post_event(
            &c.admin,
            &id,
            json!({"visibility": "internal", "comment": "Nota interna secreta"}),
        )
        .await,
        201,
    )
    .await;
    assert!(
        qr.push_within(Duration::from_millis(300)).await.is_none(),
        "hidden parts and internal notes stay off the QR page"
    );

    // Editing and removing the shown part.
    let path = format!("/api/v1/orders/{id}/parts/{}", id_of(&part));
    json_ok(
        c.admin
            .put(
                &path,
                json!({"description": "Bomba de agua", "quantity": "1", "unit_price": "85.00"}),
            )
            .await,
        200,
    )
    .await;
    let updated = next_data(&mut qr).await;
    assert_eq!(updated["type"], "order.part_updated", "{updated}");
    assert_eq!(updated["part"]["total"], "85.00");
    assert_eq!(updated["balance"]["balance"], "185.00");

    // A payment and its reversal move the balance.
    let methods = json_ok(c.admin.get("/api/v1/payment-methods").await, 200).await;
    let cash = id_of(&methods.as_array().unwrap()[0]);
    let paid = json_ok(
        c.operator
            .post(
                &format!("/api/v1/orders/{id}/payments"),
                json!({"amount": "50.00", "method_id": cash}),
            )
            .await,
        201,
    )
    .await;
    let balance = next_data(&mut qr).await;
    assert_eq!(balance["type"], "order.balance_changed", "{balance}");
    assert_eq!(balance["balance"]["balance"], "135.00");
    let r = c
        .master
        .client
        .delete(format!(
            "{}/api/v1/payments/{}",
            c.master.base,
            paid["payment"]["id"].as_str().unwrap()
        ))
        .json(&json!({"reason": "Cobro duplicado"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let balance = next_data(&mut qr).await;
    assert_eq!(balance["type"], "order.balance_changed", "{balance}");
    assert_eq!(balance["balance"]["balance"], "185.00");
    assert!(!balance.to_string().contains("duplicado"), "{balance}");

    delete(&c.admin, &path).await;
    let removed = next_data(&mut qr).await;
    assert_eq!(removed["type"], "order.part_removed", "{removed}");
    assert_eq!(removed["part_id"], id_of(&part).as_str());
    assert_eq!(removed["balance"]["balance"], "100.00");
}

both_backends!(
    the_qr_channel_follows_parts_and_payments,
    rotating_the_qr_link_revokes_the_old_one,
    the_public_view_is_rate_limited_per_ip,
);
