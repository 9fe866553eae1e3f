//! A closed order is final until master reopens it (issue 10, bug 5): it
//! refuses new public events, parts and payments with 409 `order_closed`;
//! master reopens it with a reason, audit-logged, shown on the staff
//! timeline and announced in the order's room and on its QR page.

use serde_json::json;

use super::*;
use crate::ws::Ws;

async fn cash(s: &Session) -> String {
    let list = json_ok(s.get("/api/v1/payment-methods").await, 200).await;
    list.as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Efectivo")
        .map(id_of)
        .expect("the demo has Efectivo")
}

async fn pay(s: &Session, order: &str, amount: &str, method: &str) -> Response {
    s.post(
        &format!("/api/v1/orders/{order}/payments"),
        json!({"amount": amount, "method_id": method}),
    )
    .await
}

async fn reopen(s: &Session, id: &str, body: Value) -> Response {
    s.post(&format!("/api/v1/orders/{id}/reopen"), body).await
}

/// A fully paid, closed order of the first demo customer.
async fn closed_order(c: &Cast) -> (String, String) {
    let order = order_for(&c.admin, &c.first, "Cambio de correa", &[]).await;
    let id = id_of(&order);
    let method = cash(&c.admin).await;
    json_ok(pay(&c.operator, &id, "100.00", &method).await, 201).await;
    json_ok(
        c.operator
            .post(&format!("/api/v1/orders/{id}/close"), json!({}))
            .await,
        200,
    )
    .await;
    (id, order["qr_token"].as_str().unwrap().to_string())
}

async fn a_closed_order_refuses_public_events_parts_and_payments(app: TestApp) {
    let c = cast(&app).await;
    let (id, _) = closed_order(&c).await;
    let method = cash(&c.admin).await;

    let problem = assert_problem(
        post_event(
            &c.admin,
            &id,
            json!({"visibility": "public", "comment": "Una novedad tardía"}),
        )
        .await,
        409,
        "order_closed",
    )
    .await;
    assert!(problem["detail"].as_str().unwrap().contains("closed"));
    // The same refusal for a multipart post (the technician's phone form).
    assert_problem(
        post_event_form(
            &c.admin,
            &id,
            &[("visibility", "public"), ("comment", "Con foto")],
            vec![("foto.png", png_bytes(8, 8))],
        )
        .await,
        409,
        "order_closed",
    )
    .await;
    assert_problem(
        add_part(
            &c.admin,
            &id,
            json!({"description": "Filtro", "quantity": "1", "unit_price": "10.00"}),
        )
        .await,
        409,
        "order_closed",
    )
    .await;
    assert_problem(
        pay(&c.operator, &id, "1.00", &method).await,
        409,
        "order_closed",
    )
    .await;
    // Staff notes stay possible: an internal event is not a customer-facing change.
    json_ok(
        post_event(
            &c.admin,
            &id,
            json!({"visibility": "internal", "comment": "Cliente retiró el equipo"}),
        )
        .await,
        201,
    )
    .await;
    // Nothing public was added.
    let view = json_ok(get_order(&c.customer, &id).await, 200).await;
    assert!(!all_text(&view).contains("tardía"));
    assert!(view["parts"].as_array().unwrap().is_empty());
}

async fn only_master_reopens_a_closed_order_with_a_reason(app: TestApp) {
    let c = cast(&app).await;
    let (id, token) = closed_order(&c).await;

    for s in [&c.admin, &c.operator, &c.technician, &c.seller, &c.customer] {
        assert_problem(
            reopen(s, &id, json!({"reason": "Falta un repuesto"})).await,
            403,
            "forbidden",
        )
        .await;
    }
    let problem = assert_problem(
        reopen(&c.master, &id, json!({"reason": "  "})).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["field"], "reason");

    let mut staff_ws = Ws::connect_as(&app, &c.admin).await;
    let reply = staff_ws
        .command(json!({"subscribe": {"channel": format!("order:{id}")}}))
        .await;
    assert!(reply.get("subscribe").is_some(), "{reply}");
    let mut qr_ws = Ws::connect_anonymous(&app).await;
    let reply = qr_ws
        .command(json!({"subscribe": {"channel": format!("public:order:{token}")}}))
        .await;
    assert!(reply.get("subscribe").is_some(), "{reply}");

    let reopened = json_ok(
        reopen(
            &c.master,
            &id,
            json!({"reason": "El cliente reclamó una fuga"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(reopened["state"], "open");
    assert!(reopened["closed_at"].is_null());

    // The room hears it with who did it; the QR page without an author or reason.
    let room = staff_ws.next_of_type("order.reopened").await;
    assert_eq!(room["order"]["state"], "open");
    assert_eq!(room["by"]["role"], "master");
    let public = qr_ws.next_of_type("order.reopened").await;
    assert!(public.get("by").is_none(), "{public}");
    assert!(!public.to_string().contains("fuga"), "{public}");

    // Staff see it on the timeline with the reason; the customer does not see the reason.
    let detail = json_ok(get_order(&c.admin, &id).await, 200).await;
    assert_eq!(detail["state"], "open");
    let event = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["label"] == "Orden reabierta")
        .unwrap_or_else(|| panic!("no reopening on the timeline: {detail}"));
    assert_eq!(event["comment"], "El cliente reclamó una fuga");
    assert_eq!(event["visibility"], "internal");
    let view = json_ok(get_order(&c.customer, &id).await, 200).await;
    assert_eq!(view["state"], "open");
    assert!(!all_text(&view).contains("fuga"));

    // Audited with the reason.
    let audit = json_ok(
        c.master.get("/api/v1/audit?action=order_reopened").await,
        200,
    )
    .await;
    let entry = &audit[0];
    assert_eq!(entry["subject_id"], id.as_str());
    assert!(
        entry["detail"].as_str().unwrap().contains("fuga"),
        "{entry}"
    );
    assert_eq!(entry["actor_id"].as_str().unwrap(), c.master.user_id());

    // Open again: it takes parts, and reopening twice is refused.
    json_ok(
        add_part(
            &c.admin,
            &id,
            json!({"description": "Sello", "quantity": "1", "unit_price": "12.00"}),
        )
        .await,
        201,
    )
    .await;
    assert_problem(
        reopen(&c.master, &id, json!({"reason": "Otra vez"})).await,
        409,
        "order_not_closed",
    )
    .await;
    // And it can close again once paid.
    let method = cash(&c.admin).await;
    json_ok(pay(&c.operator, &id, "12.00", &method).await, 201).await;
    json_ok(
        c.operator
            .post(&format!("/api/v1/orders/{id}/close"), json!({}))
            .await,
        200,
    )
    .await;
}

both_backends!(
    a_closed_order_refuses_public_events_parts_and_payments,
    only_master_reopens_a_closed_order_with_a_reason,
);
