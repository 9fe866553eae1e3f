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

both_backends!(
    rotating_the_qr_link_revokes_the_old_one,
    the_public_view_is_rate_limited_per_ip,
);
