//! The parts and suppliers report (issue 17: "consumption by item and
//! machine model, stock value, items below minimum, supplier
//! performance") against a small set computed by hand, its drill-down, its
//! export with real cells, and who may not read it.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};

use crate::customers::rif;
use crate::helpers::*;
use crate::inventory::api_catalog::{count_in, create_item, id_of};
use crate::reports::today;

both_backends!(
    parts_figures_match_the_hand_computed_set,
    consumption_is_valued_exactly_in_sql,
);

/// A fresh customer with a machine of `model`; (customer, machine).
async fn customer_with_machine(admin: &Session, model: &str) -> (String, String) {
    let c = json_ok(
        admin
            .post(
                "/api/v1/customers",
                json!({"name": "Áridos del Informe C.A.", "tax_id": rif(23_571_113),
                       "category": "Áridos"}),
            )
            .await,
        201,
    )
    .await;
    let c = id_of(&c);
    let m = json_ok(
        admin
            .post(
                &format!("/api/v1/customers/{c}/equipment"),
                json!({"brand": "Caterpillar", "model": model, "serial": "D8T-REP-1"}),
            )
            .await,
        201,
    )
    .await;
    (c, id_of(&m))
}

fn record_numbers(r: &Value) -> Vec<String> {
    r["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_str().unwrap().to_string())
        .collect()
}

/// The set: item A (average cost 30.00) counted in at 10, 3 consumed on
/// an order of the customer's D8T; item B (minimum 5) counted in at 2.
/// Consumption: 1 move, 3 units, 90.00; B below its minimum.
async fn parts_figures_match_the_hand_computed_set(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let technician = app.login_as("technician").await;
    let (c, machine) = customer_with_machine(&admin, "D8T").await;
    let a = id_of(&create_item(&admin, "REP-A-001", "0", "0", "1").await);
    let b = id_of(&create_item(&admin, "REP-B-001", "5", "10", "1").await);
    count_in(&admin, &a, "10").await;
    count_in(&admin, &b, "2").await;
    let order = json_ok(
        admin
            .post(
                "/api/v1/orders",
                json!({"customer_id": c, "equipment_id": machine, "reason": "Cambio de filtros",
                       "service_value": "0", "technician_ids": [technician.user_id()]}),
            )
            .await,
        201,
    )
    .await;
    let order = id_of(&order);
    json_ok(
        technician
            .post(
                &format!("/api/v1/orders/{order}/parts"),
                json!({"item_id": a, "quantity": "3", "shown_to_customer": false}),
            )
            .await,
        201,
    )
    .await;
    json_ok(
        admin
            .post(&format!("/api/v1/orders/{order}/close"), json!({}))
            .await,
        200,
    )
    .await;

    let q = format!(
        "customer_id={c}&from={}&to={}",
        today() - chrono::TimeDelta::days(6),
        today()
    );
    let r = json_ok(admin.get(&format!("/api/v1/reports/parts?{q}")).await, 200).await;
    assert_eq!(r["moves"], 1, "{r}");
    assert_eq!(r["consumed_value"], "90.00");
    assert_eq!(r["items_consumed"], 1);
    assert_eq!(r["granularity"], "day");
    let periods = r["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 7);
    assert_eq!(periods[6]["moves"], 1);
    assert_eq!(periods[6]["value"], "90.00");
    assert_eq!(periods[0]["value"], "0.00");
    assert_eq!(r["by_item"][0]["sku"], "REP-A-001");
    assert_eq!(r["by_item"][0]["quantity"], "3");
    assert_eq!(r["by_item"][0]["value"], "90.00");
    assert_eq!(r["by_model"][0]["model"], "D8T");
    assert_eq!(r["by_model"][0]["moves"], 1);
    // Today's stock: B is below its minimum (2 < 5); A is not (7, no minimum).
    let below: Vec<&str> = r["below_minimum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["sku"].as_str().unwrap())
        .collect();
    assert!(below.contains(&"REP-B-001"), "{below:?}");
    assert!(!below.contains(&"REP-A-001"));
    let b_row = r["below_minimum"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["sku"] == "REP-B-001")
        .unwrap();
    assert_eq!(b_row["projected"], "2");
    assert_eq!(b_row["minimum"], "5");

    // Drill-down: the consumption is the order's move, with its quantity
    // and value; by model the same; the items below minimum include B.
    let records = |figure: &str, extra: &str| {
        let admin = &admin;
        let path = format!("/api/v1/reports/parts/records?figure={figure}&{q}{extra}");
        async move { json_ok(admin.get(&path).await, 200).await }
    };
    let moves = records("consumption", "").await;
    assert_eq!(moves["total"], 1, "{moves}");
    assert_eq!(moves["items"][0]["kind"], "order");
    assert_eq!(moves["items"][0]["id"], order.as_str());
    assert!(
        moves["items"][0]["number"]
            .as_str()
            .unwrap()
            .starts_with("OS-")
    );
    assert_eq!(moves["items"][0]["quantity"], "3");
    assert_eq!(moves["items"][0]["amount"], "90.00");
    let of_a = records("consumption", &format!("&key={a}")).await;
    assert_eq!(of_a["total"], 1);
    let of_b = records("consumption", &format!("&key={b}")).await;
    assert_eq!(of_b["total"], 0);
    let by_model = records("model_consumption", "&key=D8T").await;
    assert_eq!(by_model["total"], 1);
    let no_model = records("model_consumption", "&key=none").await;
    assert_eq!(no_model["total"], 0, "the move is on a D8T: {no_model}");
    let before = records(
        "consumption",
        &format!(
            "&start={}&end={}",
            today() - chrono::TimeDelta::days(6),
            today() - chrono::TimeDelta::days(1)
        ),
    )
    .await;
    assert_eq!(before["total"], 0, "not in an earlier period");
    let below = records("below_minimum", "").await;
    assert!(record_numbers(&below).contains(&"REP-B-001".to_string()));
    assert_eq!(
        below["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["number"] == "REP-B-001")
            .unwrap()["kind"],
        "item"
    );
    let stock = records("stock_value", "&limit=200").await;
    let a_row = stock["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["number"] == "REP-A-001")
        .cloned()
        .unwrap_or_else(|| panic!("{stock}"));
    assert_eq!(a_row["quantity"], "7");
    assert_eq!(a_row["amount"], "210.00");
    // A figure that needs its group refuses without one, naming `key`.
    let p = assert_problem(
        admin
            .get(&format!(
                "/api/v1/reports/parts/records?figure=supplier&{q}&key=nada"
            ))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["field"], "key", "{p}");

    // The export: a date cell and a number cell.
    let bytes = admin
        .get(&format!("/api/v1/reports/parts/export?format=xlsx&{q}"))
        .await
        .bytes()
        .await
        .unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.worksheet_range("Repuestos").unwrap();
    assert!(
        matches!(sheet.get((1, 0)), Some(Data::DateTime(_))),
        "{:?}",
        sheet.get((1, 0))
    );
    let last = sheet.height() - 1;
    assert_eq!(
        sheet.get((last, 2)),
        Some(&Data::String("REP-A-001".into()))
    );
    assert_eq!(sheet.get((last, 4)), Some(&Data::Float(3.0)));
    assert_eq!(sheet.get((last, 6)), Some(&Data::Float(90.0)));

    // Only the office: sellers, technicians and customers are refused.
    for role in ["seller", "technician", "customer"] {
        let s = app.login_as(role).await;
        for path in [
            "/api/v1/reports/parts",
            "/api/v1/reports/parts/records?figure=below_minimum",
            "/api/v1/reports/parts/export?format=csv",
        ] {
            assert_problem(s.get(path).await, 403, "forbidden").await;
        }
    }
    let operator = app.login_as("operator").await;
    json_ok(operator.get("/api/v1/reports/parts").await, 200).await;
}

/// An item with its own average cost and unit.
async fn item_costing(admin: &Session, sku: &str, unit: &str, cost: &str) -> String {
    let r = admin
        .post(
            "/api/v1/stock/items",
            json!({"sku": sku, "description": format!("Repuesto {sku}"), "brand": "Caterpillar",
                   "part_number": "1R-0750", "unit": unit, "sale_price": "45.00",
                   "warranty_days": 90, "minimum": "0", "maximum": "0",
                   "reorder_multiple": "1", "average_cost": cost}),
        )
        .await;
    id_of(&json_ok(r, 201).await)
}

/// Migration 0033: consumption is valued in SQL at each move's unit cost
/// in hundredths — the item's average cost when the move was written,
/// kept in hundredths beside the decimal and backfilled exactly from it
/// (text on SQLite: "12.5", "0.07"); fractional quantities and costs give
/// the same figures by period, by item and by model, rounded once.
async fn consumption_is_valued_exactly_in_sql(app: TestApp) {
    use faena::domain::Money;
    use faena::store::billing::minor_units;

    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let (c, machine) = customer_with_machine(&admin, "320GC").await;
    let oil = item_costing(&admin, "ACE-RPT-001", "litre", "12.5").await;
    let seal = item_costing(&admin, "SELLO-RPT-007", "piece", "0.07").await;
    let filter = item_costing(&admin, "FILTRO-RPT-1999", "piece", "1999.99").await;
    for (item, quantity) in [(&oil, "100"), (&seal, "50"), (&filter, "5")] {
        count_in(&admin, item, quantity).await;
    }
    let order = id_of(
        &json_ok(
            admin
                .post(
                    "/api/v1/orders",
                    json!({"customer_id": c, "equipment_id": machine,
                           "reason": "Cambio de aceite", "service_value": "0"}),
                )
                .await,
            201,
        )
        .await,
    );
    for (item, quantity) in [(&oil, "2.5"), (&oil, "0.125"), (&seal, "3"), (&filter, "1")] {
        json_ok(
            admin
                .post(
                    &format!("/api/v1/orders/{order}/parts"),
                    json!({"item_id": item, "quantity": quantity, "shown_to_customer": false}),
                )
                .await,
            201,
        )
        .await;
    }
    json_ok(
        admin
            .post(&format!("/api/v1/orders/{order}/close"), json!({}))
            .await,
        200,
    )
    .await;

    // The copies, as written and as the migration recomputes them.
    let migration = match app.backend {
        Backend::Sqlite => include_str!("../../migrations/sqlite/0033_report_reads.sql"),
        Backend::Postgres => include_str!("../../migrations/postgres/0033_report_reads.sql"),
    };
    // The moves' copy runs once, with the ledger's trigger lifted.
    let backfill = migration_statements(migration, "UPDATE inventory_items");
    assert_eq!(backfill.len(), 1, "{backfill:?}");
    let mut conn = app.services.store.conn().await.unwrap();
    for round in ["as written", "as backfilled"] {
        if round == "as backfilled" {
            for sql in ["UPDATE inventory_items SET average_cost_cents = -1".to_string()]
                .into_iter()
                .chain(backfill.clone())
            {
                on_db!(conn, c => sqlx::query(sqlx::AssertSqlSafe(sql)).execute(c).await
                    .map(|_| ()))
                .unwrap();
            }
        }
        let items: Vec<(Money, i64)> = on_db!(conn, c => sqlx::query_as(
                "SELECT average_cost, average_cost_cents FROM inventory_items")
            .fetch_all(c).await)
        .unwrap();
        assert!(items.len() >= 3, "{round}");
        for (cost, cents) in items {
            assert_eq!(minor_units(cost, 2), Some(cents), "{round}: cost {cost}");
        }
    }
    // Each move keeps the unit cost of its moment (these items' costs
    // never changed).
    let moves: Vec<(Money, Option<i64>)> = on_db!(conn, c => sqlx::query_as(
            "SELECT i.average_cost, m.cost_cents
             FROM stock_moves m JOIN inventory_items i ON i.id = m.item_id")
        .fetch_all(c).await)
    .unwrap();
    assert!(moves.len() >= 7, "{moves:?}");
    for (cost, cents) in moves {
        assert_eq!(minor_units(cost, 2), cents, "a move of an item at {cost}");
    }
    drop(conn);

    // 2.625 l × 12.50 = 32.8125, 3 × 0.07 = 0.21, 1 × 1,999.99: 2,033.0125,
    // rounded once at the end.
    let q = format!("customer_id={c}&from={}&to={}", today(), today());
    let r = json_ok(admin.get(&format!("/api/v1/reports/parts?{q}")).await, 200).await;
    assert_eq!(r["moves"], 4, "{r}");
    assert_eq!(r["consumed_value"], "2033.01");
    assert_eq!(r["periods"][0]["moves"], 4);
    assert_eq!(r["periods"][0]["value"], "2033.01");
    assert_eq!(r["by_model"][0]["model"], "320GC");
    assert_eq!(r["by_model"][0]["value"], "2033.01");
    let oil_row = r["by_item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["sku"] == "ACE-RPT-001")
        .cloned()
        .unwrap();
    assert_eq!(oil_row["quantity"], "2.625", "{oil_row}");
    assert_eq!(oil_row["moves"], 2);
    assert_eq!(oil_row["value"], "32.81");
    // The drill-down of the day lists the same four moves.
    let moves = json_ok(
        admin
            .get(&format!(
                "/api/v1/reports/parts/records?figure=consumption&{q}&start={t}&end={t}",
                t = today()
            ))
            .await,
        200,
    )
    .await;
    assert_eq!(moves["total"], 4, "{moves}");
}
