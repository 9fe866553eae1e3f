//! Management reports (issue 17): the revenue report's figures against a
//! small data set computed by hand, its filters and periods, a seller's
//! confinement to their own customers, the refusals, and the exports with
//! real number and date cells.

use std::io::Cursor;

use calamine::{Data, DataType, Reader, Xlsx};
use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};

use crate::customers::rif;
use crate::helpers::*;

both_backends!(
    revenue_figures_match_the_hand_computed_set,
    a_seller_sees_only_their_customers_and_others_none,
    revenue_exports_have_number_and_date_cells,
    minor_unit_copies_and_their_backfill_are_exact,
    operations_count_orders_and_each_technicians_work,
);

pub fn today() -> chrono::NaiveDate {
    // The demo company's zone.
    Utc::now()
        .with_timezone(&chrono_tz::America::Caracas)
        .date_naive()
}

async fn new_customer(admin: &Session, name: &str, owner: Option<String>) -> String {
    let body = json!({"name": name, "tax_id": rif((name.len() as u32 * 7_919 + 1_234_567) % 90_000_000),
                      "category": "Minería", "owner_id": owner});
    json_ok(admin.post("/api/v1/customers", body).await, 201).await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Issues a hand invoice of exempt lines `(kind, price)`; returns its id.
async fn invoice(admin: &Session, customer: &str, lines: &[(&str, &str)]) -> String {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(kind, price)| {
            json!({"kind": kind, "description": format!("Línea {kind}"), "quantity": "1",
                   "unit_price": price, "tax_exempt": true})
        })
        .collect();
    let draft = json_ok(
        admin
            .post(
                "/api/v1/invoices",
                json!({"customer_id": customer, "lines": lines}),
            )
            .await,
        201,
    )
    .await;
    let id = draft["invoice"]["id"].as_str().unwrap().to_string();
    json_ok(
        admin
            .post(&format!("/api/v1/invoices/{id}/issue"), json!({}))
            .await,
        200,
    )
    .await;
    id
}

async fn paid(admin: &Session, customer: &str, amounts: &[(&str, chrono::NaiveDate)]) {
    let order = json_ok(
        admin
            .post(
                "/api/v1/orders",
                json!({"customer_id": customer, "reason": "Servicio", "service_value": "1000"}),
            )
            .await,
        201,
    )
    .await;
    let id = order["id"].as_str().unwrap();
    let methods = json_ok(admin.get("/api/v1/payment-methods").await, 200).await;
    let method = methods[0]["id"].as_str().unwrap();
    for (amount, day) in amounts {
        json_ok(
            admin
                .post(
                    &format!("/api/v1/orders/{id}/payments"),
                    json!({"amount": amount, "method_id": method, "paid_on": day}),
                )
                .await,
            201,
        )
        .await;
    }
}

/// The set: invoices of 100 (service) + 50 (part) and 200 (service),
/// exempt; a draft of 999 (never counted); a credit note of 50 on the
/// second; payments of 120 today and 80 forty days ago.
/// Invoiced 350, credited 50, net 300, collected 200; service 300, part 50.
async fn the_set(app: &TestApp) -> (Session, String) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let c = new_customer(&admin, "Canteras del Report C.A.", Some(seller.user_id())).await;
    invoice(&admin, &c, &[("service", "100"), ("part", "50")]).await;
    let second = invoice(&admin, &c, &[("service", "200")]).await;
    json_ok(
        admin
            .post(
                "/api/v1/invoices",
                json!({"customer_id": c, "lines": [{"kind": "service", "description": "Borrador",
                       "quantity": "1", "unit_price": "999", "tax_exempt": true}]}),
            )
            .await,
        201,
    )
    .await;
    json_ok(
        admin
            .post(
                &format!("/api/v1/invoices/{second}/credit-notes"),
                json!({"reason": "Ajuste", "lines": [{"description": "Ajuste", "quantity": "1",
                       "unit_price": "50", "tax_exempt": true}]}),
            )
            .await,
        201,
    )
    .await;
    paid(
        &admin,
        &c,
        &[("120", today()), ("80", today() - TimeDelta::days(40))],
    )
    .await;
    (admin, c)
}

