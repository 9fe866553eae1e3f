//! Purchasing through the API, on SQLite and PostgreSQL: suppliers (tax id
//! validated like customers', contacts, search, active flag), a purchase
//! order drafted, sent (the supplier is e-mailed), partly received, over
//! received only with a confirmation, closed short; receipts in the ledger
//! and the moving average cost; supplier performance against figures
//! computed by hand; bad input and every refusal of a role that may not buy.

use chrono::{TimeDelta, Utc};
use reqwest::Response;
use serde_json::{Value, json};

use super::*;
use crate::helpers::*;
use crate::ws::Ws;

/// A JSON decimal string as a number (`"0.50"` and `"0.5"` are the same rate).
fn num(v: &Value) -> rust_decimal::Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("not a decimal string: {v}"))
        .parse()
        .unwrap()
}

fn dec(text: &str) -> rust_decimal::Decimal {
    text.parse().unwrap()
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

async fn delete(s: &Session, path: &str) -> Response {
    s.client
        .delete(format!("{}{path}", s.base))
        .send()
        .await
        .unwrap()
}

fn supplier_body(name: &str, tax: u32) -> Value {
    json!({
        "name": name,
        "tax_id": rut(tax).as_str(),
        "tax_id_country": "CL",
        "email": "pedidos@andes.test",
        "phone": "+56 2 2345 6789",
        "address": "Av. Industrial 1200",
        "payment_terms": "30 días",
        "lead_time_days": 7,
        "notes": "Filtros y mangueras"
    })
}

async fn suppliers_contacts_search_and_bad_input(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let created = json_ok(
        admin
            .post(
                "/api/v1/suppliers",
                supplier_body("Repuestos Andes", 77_123_456),
            )
            .await,
        201,
    )
    .await;
    let id = id_of(&created);
    assert_eq!(created["tax_id"], rut(77_123_456).as_str());
    assert_eq!(created["active"], true);
    assert_eq!(created["lead_time_days"], 7);

    // The same tax id twice, a bad tax id, a bad e-mail, a negative lead time.
    assert_problem(
        admin
            .post("/api/v1/suppliers", supplier_body("Otro", 77_123_456))
            .await,
        409,
        "tax_id_taken",
    )
    .await;
    let mut bad = supplier_body("Otro", 77_000_111);
    bad["tax_id"] = json!("77000111-0-X");
    let p = assert_problem(
        admin.post("/api/v1/suppliers", bad).await,
        422,
        "invalid_tax_id",
    )
    .await;
    assert_eq!(p["field"], "tax_id");
    let mut bad = supplier_body("Otro", 77_000_111);
    bad["email"] = json!("no es correo");
    assert_problem(
        admin.post("/api/v1/suppliers", bad).await,
        422,
        "invalid_email",
    )
    .await;
    let mut bad = supplier_body("Otro", 77_000_111);
    bad["lead_time_days"] = json!(-1);
    let p = assert_problem(
        admin.post("/api/v1/suppliers", bad).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["field"], "lead_time_days");
    let mut bad = supplier_body("", 77_000_111);
    bad["name"] = json!("  ");
    assert_problem(
        admin.post("/api/v1/suppliers", bad).await,
        422,
        "validation_failed",
    )
    .await;

    // Edit, contacts, search, deactivate.
    let mut edit = supplier_body("Repuestos Andes SpA", 77_123_456);
    edit["lead_time_days"] = json!(10);
    let edited = json_ok(
        admin.put(&format!("/api/v1/suppliers/{id}"), edit).await,
        200,
    )
    .await;
    assert_eq!(edited["name"], "Repuestos Andes SpA");
    let contact = json_ok(
        admin
            .post(
                &format!("/api/v1/suppliers/{id}/contacts"),
                json!({"name": "Marta Rojas", "email": "marta@andes.test", "position": "Ventas"}),
            )
            .await,
        201,
    )
    .await;
    let cid = id_of(&contact);
    json_ok(
        admin
            .put(
                &format!("/api/v1/suppliers/{id}/contacts/{cid}"),
                json!({"name": "Marta Rojas P.", "phone": "+56 9 1234 5678"}),
            )
            .await,
        200,
    )
    .await;
    assert_problem(
        admin
            .post(
                &format!("/api/v1/suppliers/{id}/contacts"),
                json!({"name": "X", "email": "@@"}),
            )
            .await,
        422,
        "invalid_email",
    )
    .await;
    let detail = json_ok(admin.get(&format!("/api/v1/suppliers/{id}")).await, 200).await;
    assert_eq!(detail["contacts"][0]["name"], "Marta Rojas P.");
    let found = json_ok(admin.get("/api/v1/suppliers?q=andes%20spa").await, 200).await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let found = json_ok(admin.get("/api/v1/suppliers?q=77.123.456").await, 200).await;
    assert_eq!(found["items"][0]["id"], id.as_str());
    assert_eq!(
        delete(&admin, &format!("/api/v1/suppliers/{id}/contacts/{cid}"))
            .await
            .status(),
        204
    );
    let off = json_ok(
        admin
            .put(
                &format!("/api/v1/suppliers/{id}/active"),
                json!({"active": false}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(off["active"], false);
    let inactive = json_ok(admin.get("/api/v1/suppliers?active=false").await, 200).await;
    assert!(
        inactive["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == id.as_str())
    );
    // No purchase order to an inactive supplier.
    let p = assert_problem(
        admin
            .post("/api/v1/purchase-orders", json!({"supplier_id": id}))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["field"], "supplier_id");
    assert_problem(
        admin.get("/api/v1/suppliers?limit=0").await,
        422,
        "validation_failed",
    )
    .await;
    assert_problem(
        admin
            .get(&format!(
                "/api/v1/suppliers/{}",
                faena::domain::SupplierId::new()
            ))
            .await,
        404,
        "not_found",
    )
    .await;
}

/// The office buys; technicians, sellers and customers are refused every
/// purchasing route.
async fn only_the_office_buys(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let supplier = id_of(
        &json_ok(
            admin
                .post(
                    "/api/v1/suppliers",
                    supplier_body("Hidráulica Sur", 76_111_333),
                )
                .await,
            201,
        )
        .await,
    );
    let po = json_ok(
        admin
            .post("/api/v1/purchase-orders", json!({"supplier_id": supplier}))
            .await,
        201,
    )
    .await;
    let po = po["order"]["id"].as_str().unwrap().to_string();
    for role in ["master", "operator"] {
        let s = app.login_as(role).await;
        json_ok(s.get("/api/v1/suppliers").await, 200).await;
        json_ok(s.get(&format!("/api/v1/purchase-orders/{po}")).await, 200).await;
    }
    for role in ["technician", "seller", "customer"] {
        let s = app.login_as(role).await;
        for path in [
            "/api/v1/suppliers".to_string(),
            format!("/api/v1/suppliers/{supplier}"),
            format!("/api/v1/suppliers/{supplier}/performance"),
            "/api/v1/purchase-orders".to_string(),
            format!("/api/v1/purchase-orders/{po}"),
            "/api/v1/purchasing/performance".to_string(),
        ] {
            assert_problem(s.get(&path).await, 403, "forbidden").await;
        }
        assert_problem(
            s.post("/api/v1/suppliers", supplier_body("Nope", 76_000_222))
                .await,
            403,
            "forbidden",
        )
        .await;
        assert_problem(
            s.put(
                &format!("/api/v1/suppliers/{supplier}/active"),
                json!({"active": false}),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
        assert_problem(
            s.post("/api/v1/purchase-orders", json!({"supplier_id": supplier}))
                .await,
            403,
            "forbidden",
        )
        .await;
        for action in ["send", "cancel", "close-short"] {
            assert_problem(
                s.post(&format!("/api/v1/purchase-orders/{po}/{action}"), json!({}))
                    .await,
                403,
                "forbidden",
            )
            .await;
        }
        assert_problem(
            s.post(
                &format!("/api/v1/purchase-orders/{po}/receive"),
                json!({"lines": []}),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
    }
    // Nothing changed: still a draft.
    let detail = json_ok(
        admin.get(&format!("/api/v1/purchase-orders/{po}")).await,
        200,
    )
    .await;
    assert_eq!(detail["order"]["state"], "draft");
}

/// Draft → sent → partially received → closed short, with every bad input
/// refused on the way, and the supplier's figures computed by hand.
async fn purchase_order_is_sent_received_and_the_supplier_rated(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let by = staff(&app).await;
    let filter = stocked_item(&app, by, "OC-FLT-10", 10, 0).await; // avg cost 30
    let hose = stocked_item(&app, by, "OC-HOSE-3", 0, 0).await;
    let supplier = id_of(
        &json_ok(
            admin
                .post(
                    "/api/v1/suppliers",
                    supplier_body("Filtros del Norte", 78_765_432),
                )
                .await,
            201,
        )
        .await,
    );
    let mut ws = Ws::connect_as(&app, &admin).await;
    let sub = ws
        .command(json!({"subscribe": {"channel": "staff:purchasing"}}))
        .await;
    assert!(sub.get("error").is_none(), "{sub}");

    let past = (Utc::now() - TimeDelta::days(3)).date_naive().to_string();
    // Bad lines refuse the whole order (nothing created).
    for (qty, field) in [
        ("1.5", "lines[0].quantity"),
        ("-2", "lines[0].quantity"),
        ("0", "lines[0].quantity"),
    ] {
        let p = assert_problem(
            admin
                .post(
                    "/api/v1/purchase-orders",
                    json!({"supplier_id": supplier, "lines": [
                        {"item_id": filter.id, "quantity": qty, "unit_cost": "33"}]}),
                )
                .await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["field"], field);
    }
    let p = assert_problem(
        admin
            .post(
                "/api/v1/purchase-orders",
                json!({"supplier_id": supplier, "lines": [
                    {"item_id": filter.id, "quantity": "1", "unit_cost": "-3"}]}),
            )
            .await,
        422,
        "invalid_money",
    )
    .await;
    assert_eq!(p["field"], "lines[0].unit_cost");
    let history = json_ok(
        admin
            .get(&format!("/api/v1/purchase-orders?supplier_id={supplier}"))
            .await,
        200,
    )
    .await;
    assert_eq!(history["items"].as_array().unwrap().len(), 0);

    let draft = json_ok(
        admin
            .post(
                "/api/v1/purchase-orders",
                json!({"supplier_id": supplier, "notes": "Entregar en bodega 2", "lines": [
                    {"item_id": filter.id, "quantity": "10", "unit_cost": "33", "promised_on": "2099-01-01"},
                ]}),
            )
            .await,
        201,
    )
    .await;
    let po = draft["order"]["id"].as_str().unwrap().to_string();
    let number = draft["order"]["number"].as_str().unwrap().to_string();
    assert!(number.starts_with("OC-") && number.len() == 9, "{number}");
    assert_eq!(draft["order"]["state"], "draft");
    assert_eq!(draft["order"]["supplier_name"], "Filtros del Norte");
    let push = ws.publication().await;
    assert_eq!(push["channel"], "staff:purchasing");
    assert_eq!(push["pub"]["data"]["type"], "purchase_order.changed");
    // Lines: the same item twice is refused; add, change, remove.
    assert_problem(
        admin
            .post(
                &format!("/api/v1/purchase-orders/{po}/lines"),
                json!({"item_id": filter.id, "quantity": "1"}),
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    let d = json_ok(
        admin
            .post(
                &format!("/api/v1/purchase-orders/{po}/lines"),
                json!({"item_id": hose.id, "quantity": "5", "unit_cost": "30", "promised_on": past}),
            )
            .await,
        200,
    )
    .await;
    let hose_line = d["lines"][1]["id"].as_str().unwrap().to_string();
    let d = json_ok(
        admin
            .put(
                &format!("/api/v1/purchase-orders/{po}/lines/{hose_line}"),
                json!({"quantity": "4", "unit_cost": "30", "promised_on": past}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(d["lines"][1]["quantity"], "4");
    // 10 × 33 + 4 × 30.
    assert_eq!(d["total"], "450");
    let filter_line = d["lines"][0]["id"].as_str().unwrap().to_string();
    // A draft takes no receipts.
    assert_problem(
        admin
            .post(
                &format!("/api/v1/purchase-orders/{po}/receive"),
                json!({"lines": [{"line_id": filter_line, "quantity": "1"}]}),
            )
            .await,
        409,
        "purchase_order_not_open",
    )
    .await;

    // Send: on order, the supplier e-mailed, the feed told.
    let sent = json_ok(
        admin
            .post(&format!("/api/v1/purchase-orders/{po}/send"), json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(sent["order"]["state"], "sent");
    assert!(sent["order"]["sent_at"].is_string());
    let pdf = admin
        .get(&format!("/api/v1/purchase-orders/{po}/pdf"))
        .await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    let mail = app.last_email_to("pedidos@andes.test");
    assert!(mail.contains(&number), "{mail}");
    assert!(mail.contains("OC-FLT-10"), "{mail}");
    // The order's PDF rides along.
    assert!(
        mail.contains(&format!("filename=\"{number}.pdf\"")),
        "{mail}"
    );
    assert!(mail.contains("application/pdf"), "{mail}");
    let mut conn = app.services.store.conn().await.unwrap();
    assert_eq!(conn.item(filter.id).await.unwrap().unwrap().on_order, u(10));
    drop(conn);
    // Sent orders are not edited, nor sent twice.
    assert_problem(
        admin
            .post(&format!("/api/v1/purchase-orders/{po}/send"), json!({}))
            .await,
        409,
        "purchase_order_not_open",
    )
    .await;
    assert_problem(
        delete(
            &admin,
            &format!("/api/v1/purchase-orders/{po}/lines/{hose_line}"),
        )
        .await,
        409,
        "purchase_order_not_open",
    )
    .await;

    // Receiving: bad quantities and over-receipts change nothing.
    let receive = |lines: Value, confirm: bool| {
        let admin = &admin;
        let po = po.clone();
        async move {
            admin
                .post(
                    &format!("/api/v1/purchase-orders/{po}/receive"),
                    json!({"lines": lines, "confirm_over_receipt": confirm, "note": "Guía 4411"}),
                )
                .await
        }
    };
    for qty in ["-1", "0.5", "abc"] {
        let p = assert_problem(
            receive(json!([{"line_id": filter_line, "quantity": qty}]), false).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["field"], "lines[0].quantity");
    }
    let p = assert_problem(
        receive(json!([{"line_id": hose_line, "quantity": "5"}]), false).await,
        409,
        "over_receipt",
    )
    .await;
    assert_eq!(p["field"], "lines[0].quantity");
    // Good line first, bad second: the whole action is refused.
    assert_problem(
        receive(
            json!([{"line_id": filter_line, "quantity": "10"}, {"line_id": hose_line, "quantity": "9"}]),
            false,
        )
        .await,
        409,
        "over_receipt",
    )
    .await;
    let mut conn = app.services.store.conn().await.unwrap();
    let f = conn.item(filter.id).await.unwrap().unwrap();
    assert_eq!(
        (f.on_hand, f.on_order, f.average_cost),
        (u(10), u(10), money("30"))
    );
    drop(conn);

    // 10 filters at 33 (all), 2 of the 4 hoses.
    let got = json_ok(
        receive(
            json!([{"line_id": filter_line, "quantity": "10"}, {"line_id": hose_line, "quantity": "2"}]),
            false,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(got["order"]["state"], "partially_received");
    assert_eq!(got["lines"][1]["outstanding"], "2");
    assert_eq!(got["receipts"].as_array().unwrap().len(), 2);
    let event = loop {
        let push = ws.publication().await;
        if push["pub"]["data"]["type"] == "purchase_order.received" {
            break push["pub"]["data"].clone();
        }
    };
    assert_eq!(event["state"], "partially_received");
    assert_eq!(event["items"].as_array().unwrap().len(), 2);
    let mut conn = app.services.store.conn().await.unwrap();
    let f = conn.item(filter.id).await.unwrap().unwrap();
    // (10 × 30 + 10 × 33) / 20 = 31.5
    assert_eq!(
        (f.on_hand, f.on_order, f.average_cost),
        (u(20), u(0), money("31.5"))
    );
    let h = conn.item(hose.id).await.unwrap().unwrap();
    assert_eq!(
        (h.on_hand, h.on_order, h.average_cost),
        (u(2), u(2), money("30"))
    );
    assert!(conn.ledger_check(None).await.unwrap().is_empty());
    drop(conn);

    // Cannot cancel once goods arrived; close short instead.
    assert_problem(
        admin
            .post(&format!("/api/v1/purchase-orders/{po}/cancel"), json!({}))
            .await,
        409,
        "purchase_order_not_open",
    )
    .await;
    let closed = json_ok(
        admin
            .post(
                &format!("/api/v1/purchase-orders/{po}/close-short"),
                json!({}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(closed["order"]["state"], "closed_short");
    let mut conn = app.services.store.conn().await.unwrap();
    assert_eq!(conn.item(hose.id).await.unwrap().unwrap().on_order, u(0));
    assert!(conn.ledger_check(None).await.unwrap().is_empty());
    drop(conn);

    // A cancelled order takes no receipts.
    let other = json_ok(
        admin
            .post(
                "/api/v1/purchase-orders",
                json!({"supplier_id": supplier, "lines": [{"item_id": hose.id, "quantity": "3"}]}),
            )
            .await,
        201,
    )
    .await;
    let other_id = other["order"]["id"].as_str().unwrap().to_string();
    let other_line = other["lines"][0]["id"].as_str().unwrap().to_string();
    // Unit cost defaulted to the item's average.
    assert_eq!(other["lines"][0]["unit_cost"], "30");
    json_ok(
        admin
            .post(
                &format!("/api/v1/purchase-orders/{other_id}/send"),
                json!({}),
            )
            .await,
        200,
    )
    .await;
    json_ok(
        admin
            .post(
                &format!("/api/v1/purchase-orders/{other_id}/cancel"),
                json!({}),
            )
            .await,
        200,
    )
    .await;
    assert_problem(
        admin
            .post(
                &format!("/api/v1/purchase-orders/{other_id}/receive"),
                json!({"lines": [{"line_id": other_line, "quantity": "1"}]}),
            )
            .await,
        409,
        "purchase_order_not_open",
    )
    .await;
    let mut conn = app.services.store.conn().await.unwrap();
    let h = conn.item(hose.id).await.unwrap().unwrap();
    assert_eq!((h.on_hand, h.on_order), (u(2), u(0)));
    drop(conn);

    // Performance by hand: filter line on time (promised 2099) and hose
    // line late (promised 3 days ago, never complete) → on time 1/2; one
    // fully received line, lead ≈ 0 days; fill (1 + 2/4) / 2 = 0.75 (the
    // cancelled order does not count); price variance (33 − 30) × 10 +
    // (30 − 30) × 2 = 30 over 30 × 10 + 30 × 2 = 360 → 0.0833.
    let perf = json_ok(
        admin
            .get(&format!("/api/v1/suppliers/{supplier}/performance"))
            .await,
        200,
    )
    .await;
    let t = &perf["totals"];
    assert_eq!(
        (t["lines_rated"].as_u64(), t["lines_on_time"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(num(&t["on_time_rate"]), dec("0.5"));
    assert_eq!(t["lines_received"], 1);
    // Sent and received within the test: well under a tenth of a day.
    assert!(num(&t["average_lead_time_days"]).is_zero());
    assert_eq!(t["lines_finished"], 2);
    assert_eq!(num(&t["fill_rate"]), dec("0.75"));
    assert_eq!(t["receipts_priced"], 2);
    assert_eq!(num(&t["price_variance"]), dec("0.0833"));
    assert_eq!(num(&t["score"]), dec("0.375"));
    assert_eq!(perf["months"].as_array().unwrap().len(), 12);
    let this_month = perf["months"].as_array().unwrap().last().unwrap();
    assert_eq!(num(&this_month["figures"]["fill_rate"]), dec("0.75"));
    let ranking = json_ok(admin.get("/api/v1/purchasing/performance").await, 200).await;
    let mine = ranking["suppliers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["supplier_id"] == supplier.as_str())
        .expect("ranked");
    assert_eq!(num(&mine["figures"]["fill_rate"]), dec("0.75"));
    assert!(mine["rank"].as_u64().unwrap() >= 1);
    assert_problem(
        admin
            .get(&format!(
                "/api/v1/suppliers/{supplier}/performance?from=2026-05-01&to=2026-04-01"
            ))
            .await,
        422,
        "validation_failed",
    )
    .await;

    // The supplier's purchase history: both orders, newest first.
    let history = json_ok(
        admin
            .get(&format!("/api/v1/purchase-orders?supplier_id={supplier}"))
            .await,
        200,
    )
    .await;
    let states: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["cancelled", "closed_short"]);
}

/// More than ordered arrives: refused without a confirmation, accepted
/// with it; the order is received and the extra is not on order.
async fn over_receipt_needs_a_confirmation(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("operator").await;
    let by = staff(&app).await;
    let oil = stocked_item(&app, by, "OC-OIL-15W40", 0, 0).await;
    let supplier = id_of(
        &json_ok(
            admin
                .post(
                    "/api/v1/suppliers",
                    supplier_body("Lubricantes Sur", 79_111_222),
                )
                .await,
            201,
        )
        .await,
    );
    let po = json_ok(
        admin
            .post(
                "/api/v1/purchase-orders",
                json!({"supplier_id": supplier, "lines": [{"item_id": oil.id, "quantity": "6", "unit_cost": "12.50"}]}),
            )
            .await,
        201,
    )
    .await;
    let id = po["order"]["id"].as_str().unwrap().to_string();
    let line = po["lines"][0]["id"].as_str().unwrap().to_string();
    json_ok(
        admin
            .post(&format!("/api/v1/purchase-orders/{id}/send"), json!({}))
            .await,
        200,
    )
    .await;
    let body = |confirm: bool| json!({"lines": [{"line_id": line, "quantity": "8"}], "confirm_over_receipt": confirm});
    assert_problem(
        admin
            .post(
                &format!("/api/v1/purchase-orders/{id}/receive"),
                body(false),
            )
            .await,
        409,
        "over_receipt",
    )
    .await;
    let got = json_ok(
        admin
            .post(&format!("/api/v1/purchase-orders/{id}/receive"), body(true))
            .await,
        200,
    )
    .await;
    assert_eq!(got["order"]["state"], "received");
    assert_eq!(got["receipts"][0]["over_receipt"], true);
    assert_eq!(got["lines"][0]["received"], "8");
    let mut conn = app.services.store.conn().await.unwrap();
    let o = conn.item(oil.id).await.unwrap().unwrap();
    assert_eq!(
        (o.on_hand, o.on_order, o.average_cost),
        (u(8), u(0), money("12.50"))
    );
    assert!(conn.ledger_check(None).await.unwrap().is_empty());
    drop(conn);
    // A received order is final.
    assert_problem(
        admin
            .post(&format!("/api/v1/purchase-orders/{id}/receive"), body(true))
            .await,
        409,
        "purchase_order_not_open",
    )
    .await;
}

both_backends!(
    suppliers_contacts_search_and_bad_input,
    only_the_office_buys,
    purchase_order_is_sent_received_and_the_supplier_rated,
    over_receipt_needs_a_confirmation,
);
