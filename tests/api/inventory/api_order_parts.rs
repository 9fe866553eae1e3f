//! Catalog parts on service orders, on SQLite and PostgreSQL: adding one
//! reserves it (sale price and warranty from the item), not enough
//! available is 409 `insufficient_stock` unless added "to order",
//! installing or closing consumes it, removing releases it (or returns it to
//! the shelf), free-text parts keep working, and of two people taking the
//! last unit at the same moment exactly one gets it.

use serde_json::{Value, json};

use super::api_catalog::*;
use crate::customers::{FIRST_DEMO, customer_id};
use crate::helpers::*;

/// An open order for the first demo customer, with the demo technician.
async fn order_for_technician(c: &Cast, value: &str) -> String {
    let customer = customer_id(&c.admin, FIRST_DEMO).await;
    let tech = c.technician.user["id"].as_str().unwrap().to_string();
    let r = c
        .admin
        .post(
            "/api/v1/orders",
            json!({"customer_id": customer, "reason": "Cambio de filtros",
                   "service_value": value, "technician_ids": [tech]}),
        )
        .await;
    id_of(&json_ok(r, 201).await)
}

async fn add(s: &Session, order: &str, body: Value) -> reqwest::Response {
    s.post(&format!("/api/v1/orders/{order}/parts"), body).await
}