async fn revenue_figures_match_the_hand_computed_set(app: TestApp) {
    let (admin, c) = the_set(&app).await;
    let from = today() - TimeDelta::days(59);
    let r = json_ok(
        admin
            .get(&format!(
                "/api/v1/reports/revenue?customer_id={c}&from={from}&to={}",
                today()
            ))
            .await,
        200,
    )
    .await;
    let t = &r["totals"];
    assert_eq!(t["invoiced"], "350.00", "{r}");
    assert_eq!(t["credited"], "50.00");
    assert_eq!(t["net"], "300.00");
    assert_eq!(t["collected"], "200.00");
    assert_eq!(t["invoices"], 2);
    assert_eq!(t["payments"], 2);
    // Sixty days: grouped by day, every day listed.
    assert_eq!(r["granularity"], "day");
    let periods = r["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 60);
    let last = periods.last().unwrap();
    assert_eq!(last["start"], today().to_string());
    assert_eq!(last["figures"]["invoiced"], "350.00");
    assert_eq!(last["figures"]["collected"], "120.00");
    let earlier = periods
        .iter()
        .find(|p| p["start"] == (today() - TimeDelta::days(40)).to_string())
        .unwrap();
    assert_eq!(earlier["figures"]["collected"], "80.00");
    assert_eq!(earlier["figures"]["invoiced"], "0.00");
    // By month: the same totals in fewer periods.
    let monthly = json_ok(
        admin
            .get(&format!(
                "/api/v1/reports/revenue?customer_id={c}&from={from}&to={}&granularity=month",
                today()
            ))
            .await,
        200,
    )
    .await;
    assert!(monthly["periods"].as_array().unwrap().len() <= 3);
    assert_eq!(monthly["totals"], r["totals"]);
    // By service type, customer and seller.
    let kinds: Vec<(String, String)> = r["by_service_type"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["kind"].as_str().unwrap().into(),
                k["invoiced"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("part".to_string(), "50.00".to_string()),
            ("service".into(), "300.00".into())
        ]
    );
    assert_eq!(r["by_customer"][0]["customer_id"], c.as_str());
    assert_eq!(r["by_customer"][0]["figures"]["net"], "300.00");
    assert_eq!(r["by_seller"][0]["name"], "Víctor Vendedor");
    // Aging: the open 150 + (200 − 50) − 0 allocated, due by the terms.
    assert_eq!(r["aging"]["total"], "300.00", "{}", r["aging"]);
    // Before the payment forty days ago only: 80 collected, nothing invoiced.
    let old = json_ok(
        admin
            .get(&format!(
                "/api/v1/reports/revenue?customer_id={c}&from={from}&to={}",
                today() - TimeDelta::days(1)
            ))
            .await,
        200,
    )
    .await;
    assert_eq!(old["totals"]["collected"], "80.00");
    assert_eq!(old["totals"]["invoiced"], "0.00");
    // The segment filter: a category without this customer.
    let other = json_ok(
        admin
            .get(&format!(
                "/api/v1/reports/revenue?customer_id={c}&category=Agro"
            ))
            .await,
        200,
    )
    .await;
    assert_eq!(other["totals"]["invoiced"], "0.00");
    // A category beyond 100 characters.
    assert_problem(
        admin
            .get(&format!(
                "/api/v1/reports/revenue?category={}",
                "x".repeat(101)
            ))
            .await,
        422,
        "validation_failed",
    )
    .await;
    // Bad ranges.
    assert_problem(
        admin
            .get("/api/v1/reports/revenue?from=2026-02-01&to=2026-01-01")
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_problem(
        admin
            .get("/api/v1/reports/revenue?from=2016-01-01&to=2026-01-01&granularity=day")
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        admin
            .get("/api/v1/reports/revenue?from=ayer")
            .await
            .status(),
        400
    );
}

async fn a_seller_sees_only_their_customers_and_others_none(app: TestApp) {
    let (admin, mine) = the_set(&app).await;
    let theirs = new_customer(&admin, "Agro Ajeno S.A.", None).await;
    invoice(&admin, &theirs, &[("service", "70")]).await;
    let seller = app.login_as("seller").await;
    // Their own customer: the figures.
    let r = json_ok(
        seller
            .get(&format!("/api/v1/reports/revenue?customer_id={mine}"))
            .await,
        200,
    )
    .await;
    assert_eq!(r["totals"]["invoiced"], "350.00");
    // Someone else's (or every seller's): nothing of theirs.
    let r = json_ok(
        seller
            .get(&format!("/api/v1/reports/revenue?customer_id={theirs}"))
            .await,
        200,
    )
    .await;
    assert_eq!(r["totals"]["invoiced"], "0.00");
    let all = json_ok(seller.get("/api/v1/reports/revenue").await, 200).await;
    assert!(
        all["by_customer"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["customer_id"] != theirs.as_str())
    );
    let office = json_ok(
        admin
            .get(&format!("/api/v1/reports/revenue?customer_id={theirs}"))
            .await,
        200,
    )
    .await;
    assert_eq!(office["totals"]["invoiced"], "70.00");
    for role in ["technician", "customer"] {
        let s = app.login_as(role).await;
        assert_problem(s.get("/api/v1/reports/revenue").await, 403, "forbidden").await;
        assert_problem(
            s.get("/api/v1/reports/revenue/export?format=xlsx").await,
            403,
            "forbidden",
        )
        .await;
    }
}

async fn revenue_exports_have_number_and_date_cells(app: TestApp) {
    let (admin, c) = the_set(&app).await;
    let q = format!(
        "customer_id={c}&from={}&to={}&granularity=month",
        today() - TimeDelta::days(59),
        today()
    );
    let csv = admin
        .get(&format!("/api/v1/reports/revenue/export?format=csv&{q}"))
        .await;
    assert_eq!(csv.status(), 200);
    let text = csv.text().await.unwrap();
    assert!(text.contains("Desde,Hasta,Facturado"), "{text}");
    assert!(text.contains("350.00,50.00,300.00,200.00,2,2"), "{text}");
    let xlsx = admin
        .get(&format!("/api/v1/reports/revenue/export?format=xlsx&{q}"))
        .await;
    assert_eq!(xlsx.status(), 200);
    let bytes = xlsx.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Ingresos").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    assert_eq!(rows[0][2], Data::String("Facturado".into()));
    let total = rows.last().unwrap();
    // A real date cell (a serial day with a date format) and real numbers.
    assert!(matches!(total[0], Data::DateTime(_)), "{:?}", total[0]);
    let from = total[0].as_date().unwrap();
    assert_eq!(from, today() - TimeDelta::days(59));
    assert_eq!(total[2], Data::Float(350.0));
    assert_eq!(total[5], Data::Float(200.0));
    assert_eq!(total[6], Data::Float(2.0));
}

/// Migration 0031's integer copies that the revenue report sums — a
/// payment's amount in hundredths, an invoice's lines by kind in
/// hundredths (none of a kind: NULL) — equal the decimal amounts, as the
/// insert paths write them and as the migration's backfill recomputes them
/// from the stored decimals (text on SQLite: "80", "10.500", "0.05").
async fn minor_unit_copies_and_their_backfill_are_exact(app: TestApp) {
    use std::collections::HashMap;

    use faena::domain::Money;
    use faena::store::billing::minor_units;

    let (admin, c) = the_set(&app).await;
    paid(
        &admin,
        &c,
        &[("10.500", today()), ("0.05", today()), ("899.99", today())],
    )
    .await;
    invoice(
        &admin,
        &c,
        &[("part", "0.07"), ("service", "12345.6"), ("part", "3")],
    )
    .await;
    let migration = match app.backend {
        Backend::Sqlite => include_str!("../../migrations/sqlite/0031_revenue_minor_units.sql"),
        Backend::Postgres => include_str!("../../migrations/postgres/0031_revenue_minor_units.sql"),
    };
    let backfill = migration_statements(migration, "UPDATE");
    assert_eq!(backfill.len(), 2, "{backfill:?}");
    let mut conn = app.services.store.conn().await.unwrap();
    for round in ["as written", "as backfilled"] {
        if round == "as backfilled" {
            for sql in [
                "UPDATE payments SET amount_cents = -1",
                "UPDATE invoices SET lines_service_cents = -1, lines_part_cents = -1",
            ]
            .into_iter()
            .map(String::from)
            .chain(backfill.clone())
            {
                on_db!(conn, c => sqlx::query(sqlx::AssertSqlSafe(sql)).execute(c).await
                    .map(|_| ()))
                .unwrap();
            }
        }
        let payments: Vec<(Money, i64)> = on_db!(conn, c =>
            sqlx::query_as("SELECT amount, amount_cents FROM payments").fetch_all(c).await)
        .unwrap();
        assert!(payments.len() >= 5, "{round}");
        for (amount, cents) in payments {
            assert_eq!(
                minor_units(amount, 2),
                Some(cents),
                "{round}: payment {amount}"
            );
        }
        let lines: Vec<(uuid::Uuid, String, Money)> = on_db!(conn, c =>
            sqlx::query_as("SELECT invoice_id, kind, total FROM invoice_lines").fetch_all(c).await)
        .unwrap();
        let mut expected: HashMap<uuid::Uuid, (Option<i64>, Option<i64>)> = HashMap::new();
        for (invoice, kind, total) in lines {
            let sums = expected.entry(invoice).or_default();
            let sum = if kind == "service" {
                &mut sums.0
            } else {
                &mut sums.1
            };
            *sum = Some(sum.unwrap_or(0) + minor_units(total, 2).unwrap());
        }
        let invoices: Vec<(uuid::Uuid, Option<i64>, Option<i64>)> = on_db!(conn, c =>
            sqlx::query_as("SELECT id, lines_service_cents, lines_part_cents FROM invoices")
                .fetch_all(c).await)
        .unwrap();
        assert!(invoices.len() >= 4, "{round}");
        for (id, service, part) in invoices {
            assert_eq!(
                expected.get(&id).copied().unwrap_or_default(),
                (service, part),
                "{round}: invoice {id}"
            );
        }
    }
    drop(conn);
    // The report sums them: 350 + 3.07 + 12345.60 invoiced, 200 + 910.54
    // collected.
    let r = json_ok(
        admin
            .get(&format!("/api/v1/reports/revenue?customer_id={c}"))
            .await,
        200,
    )
    .await;
    assert_eq!(r["totals"]["invoiced"], "12698.67", "{r}");
    assert_eq!(r["totals"]["collected"], "1110.54");
    assert_eq!(r["totals"]["payments"], 5);
    assert_eq!(r["by_service_type"][0]["kind"], "part");
    assert_eq!(r["by_service_type"][0]["invoiced"], "53.07");
    assert_eq!(r["by_service_type"][1]["invoiced"], "12645.60");
    assert_eq!(r["by_customer"][0]["figures"], r["totals"]);
    // A range without invoices has no service type at all.
    let before = today() - TimeDelta::days(3000);
    let empty = json_ok(
        admin
            .get(&format!(
                "/api/v1/reports/revenue?customer_id={c}&from={before}&to={before}"
            ))
            .await,
        200,
    )
    .await;
    assert_eq!(empty["by_service_type"], json!([]), "{empty}");
    assert_eq!(empty["totals"]["invoiced"], "0.00");
}

/// Three orders for a new customer, two with the technician: one closed;
/// the technician adds a part line to the other and writes two timeline
/// entries.
async fn operations_count_orders_and_each_technicians_work(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let technician = app.login_as("technician").await;
    let tech = technician.user_id();
    let c = new_customer(&admin, "Operaciones Report S.A.", None).await;
    let order = |techs: Value| {
        let admin = &admin;
        let c = c.clone();
        async move {
            json_ok(
                admin
                    .post(
                        "/api/v1/orders",
                        json!({"customer_id": c, "reason": "Revisión", "technician_ids": techs}),
                    )
                    .await,
                201,
            )
            .await["id"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let a = order(json!([tech])).await;
    let b = order(json!([tech])).await;
    order(json!([])).await;
    json_ok(
        technician
            .post(
                &format!("/api/v1/orders/{b}/parts"),
                json!({"description": "Filtro", "quantity": "1", "unit_price": "10"}),
            )
            .await,
        201,
    )
    .await;
    for text in ["Diagnóstico hecho", "Filtro cambiado"] {
        json_ok(
            technician
                .post(
                    &format!("/api/v1/orders/{b}/events"),
                    json!({"visibility": "internal", "comment": text}),
                )
                .await,
            201,
        )
        .await;
    }
    json_ok(
        admin
            .post(&format!("/api/v1/orders/{a}/close"), json!({}))
            .await,
        200,
    )
    .await;

    let q = format!(
        "/api/v1/reports/operations?customer_id={c}&from={}&to={}",
        today() - TimeDelta::days(6),
        today()
    );
    let r = json_ok(admin.get(&q).await, 200).await;
    assert_eq!(r["opened"], 3, "{r}");
    assert_eq!(r["closed"], 1);
    assert!(r["average_cycle_hours"].as_f64().unwrap() < 1.0);
    let periods = r["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 7);
    assert_eq!(periods[6]["opened"], 3);
    assert_eq!(periods[6]["closed"], 1);
    let closed: i64 = r["by_status"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["closed"] == true)
        .map(|s| s["orders"].as_i64().unwrap())
        .sum();
    assert_eq!(closed, 1);
    let t = r["technicians"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["user_id"] == tech.as_str())
        .unwrap_or_else(|| panic!("{r}"));
    assert_eq!(t["assigned"], 2);
    assert_eq!(t["closed"], 1);
    assert_eq!(t["parts_used"], 1);
    assert_eq!(t["tasks"], 2);
    // The technician sees only their own figures, whatever they ask for.
    let own = json_ok(
        technician
            .get(&format!("{q}&technician_id={}", admin.user_id()))
            .await,
        200,
    )
    .await;
    assert_eq!(own["opened"], 2, "only their orders: {own}");
    assert!(
        own["technicians"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["user_id"] == tech.as_str())
    );
    // A seller: only their customers' orders (this one has no seller).
    let seller = app.login_as("seller").await;
    let theirs = json_ok(seller.get(&q).await, 200).await;
    assert_eq!(theirs["opened"], 0);
    assert_problem(
        app.login_as("customer")
            .await
            .get("/api/v1/reports/operations")
            .await,
        403,
        "forbidden",
    )
    .await;
}
