//! What a customer is charged: every amount is a line the customer can see,
//! and every total is the sum of the lines shown. A part hidden from the
//! customer is internal: listed for staff, never billed (issue 10, bug 2).

use rust_decimal::Decimal;
use serde_json::json;

use super::*;

fn dec(v: &Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

fn sum_of(parts: &Value) -> Decimal {
    parts
        .as_array()
        .unwrap()
        .iter()
        .map(|p| dec(&p["quantity"]) * dec(&p["unit_price"]))
        .sum()
}

async fn hidden_parts_are_not_billed_and_totals_match_the_lines_shown(app: TestApp) {
    let c = cast(&app).await;
    let order = order_for(&c.admin, &c.first, "Revisión general", &[]).await;
    let id = id_of(&order);
    let token = order["qr_token"].as_str().unwrap().to_string();
    json_ok(
        add_part(
            &c.admin,
            &id,
            json!({"description": "Filtro de aire", "quantity": "2", "unit_price": "85.00"}),
        )
        .await,
        201,
    )
    .await;
    json_ok(
        add_part(
            &c.admin,
            &id,
            json!({"description": "Trapos de taller", "quantity": "1", "unit_price": "5.00",
                   "shown_to_customer": false}),
        )
        .await,
        201,
    )
    .await;

    // The customer's portal: one line of 170,00 and a parts total of 170,00.
    let view = json_ok(get_order(&c.customer, &id).await, 200).await;
    assert_eq!(view["parts"].as_array().unwrap().len(), 1);
    assert_eq!(sum_of(&view["parts"]), Decimal::from(170));
    assert_eq!(dec(&view["balance"]["parts_total"]), Decimal::from(170));
    assert_eq!(dec(&view["balance"]["balance"]), Decimal::from(270));

    // The QR page: the same lines, the same totals.
    let public = json_ok(public_view(&app, &token).await, 200).await;
    assert_eq!(public["parts"].as_array().unwrap().len(), 1);
    assert_eq!(dec(&public["balance"]["parts_total"]), Decimal::from(170));
    assert_eq!(dec(&public["balance"]["balance"]), Decimal::from(270));
    assert!(!public.to_string().contains("Trapos"));

    // Staff see the internal line too, but the balance is the customer's.
    let staff = json_ok(get_order(&c.admin, &id).await, 200).await;
    assert_eq!(staff["parts"].as_array().unwrap().len(), 2);
    assert_eq!(dec(&staff["balance"]["parts_total"]), Decimal::from(170));
    let balance = json_ok(
        c.operator
            .get(&format!("/api/v1/orders/{id}/balance"))
            .await,
        200,
    )
    .await;
    assert_eq!(dec(&balance["balance"]), Decimal::from(270));

    // The customer's final report lists one line and totals 170,00.
    let r = c.customer.get(&format!("/api/v1/orders/{id}/report")).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("Filtro de aire"), "{html}");
    assert!(!html.contains("Trapos"), "{html}");
    assert!(!html.contains("175"), "the hidden part is billed: {html}");

    // Hiding a shown part takes it out of the bill; showing it puts it back.
    let parts = staff["parts"].as_array().unwrap();
    let shown = parts
        .iter()
        .find(|p| p["description"] == "Filtro de aire")
        .unwrap();
    let path = format!("/api/v1/orders/{id}/parts/{}", id_of(shown));
    json_ok(
        c.admin
            .put(
                &path,
                json!({"description": "Filtro de aire", "quantity": "2", "unit_price": "85.00",
                       "shown_to_customer": false}),
            )
            .await,
        200,
    )
    .await;
    let view = json_ok(get_order(&c.customer, &id).await, 200).await;
    assert!(view["parts"].as_array().unwrap().is_empty());
    assert_eq!(dec(&view["balance"]["parts_total"]), Decimal::ZERO);
    assert_eq!(dec(&view["balance"]["balance"]), Decimal::from(100));
}

/// The store's balance, the one place it is computed: shown parts only, each
/// line rounded, deleted ones left out.
async fn the_store_balance_counts_only_parts_shown_to_the_customer(app: TestApp) {
    use faena::domain::{Money, OrderId, OrderPartId, Quantity, Timestamp, UserId};
    use faena::store::orders::PartData;

    let c = cast(&app).await;
    let order = order_for(&c.admin, &c.first, "Balance", &[]).await;
    let id: OrderId = id_of(&order).parse().unwrap();
    let by: UserId = c.admin.user_id().parse().unwrap();
    let part = |description: &str, quantity: &str, price: &str, shown: bool| PartData {
        description: description.to_string(),
        quantity: Quantity(quantity.parse().unwrap()),
        unit_price: Money(price.parse().unwrap()),
        warranty_days: 0,
        shown_to_customer: shown,
    };
    let mut tx = app.services.store.begin().await.unwrap();
    let now = Timestamp::now();
    tx.insert_order_part(
        OrderPartId::new(),
        id,
        &part("Filtro", "2", "85.00", true),
        by,
        now,
    )
    .await
    .unwrap();
    // 1.5 × 8.33 = 12.495 → 12.50, rounded per line.
    tx.insert_order_part(
        OrderPartId::new(),
        id,
        &part("Aceite", "1.5", "8.33", true),
        by,
        now,
    )
    .await
    .unwrap();
    tx.insert_order_part(
        OrderPartId::new(),
        id,
        &part("Trapos", "1", "5.00", false),
        by,
        now,
    )
    .await
    .unwrap();
    let gone = OrderPartId::new();
    tx.insert_order_part(gone, id, &part("Correa", "1", "40.00", true), by, now)
        .await
        .unwrap();
    assert!(tx.delete_order_part(gone, by, now).await.unwrap());
    tx.commit().await.unwrap();

    let mut conn = app.services.store.conn().await.unwrap();
    let b = conn.order_balance(id).await.unwrap();
    assert_eq!(b.parts_total.0, "182.50".parse::<Decimal>().unwrap());
    assert_eq!(b.balance.0, "282.50".parse::<Decimal>().unwrap());
    // The lines a customer sees add up to that total.
    let shown = conn.order_parts(id, false, false).await.unwrap();
    let sum: Decimal = shown
        .iter()
        .map(|p| {
            (p.quantity.0 * p.unit_price.0)
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        })
        .sum();
    assert_eq!(sum, b.parts_total.0);
}

both_backends!(
    hidden_parts_are_not_billed_and_totals_match_the_lines_shown,
    the_store_balance_counts_only_parts_shown_to_the_customer,
);