async fn catalog_parts_reserve_consume_and_release(app: TestApp) {
    let c = cast(&app).await;
    let item = id_of(&create_item(&c.admin, "FLT-OP1", "0", "0", "1").await);
    count_in(&c.admin, &item, "3").await;
    let order = order_for_technician(&c, "100.00").await;

    // The technician adds 2 from the catalog: reserved, priced from the item.
    let part = json_ok(
        add(
            &c.technician,
            &order,
            json!({"item_id": item, "quantity": "2"}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(part["stock_status"], "reserved");
    assert_eq!(part["item_id"], item.as_str());
    assert_eq!(part["unit_price"], "45.00");
    assert_eq!(part["warranty_days"], 90);
    assert_eq!(part["description"], "FLT-OP1 · Repuesto FLT-OP1");
    assert_eq!(figures(&c.admin, &item).await, f("3", "2", "1", "1"));

    // Two more are not there: 409 with what is available; nothing added.
    let p = assert_problem(
        add(
            &c.technician,
            &order,
            json!({"item_id": item, "quantity": "2"}),
        )
        .await,
        409,
        "insufficient_stock",
    )
    .await;
    assert_eq!(p["available"], "1");
    let detail = json_ok(c.admin.get(&format!("/api/v1/orders/{order}")).await, 200).await;
    assert_eq!(detail["parts"].as_array().unwrap().len(), 1);
    // ... unless added "to order": a backorder, nothing taken.
    let backorder = json_ok(
        add(
            &c.technician,
            &order,
            json!({"item_id": item, "quantity": "2", "to_order": true}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(backorder["stock_status"], "to_order");
    // Nothing taken, but it is demand: projected = 1 available − 2 waiting.
    assert_eq!(figures(&c.admin, &item).await, f("3", "2", "1", "-1"));

    // Bad input, typed; nothing changed.
    let p = assert_problem(
        add(
            &c.technician,
            &order,
            json!({"item_id": item, "quantity": "1.5"}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["field"], "quantity");
    let p = assert_problem(
        add(
            &c.technician,
            &order,
            json!({"item_id": "0190d5d0-0000-7000-8000-000000000000", "quantity": "1"}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["field"], "item_id");
    let p = assert_problem(
        add(
            &c.technician,
            &order,
            json!({"description": "Correa", "quantity": "1"}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["field"], "unit_price");
    let p = assert_problem(
        add(
            &c.technician,
            &order,
            json!({"description": "Correa", "quantity": "1", "unit_price": "5", "to_order": true}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["field"], "to_order");
    // Sellers and customers do not add parts.
    for s in [&c.seller, &c.customer] {
        let r = add(s, &order, json!({"item_id": item, "quantity": "1"})).await;
        assert!(matches!(r.status().as_u16(), 403 | 404), "{}", r.status());
    }
    assert_eq!(figures(&c.admin, &item).await, f("3", "2", "1", "-1"));

    // Free-text parts keep working and never touch the stock.
    let free = json_ok(
        add(
            &c.technician,
            &order,
            json!({"description": "Correa del alternador", "quantity": "1", "unit_price": "30.00"}),
        )
        .await,
        201,
    )
    .await;
    assert!(free["item_id"].is_null());
    assert!(free["stock_status"].is_null());

    // Editing the quantity reserves or releases the difference.
    let pid = id_of(&part);
    let edited = json_ok(
        c.technician
            .put(
                &format!("/api/v1/orders/{order}/parts/{pid}"),
                json!({"quantity": "1", "unit_price": "45.00"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(edited["quantity"], "1");
    assert_eq!(figures(&c.admin, &item).await, f("3", "1", "2", "0"));
    let p = assert_problem(
        c.technician
            .put(
                &format!("/api/v1/orders/{order}/parts/{pid}"),
                json!({"quantity": "9", "unit_price": "45.00"}),
            )
            .await,
        409,
        "insufficient_stock",
    )
    .await;
    assert_eq!(p["available"], "2");

    // Installed: out of stock for good.
    let installed = json_ok(
        c.technician
            .post(
                &format!("/api/v1/orders/{order}/parts/{pid}/install"),
                json!({}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(installed["stock_status"], "consumed");
    assert_eq!(figures(&c.admin, &item).await, f("2", "0", "2", "0"));
    // A free-text part is not from stock.
    assert_problem(
        c.technician
            .post(
                &format!("/api/v1/orders/{order}/parts/{}/install", id_of(&free)),
                json!({}),
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    // The backorder is installed once the stock is there: 2 are now.
    let bid = id_of(&backorder);
    json_ok(
        c.technician
            .post(
                &format!("/api/v1/orders/{order}/parts/{bid}/install"),
                json!({}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(figures(&c.admin, &item).await, f("0", "0", "0", "0"));
    // Removing an installed part returns it to the shelf.
    let r = c
        .technician
        .client
        .delete(format!(
            "{}/api/v1/orders/{order}/parts/{bid}",
            c.technician.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(figures(&c.admin, &item).await, f("2", "0", "2", "2"));
    // Removing a reserved part releases it.
    let again = json_ok(
        add(&c.admin, &order, json!({"item_id": item, "quantity": "2"})).await,
        201,
    )
    .await;
    assert_eq!(figures(&c.admin, &item).await, f("2", "2", "0", "0"));
    let r = c
        .admin
        .client
        .delete(format!(
            "{}/api/v1/orders/{order}/parts/{}",
            c.admin.base,
            id_of(&again)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(figures(&c.admin, &item).await, f("2", "0", "2", "2"));

    let moves = json_ok(
        c.admin
            .get(&format!("/api/v1/stock/items/{item}/moves?limit=200"))
            .await,
        200,
    )
    .await;
    let kinds: Vec<&str> = moves["items"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "initial_count",
            "reservation",
            "release",
            "consumption",
            "reservation",
            "consumption",
            "return",
            "reservation",
            "release"
        ]
    );
    assert_ledger_equals_aggregates(&app).await;
}

async fn closing_an_order_consumes_its_reserved_parts(app: TestApp) {
    let c = cast(&app).await;
    let item = id_of(&create_item(&c.admin, "FLT-CL1", "0", "0", "1").await);
    count_in(&c.admin, &item, "4").await;
    // Nothing billed (the part is internal), so the balance is zero.
    let order = order_for_technician(&c, "0").await;
    json_ok(
        add(
            &c.technician,
            &order,
            json!({"item_id": item, "quantity": "3", "shown_to_customer": false}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(figures(&c.admin, &item).await, f("4", "3", "1", "1"));
    json_ok(
        c.operator
            .post(&format!("/api/v1/orders/{order}/close"), json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(figures(&c.admin, &item).await, f("1", "0", "1", "1"));
    let detail = json_ok(c.admin.get(&format!("/api/v1/orders/{order}")).await, 200).await;
    assert_eq!(detail["parts"][0]["stock_status"], "consumed");
    assert_ledger_equals_aggregates(&app).await;
}

/// Two people take the last unit at the same moment, on two orders: exactly
/// one gets it, the other is told none is available; the books balance.
async fn the_last_unit_goes_to_exactly_one(app: TestApp) {
    let c = cast(&app).await;
    let first = order_for_technician(&c, "100.00").await;
    let second = order_for_technician(&c, "100.00").await;
    for round in 0..4 {
        let item = id_of(&create_item(&c.admin, &format!("LAST-{round}"), "0", "0", "1").await);
        count_in(&c.admin, &item, "1").await;
        let body = json!({"item_id": item, "quantity": "1"});
        let (a, b) = tokio::join!(
            add(&c.technician, &first, body.clone()),
            add(&c.operator, &second, body.clone())
        );
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort();
        assert_eq!(statuses, [201, 409], "round {round}");
        for r in [a, b] {
            if r.status().as_u16() == 409 {
                let p: Value = r.json().await.unwrap();
                assert_eq!(p["code"], "insufficient_stock");
                assert_eq!(p["available"], "0");
            }
        }
        assert_eq!(figures(&c.admin, &item).await, f("1", "1", "0", "0"));
    }
    assert_ledger_equals_aggregates(&app).await;
}

both_backends!(
    catalog_parts_reserve_consume_and_release,
    closing_an_order_consumes_its_reserved_parts,
    the_last_unit_goes_to_exactly_one,
);
