//! Backorders ("to order" parts) on SQLite and PostgreSQL: they are demand
//! (projected = available + on order − backordered, so the reorder list
//! suggests enough to cover them), purchasing sees them ("Por pedir"; not
//! technicians, sellers or customers), received stock reserves them oldest
//! first in the receipt's transaction and tells the order's technicians,
//! and deactivating an order releases its reservations and drops its
//! backorders; reactivating reserves again what is available and makes the
//! rest backorders. The cached figures equal the ledger after every flow.

use serde_json::{Value, json};

use super::api_catalog::*;
use crate::customers::{FIRST_DEMO, customer_id};
use crate::helpers::*;

async fn order_for_technician(c: &Cast, reason: &str) -> String {
    let customer = customer_id(&c.admin, FIRST_DEMO).await;
    let tech = c.technician.user["id"].as_str().unwrap().to_string();
    let r = c
        .admin
        .post(
            "/api/v1/orders",
            json!({"customer_id": customer, "reason": reason,
                   "service_value": "100.00", "technician_ids": [tech]}),
        )
        .await;
    id_of(&json_ok(r, 201).await)
}

async fn add(s: &Session, order: &str, item: &str, quantity: &str, to_order: bool) -> Value {
    json_ok(
        s.post(
            &format!("/api/v1/orders/{order}/parts"),
            json!({"item_id": item, "quantity": quantity, "to_order": to_order}),
        )
        .await,
        201,
    )
    .await
}

async fn backorders(s: &Session) -> Vec<Value> {
    json_ok(s.get("/api/v1/stock/backorders").await, 200)
        .await
        .as_array()
        .unwrap()
        .clone()
}

async fn reorder_entry(s: &Session, item: &str) -> Option<Value> {
    json_ok(s.get("/api/v1/stock/reorder").await, 200)
        .await
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["item_id"] == item)
        .cloned()
}

async fn part_status(s: &Session, order: &str, part: &str) -> String {
    let detail = json_ok(s.get(&format!("/api/v1/orders/{order}")).await, 200).await;
    detail["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == part)
        .unwrap()["stock_status"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A sent purchase order of `quantity` of `item`; returns (order, line).
async fn sent_purchase_order(s: &Session, item: &str, quantity: &str) -> (String, String) {
    let supplier = id_of(
        &json_ok(
            s.post(
                "/api/v1/suppliers",
                json!({"name": format!("Proveedor {item}"), "tax_id": super::rut(79_333_444).as_str(),
                       "tax_id_country": "CL", "email": "pedidos@andes.test",
                       "phone": "+56 2 2345 6789", "address": "Av. Industrial 1200",
                       "payment_terms": "30 días", "lead_time_days": 7, "notes": ""}),
            )
            .await,
            201,
        )
        .await,
    );
    let po = json_ok(
        s.post(
            "/api/v1/purchase-orders",
            json!({"supplier_id": supplier,
                   "lines": [{"item_id": item, "quantity": quantity, "unit_cost": "30.00"}]}),
        )
        .await,
        201,
    )
    .await;
    let id = po["order"]["id"].as_str().unwrap().to_string();
    let line = po["lines"][0]["id"].as_str().unwrap().to_string();
    json_ok(
        s.post(&format!("/api/v1/purchase-orders/{id}/send"), json!({}))
            .await,
        200,
    )
    .await;
    (id, line)
}

async fn backorders_are_demand_purchasing_sees(app: TestApp) {
    let c = cast(&app).await;
    // Minimum 2, maximum 6: with 3 on the shelf it is not on the list.
    let item = id_of(&create_item(&c.admin, "BO-DEM1", "2", "6", "1").await);
    count_in(&c.admin, &item, "3").await;
    assert!(reorder_entry(&c.admin, &item).await.is_none());
    let order = order_for_technician(&c, "Cambio de sellos").await;

    // Not enough: 409 with what is available, unless "to order".
    let p = assert_problem(
        c.technician
            .post(
                &format!("/api/v1/orders/{order}/parts"),
                json!({"item_id": item, "quantity": "5"}),
            )
            .await,
        409,
        "insufficient_stock",
    )
    .await;
    assert_eq!(p["available"], "3");
    let part = add(&c.technician, &order, &item, "5", true).await;
    assert_eq!(part["stock_status"], "to_order");
    // Nothing taken, but 5 are waiting: projected 3 − 5 = −2.
    assert_eq!(figures(&c.admin, &item).await, f("3", "0", "3", "-2"));
    let a = availability(&c.technician, &item).await;
    assert_eq!(a["backordered"], "5");
    assert_eq!(a["below_minimum"], true);

    // The reorder list suggests enough to cover them: up to 6 from −2.
    let entry = reorder_entry(&c.admin, &item).await.expect("on the list");
    assert_eq!(entry["backorders"], 1);
    assert_eq!(entry["backordered"], "5");
    assert_eq!(entry["projected"], "-2");
    assert_eq!(entry["suggested"], "8");

    // Purchasing sees the backorder: item, quantity, order, customer, who, since.
    let list = backorders(&c.operator).await;
    let b = list.iter().find(|b| b["item_id"] == item.as_str()).unwrap();
    assert_eq!(b["sku"], "BO-DEM1");
    assert_eq!(b["quantity"], "5");
    assert_eq!(b["order_id"], order.as_str());
    assert!(b["order_number"].as_str().unwrap().starts_with("OS-"));
    assert!(!b["customer_name"].as_str().unwrap().is_empty());
    assert_eq!(b["added_by"], c.technician.user["id"]);
    assert_eq!(b["part_id"], part["id"]);
    assert!(b["since"].as_str().is_some());
    // Technicians see availability only; sellers and customers nothing more.
    for s in [&c.technician, &c.seller, &c.customer] {
        let r = s.get("/api/v1/stock/backorders").await;
        assert_eq!(r.status().as_u16(), 403);
    }

    // Resizing the backorder moves the demand; removing it drops it.
    let pid = id_of(&part);
    json_ok(
        c.technician
            .put(
                &format!("/api/v1/orders/{order}/parts/{pid}"),
                json!({"quantity": "4", "unit_price": "45.00"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(figures(&c.admin, &item).await, f("3", "0", "3", "-1"));
    assert_ledger_equals_aggregates(&app).await;
    let r = c
        .technician
        .client
        .delete(format!(
            "{}/api/v1/orders/{order}/parts/{pid}",
            c.technician.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(figures(&c.admin, &item).await, f("3", "0", "3", "3"));
    assert!(
        backorders(&c.admin)
            .await
            .iter()
            .all(|b| b["item_id"] != item.as_str())
    );
    assert!(reorder_entry(&c.admin, &item).await.is_none());
    assert_ledger_equals_aggregates(&app).await;
}

async fn receiving_fills_backorders_oldest_first(app: TestApp) {
    let c = cast(&app).await;
    let item = id_of(&create_item(&c.admin, "BO-RCV1", "0", "0", "1").await);
    count_in(&c.admin, &item, "1").await;
    let first = order_for_technician(&c, "Primera orden").await;
    let second = order_for_technician(&c, "Segunda orden").await;
    // Oldest: 3 on the first order, then 2 on the second.
    let older = add(&c.technician, &first, &item, "3", true).await;
    let newer = add(&c.technician, &second, &item, "2", true).await;
    assert_eq!(figures(&c.admin, &item).await, f("1", "0", "1", "-4"));
    let (po, line) = sent_purchase_order(&c.operator, &item, "4").await;
    assert_eq!(figures(&c.admin, &item).await, f("1", "0", "1", "0"));

    // 2 arrive: 3 available, the oldest (3) is reserved; the next (2) waits.
    json_ok(
        c.operator
            .post(
                &format!("/api/v1/purchase-orders/{po}/receive"),
                json!({"lines": [{"line_id": line, "quantity": "2"}]}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(
        part_status(&c.admin, &first, &id_of(&older)).await,
        "reserved"
    );
    assert_eq!(
        part_status(&c.admin, &second, &id_of(&newer)).await,
        "to_order"
    );
    // on hand 3, reserved 3, on order 2, waiting 2: projected 0.
    assert_eq!(figures(&c.admin, &item).await, f("3", "3", "0", "0"));
    let waiting: Vec<Value> = backorders(&c.admin)
        .await
        .into_iter()
        .filter(|b| b["item_id"] == item.as_str())
        .collect();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0]["order_id"], second.as_str());
    assert_ledger_equals_aggregates(&app).await;

    // The order's technician is told in-app.
    let told = app
        .services
        .store
        .conn()
        .await
        .unwrap()
        .deliveries_by_key_prefix(&format!("backorder_filled:{}", id_of(&older)))
        .await
        .unwrap();
    let tech = c.technician.user["id"].as_str().unwrap();
    assert!(
        told.iter().any(|d| d.kind == "backorder_filled"
            && d.recipient_user_id.map(|u| u.to_string()).as_deref() == Some(tech)
            && d.subject_id == first),
        "{told:?}"
    );

    // A positive adjustment fills the next one (2 arrive, 2 waiting).
    json_ok(
        record(
            &c.admin,
            &item,
            json!({"kind": "adjustment", "quantity": "2", "reason": "found"}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(
        part_status(&c.admin, &second, &id_of(&newer)).await,
        "reserved"
    );
    assert_eq!(figures(&c.admin, &item).await, f("5", "5", "0", "2"));
    assert!(
        backorders(&c.admin)
            .await
            .iter()
            .all(|b| b["item_id"] != item.as_str())
    );
    // The reservation moves name their orders.
    let moves = json_ok(
        c.admin
            .get(&format!("/api/v1/stock/items/{item}/moves?limit=50"))
            .await,
        200,
    )
    .await;
    let reservations = moves["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "reservation")
        .count();
    assert_eq!(reservations, 2);
    assert_ledger_equals_aggregates(&app).await;
}

async fn deactivating_an_order_releases_its_parts(app: TestApp) {
    let c = cast(&app).await;
    let item = id_of(&create_item(&c.admin, "BO-OFF1", "0", "0", "1").await);
    count_in(&c.admin, &item, "3").await;
    let order = order_for_technician(&c, "Orden que se desincorpora").await;
    let reserved = add(&c.technician, &order, &item, "2", false).await;
    let waiting = add(&c.technician, &order, &item, "4", true).await;
    assert_eq!(figures(&c.admin, &item).await, f("3", "2", "1", "-3"));

    // Only the office deactivates.
    for s in [&c.technician, &c.seller] {
        let r = s
            .put(
                &format!("/api/v1/orders/{order}/active"),
                json!({"active": false}),
            )
            .await;
        assert_eq!(r.status().as_u16(), 403);
    }
    assert_eq!(figures(&c.admin, &item).await, f("3", "2", "1", "-3"));

    // Deactivated: the reservation is released (a move), the backorder
    // leaves the demand; both parts are "released".
    json_ok(
        c.operator
            .put(
                &format!("/api/v1/orders/{order}/active"),
                json!({"active": false}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(figures(&c.admin, &item).await, f("3", "0", "3", "3"));
    assert_eq!(
        part_status(&c.admin, &order, &id_of(&reserved)).await,
        "released"
    );
    assert_eq!(
        part_status(&c.admin, &order, &id_of(&waiting)).await,
        "released"
    );
    assert!(
        backorders(&c.admin)
            .await
            .iter()
            .all(|b| b["order_id"] != order.as_str())
    );
    let moves = json_ok(
        c.admin
            .get(&format!("/api/v1/stock/items/{item}/moves?limit=50"))
            .await,
        200,
    )
    .await;
    assert_eq!(moves["items"][0]["kind"], "release");
    assert_eq!(moves["items"][0]["order_id"], order.as_str());
    assert_ledger_equals_aggregates(&app).await;

    // Meanwhile another order takes 2 of the 3.
    let other = order_for_technician(&c, "Otra orden").await;
    add(&c.technician, &other, &item, "2", false).await;

    // Reactivated: what is available is reserved again (the 2 no longer
    // fit: 1 left), the rest become backorders purchasing sees.
    json_ok(
        c.operator
            .put(
                &format!("/api/v1/orders/{order}/active"),
                json!({"active": true}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(
        part_status(&c.admin, &order, &id_of(&reserved)).await,
        "to_order"
    );
    assert_eq!(
        part_status(&c.admin, &order, &id_of(&waiting)).await,
        "to_order"
    );
    assert_eq!(figures(&c.admin, &item).await, f("3", "2", "1", "-5"));
    let list = backorders(&c.admin).await;
    assert_eq!(
        list.iter()
            .filter(|b| b["order_id"] == order.as_str())
            .count(),
        2
    );
    assert_ledger_equals_aggregates(&app).await;

    // Deactivated again, then stock arrives, then reactivated: reserved.
    json_ok(
        c.operator
            .put(
                &format!("/api/v1/orders/{order}/active"),
                json!({"active": false}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(figures(&c.admin, &item).await, f("3", "2", "1", "1"));
    json_ok(
        record(
            &c.admin,
            &item,
            json!({"kind": "adjustment", "quantity": "1", "reason": "found"}),
        )
        .await,
        201,
    )
    .await;
    json_ok(
        c.operator
            .put(
                &format!("/api/v1/orders/{order}/active"),
                json!({"active": true}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(
        part_status(&c.admin, &order, &id_of(&reserved)).await,
        "reserved"
    );
    assert_eq!(
        part_status(&c.admin, &order, &id_of(&waiting)).await,
        "to_order"
    );
    assert_eq!(figures(&c.admin, &item).await, f("4", "4", "0", "-4"));
    assert_ledger_equals_aggregates(&app).await;
}

both_backends!(
    backorders_are_demand_purchasing_sees,
    receiving_fills_backorders_oldest_first,
    deactivating_an_order_releases_its_parts,
);
