//! Invoice API stories on SQLite and PostgreSQL: an invoice from an order
//! is issued with its number and due date, the order's advance applied, the
//! rest paid on the invoice, the statement adds up; drafts are deletable and
//! issued invoices never; credit notes free allocated money; master's
//! reversal releases allocations; every refusal and every bad input is a
//! typed problem that changes nothing; concurrent issues never share a
//! number.

use faena::domain::appointment::ReminderStatus;
use faena::domain::billing::CreditLimitPolicy;
use faena::store::billing::reminders::ReminderSubject;
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, SECOND_DEMO, UNOWNED_DEMO, customer_id};
use crate::helpers::*;

/// The demo data, an order of the first demo customer worth 1000 (tax 16 %
/// on invoices) with an advance of 300.
struct Story {
    admin: Session,
    order: String,
    first: String,
    method: String,
}

async fn story(app: &TestApp) -> Story {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let order = order_with_advance(&admin, &first, "1000", "300").await;
    let method = first_method(&admin).await;
    Story {
        admin,
        order,
        first,
        method,
    }
}

async fn first_method(admin: &Session) -> String {
    let methods = json_ok(admin.get("/api/v1/payment-methods").await, 200).await;
    methods[0]["id"].as_str().unwrap().to_string()
}

async fn order_with_advance(admin: &Session, customer: &str, value: &str, advance: &str) -> String {
    let order = json_ok(
        admin
            .post(
                "/api/v1/orders",
                json!({"customer_id": customer, "reason": "Mantenimiento de 500 horas",
                       "service_value": value, "technician_ids": []}),
            )
            .await,
        201,
    )
    .await;
    let id = order["id"].as_str().unwrap().to_string();
    if advance != "0" {
        let method = first_method(admin).await;
        json_ok(
            admin
                .post(
                    &format!("/api/v1/orders/{id}/payments"),
                    json!({"amount": advance, "method_id": method, "reference": "adelanto"}),
                )
                .await,
            201,
        )
        .await;
    }
    id
}

async fn draft_from_order(admin: &Session, order: &str) -> Value {
    json_ok(
        admin
            .post(&format!("/api/v1/orders/{order}/invoice"), json!({}))
            .await,
        201,
    )
    .await
}

pub(super) async fn issue(admin: &Session, id: &str) -> Value {
    json_ok(
        admin
            .post(&format!("/api/v1/invoices/{id}/issue"), json!({}))
            .await,
        200,
    )
    .await
}

fn id_of(detail: &Value) -> String {
    detail["invoice"]["id"].as_str().unwrap().to_string()
}

pub(super) async fn hand_invoice(admin: &Session, customer: &str, price: &str) -> Value {
    json_ok(
        admin
            .post(
                "/api/v1/invoices",
                json!({"customer_id": customer, "lines": [
                    {"kind": "service", "description": "Diagnóstico", "quantity": "1",
                     "unit_price": price}
                ]}),
            )
            .await,
        201,
    )
    .await
}

async fn from_order_issue_pay_and_statement(app: TestApp) {
    let s = story(&app).await;
    let draft = draft_from_order(&s.admin, &s.order).await;
    let inv = &draft["invoice"];
    assert_eq!(inv["state"], "draft");
    assert!(inv["number"].is_null(), "a draft has no number");
    assert_eq!(inv["subtotal"], "1000.00");
    assert_eq!(inv["tax"], "160.00");
    assert_eq!(inv["total"], "1160.00");
    assert_eq!(draft["lines"].as_array().unwrap().len(), 1);
    let id = id_of(&draft);

    let issued = issue(&s.admin, &id).await;
    let inv = &issued["invoice"];
    assert_eq!(inv["number"], "FAC-000001");
    assert_eq!(inv["state"], "partially_paid", "the advance was applied");
    assert_eq!(inv["allocated"], "300.00");
    assert_eq!(inv["open"], "860.00");
    let issue_date: chrono::NaiveDate = inv["issue_date"].as_str().unwrap().parse().unwrap();
    let due: chrono::NaiveDate = inv["due_date"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        (due - issue_date).num_days(),
        30,
        "the company's payment terms"
    );
    assert_eq!(issued["allocations"].as_array().unwrap().len(), 1);

    // Reminders planned at the configured offsets ([-3, 7, 30]).
    let invoice_id = id.parse().unwrap();
    let mut conn = app.services.store.conn().await.unwrap();
    let reminders = conn
        .billing_reminders_of(ReminderSubject::Invoice(invoice_id))
        .await
        .unwrap();
    assert_eq!(reminders.len(), 3);
    drop(conn);

    // Paying more than is open without the credit setting is refused.
    let mut conn = app.services.store.conn().await.unwrap();
    let mut billing = conn.billing_settings().await.unwrap();
    billing.allow_customer_credit = false;
    conn.save_billing_settings(&billing).await.unwrap();
    drop(conn);
    assert_problem(
        s.admin
            .post(
                &format!("/api/v1/invoices/{id}/payments"),
                json!({"amount": "900", "method_id": s.method}),
            )
            .await,
        422,
        "amount_exceeds_balance",
    )
    .await;
    let paid = json_ok(
        s.admin
            .post(
                &format!("/api/v1/invoices/{id}/payments"),
                json!({"amount": "860", "method_id": s.method, "reference": "TRF-1"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(paid["invoice"]["state"], "paid");
    assert_eq!(paid["invoice"]["open"], "0.00");
    let mut conn = app.services.store.conn().await.unwrap();
    let reminders = conn
        .billing_reminders_of(ReminderSubject::Invoice(invoice_id))
        .await
        .unwrap();
    assert!(
        reminders
            .iter()
            .all(|r| r.status == ReminderStatus::Dropped),
        "a paid invoice is not reminded"
    );
    // The account's watchers were told.
    let published = conn
        .publications_after(&format!("account:{}", s.first), 0, 100)
        .await
        .unwrap();
    let types: Vec<String> = published
        .iter()
        .map(|p| {
            serde_json::from_str::<Value>(&p.data).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        types.contains(&"billing.invoice_issued".to_string()),
        "{types:?}"
    );
    assert!(
        types.contains(&"billing.invoice_settlement_changed".to_string()),
        "{types:?}"
    );
    assert!(
        types.contains(&"billing.statement_changed".to_string()),
        "{types:?}"
    );
    drop(conn);

    // The statement: advance (credit), invoice (charge), payment (credit).
    let st = json_ok(
        s.admin
            .get(&format!("/api/v1/customers/{}/statement", s.first))
            .await,
        200,
    )
    .await;
    assert_eq!(st["opening_balance"], "0.00");
    let lines = st["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 3, "{st}");
    let mut previous = rust_decimal::Decimal::ZERO;
    for l in lines {
        let d = |k: &str| -> rust_decimal::Decimal { l[k].as_str().unwrap().parse().unwrap() };
        assert_eq!(d("balance"), previous + d("charge") - d("credit"), "{l}");
        previous = d("balance");
    }
    let closing: rust_decimal::Decimal = st["closing_balance"].as_str().unwrap().parse().unwrap();
    assert!(closing.is_zero(), "{st}");
    assert_eq!(
        st["charges"]
            .as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap(),
        "1160".parse::<rust_decimal::Decimal>().unwrap()
    );

    // The customer's contact sees the same statement and the invoice PDF.
    let customer = app.login_as("customer").await;
    let theirs = json_ok(
        customer
            .get(&format!("/api/v1/customers/{}/statement", s.first))
            .await,
        200,
    )
    .await;
    assert_eq!(theirs["closing_balance"], st["closing_balance"]);
    let r = customer.get(&format!("/api/v1/invoices/{id}/pdf")).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "application/pdf"
    );
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF"));
    let pdf = s
        .admin
        .get(&format!("/api/v1/customers/{}/statement/pdf", s.first))
        .await;
    assert_eq!(pdf.status().as_u16(), 200);
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));

    // The customer was e-mailed about the issued invoice, with its PDF
    // ("PDF adjunto a sus correos", issue 13).
    app.settle_outbox();
    let emails = app.emails();
    let mail = emails
        .iter()
        .find(|e| e.contains("FAC-000001"))
        .expect("the invoice e-mail");
    assert!(
        mail.contains("application/pdf") && mail.contains("FAC-000001.pdf"),
        "the invoice's PDF is attached"
    );
}

/// "a configurable offsets" (issue 13): the office's billing settings are
/// read and changed by master and admin only, bad values change nothing,
/// and the next invoice follows the new terms.
async fn billing_settings_are_the_office_managers_and_take_effect(app: TestApp) {
    let s = story(&app).await;
    let initial = json_ok(s.admin.get("/api/v1/settings/billing").await, 200).await;
    assert_eq!(initial["payment_terms_days"], 30);
    assert_eq!(initial["receivable_reminder_days"], json!([-3, 7, 30]));
    assert_eq!(initial["credit_limit_policy"], "refuse_non_office");
    assert_eq!(
        initial["non_fiscal_line"],
        "ESTE SISTEMA NO EMITE DOCUMENTOS FISCALES"
    );
    let valid = json!({
        "payment_terms_days": 10, "quote_validity_days": 20, "quote_reminder_days": 3,
        "receivable_reminder_days": [14, -1, 14], "credit_limit_policy": "warn",
        "allow_customer_credit": false, "non_fiscal_line": "Documento sin valor fiscal",
    });
    // Refusals: other roles, and every out-of-bounds value (naming it).
    for role in ["operator", "seller", "technician"] {
        let other = app.login_as(role).await;
        assert_problem(
            other.get("/api/v1/settings/billing").await,
            403,
            "forbidden",
        )
        .await;
        assert_problem(
            other.put("/api/v1/settings/billing", valid.clone()).await,
            403,
            "forbidden",
        )
        .await;
    }
    for (field, value) in [
        ("payment_terms_days", json!(366)),
        ("quote_validity_days", json!(0)),
        ("quote_reminder_days", json!(-1)),
        (
            "receivable_reminder_days",
            json!([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
        ),
        ("receivable_reminder_days", json!([400])),
        ("non_fiscal_line", json!("  ")),
    ] {
        let mut bad = valid.clone();
        bad[field] = value;
        let p = assert_problem(
            s.admin.put("/api/v1/settings/billing", bad).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["field"], field);
    }
    let unchanged = json_ok(s.admin.get("/api/v1/settings/billing").await, 200).await;
    assert_eq!(unchanged, initial, "a refused change changes nothing");

    let saved = json_ok(s.admin.put("/api/v1/settings/billing", valid).await, 200).await;
    assert_eq!(saved["receivable_reminder_days"], json!([-1, 14]));
    assert_eq!(saved["credit_limit_policy"], "warn");
    let master = app.login_as("master").await;
    let read = json_ok(master.get("/api/v1/settings/billing").await, 200).await;
    assert_eq!(read["payment_terms_days"], 10);
    assert_eq!(read["non_fiscal_line"], "Documento sin valor fiscal");

    // The next invoice is due 10 days after its issue.
    let draft = hand_invoice(&s.admin, &s.first, "100").await;
    let issued = issue(&s.admin, &id_of(&draft)).await;
    let day =
        |v: &Value| chrono::NaiveDate::parse_from_str(v.as_str().unwrap(), "%Y-%m-%d").unwrap();
    assert_eq!(
        (day(&issued["invoice"]["due_date"]) - day(&issued["invoice"]["issue_date"])).num_days(),
        10
    );
}

async fn drafts_are_deletable_and_issued_invoices_never(app: TestApp) {
    let s = story(&app).await;
    let draft = hand_invoice(&s.admin, &s.first, "100").await;
    let id = id_of(&draft);
    let r = s
        .admin
        .request(reqwest::Method::DELETE, &format!("/api/v1/invoices/{id}"))
        .await;
    assert_eq!(r.status().as_u16(), 204);
    assert_problem(
        s.admin.get(&format!("/api/v1/invoices/{id}")).await,
        404,
        "not_found",
    )
    .await;

    let draft = hand_invoice(&s.admin, &s.first, "100").await;
    let id = id_of(&draft);
    issue(&s.admin, &id).await;
    assert_problem(
        s.admin
            .request(reqwest::Method::DELETE, &format!("/api/v1/invoices/{id}"))
            .await,
        422,
        "invalid_transition",
    )
    .await;
    assert_problem(
        s.admin
            .post(&format!("/api/v1/invoices/{id}/issue"), json!({}))
            .await,
        422,
        "invalid_transition",
    )
    .await;
    assert_problem(
        s.admin
            .put(
                &format!("/api/v1/invoices/{id}"),
                json!({"lines": [{"description": "x", "quantity": "1", "unit_price": "1"}]}),
            )
            .await,
        422,
        "invalid_transition",
    )
    .await;
    // Voiding: only with nothing settled, with a reason.
    assert_problem(
        s.admin
            .post(
                &format!("/api/v1/invoices/{id}/void"),
                json!({"reason": ""}),
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    let voided = json_ok(
        s.admin
            .post(
                &format!("/api/v1/invoices/{id}/void"),
                json!({"reason": "Emitida por error"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(voided["invoice"]["state"], "void");
    assert_eq!(
        voided["invoice"]["number"], "FAC-000001",
        "keeps its number"
    );
}

async fn bad_input_is_a_typed_problem_and_changes_nothing(app: TestApp) {
    let s = story(&app).await;
    let line = |q: &str, p: &str, rate: &str| {
        json!({"customer_id": s.first, "lines": [
            {"description": "Repuesto", "quantity": q, "unit_price": p, "tax_rate": rate}
        ]})
    };
    for (body, code) in [
        (line("-1", "10", "16"), "validation_failed"),
        (line("1", "10", "101"), "validation_failed"),
        (line("1", "-10", "16"), "invalid_money"),
        (line("1", "1000000000000.00", "16"), "invalid_money"),
        (line("1", "10.001", "16"), "invalid_money"),
        (
            json!({"customer_id": s.first, "lines": []}),
            "validation_failed",
        ),
    ] {
        let r = s.admin.post("/api/v1/invoices", body.clone()).await;
        let status = r.status().as_u16();
        assert_eq!(status, 422, "{body}");
        let problem: Value = r.json().await.unwrap();
        assert_eq!(problem["code"], code, "{body}: {problem}");
    }
    let page = json_ok(s.admin.get("/api/v1/invoices").await, 200).await;
    assert!(
        page["items"].as_array().unwrap().is_empty(),
        "nothing was written"
    );

    // Allocations: more than is open, more than the payment has free, a
    // draft, another customer's payment.
    let draft = draft_from_order(&s.admin, &s.order).await;
    let id = id_of(&draft);
    let other = customer_id(&s.admin, SECOND_DEMO).await;
    let other_order = order_with_advance(&s.admin, &other, "500", "200").await;
    let other_payment = json_ok(
        s.admin
            .get(&format!("/api/v1/orders/{other_order}/payments"))
            .await,
        200,
    )
    .await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_problem(
        s.admin
            .post(
                &format!("/api/v1/invoices/{id}/allocations"),
                json!({"payment_id": other_payment, "amount": "10"}),
            )
            .await,
        422,
        "invalid_transition",
    )
    .await;
    issue(&s.admin, &id).await;
    assert_problem(
        s.admin
            .post(
                &format!("/api/v1/invoices/{id}/allocations"),
                json!({"payment_id": other_payment, "amount": "10"}),
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    // A second order's advance of 200 (customer credit) against the 860 open.
    let second_order = order_with_advance(&s.admin, &s.first, "200", "200").await;
    let credit = json_ok(
        s.admin
            .get(&format!("/api/v1/customers/{}/credit", s.first))
            .await,
        200,
    )
    .await;
    assert_eq!(credit["total"], "200.00", "{credit}");
    let payment = credit["payments"][0]["payment_id"]
        .as_str()
        .unwrap()
        .to_string();
    let _ = second_order;
    assert_problem(
        s.admin
            .post(
                &format!("/api/v1/invoices/{id}/allocations"),
                json!({"payment_id": payment, "amount": "200.01"}),
            )
            .await,
        422,
        "amount_exceeds_balance",
    )
    .await;
    assert_problem(
        s.admin
            .post(
                &format!("/api/v1/invoices/{id}/allocations"),
                json!({"payment_id": payment, "amount": "0"}),
            )
            .await,
        422,
        "invalid_money",
    )
    .await;
    let allocated = json_ok(
        s.admin
            .post(
                &format!("/api/v1/invoices/{id}/allocations"),
                json!({"payment_id": payment, "amount": "200"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(allocated["invoice"]["allocated"], "500.00");
    assert_eq!(allocated["invoice"]["open"], "660.00");

    // Search filters.
    let search = |q: &str| format!("/api/v1/invoices?{q}");
    for (q, n) in [
        ("state=partially_paid", 1),
        ("state=paid", 0),
        ("q=FAC-000001", 1),
        ("amount_min=1160&amount_max=1160", 1),
        ("amount_min=1160.01", 0),
        ("overdue=true", 0),
        (&format!("customer_id={other}"), 0),
    ] {
        let page = json_ok(s.admin.get(&search(q)).await, 200).await;
        assert_eq!(page["items"].as_array().unwrap().len(), n, "{q}");
    }
    assert_problem(
        s.admin
            .get(&search("issued_from=2025-02-01&issued_to=2025-01-01"))
            .await,
        422,
        "validation_failed",
    )
    .await;

    // Exports: CSV with the number, XLSX as a zip.
    let csv = s.admin.get("/api/v1/invoices/export?format=csv").await;
    assert_eq!(csv.status().as_u16(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = csv.text().await.unwrap();
    assert!(
        text.contains("FAC-000001") && text.contains("1160.00"),
        "{text}"
    );
    let xlsx = s.admin.get("/api/v1/invoices/export?format=xlsx").await;
    assert_eq!(xlsx.status().as_u16(), 200);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
    let st = s
        .admin
        .get(&format!(
            "/api/v1/customers/{}/statement/export?format=csv",
            s.first
        ))
        .await;
    assert_eq!(st.status().as_u16(), 200);
    assert!(st.text().await.unwrap().contains("FAC-000001"));
}

async fn every_refusal(app: TestApp) {
    let s = story(&app).await;
    let draft = draft_from_order(&s.admin, &s.order).await;
    let id = id_of(&draft);
    let unowned = customer_id(&s.admin, UNOWNED_DEMO).await;
    let unowned_invoice = id_of(&hand_invoice(&s.admin, &unowned, "50").await);
    issue(&s.admin, &unowned_invoice).await;

    let seller = app.login_as("seller").await;
    let technician = app.login_as("technician").await;
    let customer = app.login_as("customer").await;

    // Only office roles create, issue, credit and allocate.
    for who in [&seller, &technician, &customer] {
        assert_problem(
            who.post(&format!("/api/v1/orders/{}/invoice", s.order), json!({}))
                .await,
            403,
            "forbidden",
        )
        .await;
        assert_problem(
            who.post(&format!("/api/v1/invoices/{id}/issue"), json!({}))
                .await,
            403,
            "forbidden",
        )
        .await;
        assert_problem(
            who.post(
                "/api/v1/invoices",
                json!({"customer_id": s.first, "lines": [
                    {"description": "x", "quantity": "1", "unit_price": "1"}]}),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
        assert_problem(
            who.post(
                &format!("/api/v1/invoices/{unowned_invoice}/credit-notes"),
                json!({"reason": "x"}),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
        assert_problem(
            who.request(reqwest::Method::DELETE, &format!("/api/v1/invoices/{id}"))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    // Technicians see no billing at all.
    for path in [
        "/api/v1/invoices".to_string(),
        "/api/v1/receivables".to_string(),
        format!("/api/v1/customers/{}/statement", s.first),
        format!("/api/v1/invoices/{unowned_invoice}"),
    ] {
        assert_problem(technician.get(&path).await, 403, "forbidden").await;
    }
    issue(&s.admin, &id).await;
    // A seller sees their own customers' invoices only; a customer their
    // company's; neither sees drafts.
    let listed = json_ok(seller.get("/api/v1/invoices").await, 200).await;
    let numbers: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["customer_id"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, [s.first.as_str()], "{listed}");
    assert_problem(
        seller
            .get(&format!("/api/v1/invoices/{unowned_invoice}"))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        seller
            .get(&format!("/api/v1/customers/{unowned}/statement"))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        customer
            .get(&format!("/api/v1/invoices/{unowned_invoice}/pdf"))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        customer
            .get(&format!("/api/v1/customers/{unowned}/statement"))
            .await,
        404,
        "not_found",
    )
    .await;
    let draft = id_of(&hand_invoice(&s.admin, &s.first, "10").await);
    assert_problem(
        customer.get(&format!("/api/v1/invoices/{draft}")).await,
        404,
        "not_found",
    )
    .await;
    let mine = json_ok(customer.get("/api/v1/invoices").await, 200).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1, "{mine}");
    json_ok(customer.get(&format!("/api/v1/invoices/{id}")).await, 200).await;
    // Only master reverses payments (unchanged), and nobody else.
    let payment = json_ok(
        s.admin
            .get(&format!("/api/v1/orders/{}/payments", s.order))
            .await,
        200,
    )
    .await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_problem(
        s.admin
            .request(
                reqwest::Method::DELETE,
                &format!("/api/v1/payments/{payment}"),
            )
            .await,
        403,
        "forbidden",
    )
    .await;
}

async fn credit_notes_and_reversals_settle_invoices(app: TestApp) {
    let s = story(&app).await;
    let id = id_of(&draft_from_order(&s.admin, &s.order).await);
    issue(&s.admin, &id).await;
    json_ok(
        s.admin
            .post(
                &format!("/api/v1/invoices/{id}/payments"),
                json!({"amount": "860", "method_id": s.method}),
            )
            .await,
        200,
    )
    .await;
    // A partial credit note on the paid invoice frees 116 of its allocations.
    let note = json_ok(
        s.admin
            .post(
                &format!("/api/v1/invoices/{id}/credit-notes"),
                json!({"reason": "Descuento por demora", "lines": [
                    {"description": "Descuento", "quantity": "1", "unit_price": "100"}]}),
            )
            .await,
        201,
    )
    .await;
    assert_eq!(note["credit_note"]["number"], "NC-000001");
    assert_eq!(note["credit_note"]["total"], "116.00");
    let detail = json_ok(s.admin.get(&format!("/api/v1/invoices/{id}")).await, 200).await;
    assert_eq!(detail["invoice"]["state"], "paid");
    assert_eq!(detail["invoice"]["credited"], "116.00");
    assert_eq!(detail["invoice"]["allocated"], "1044.00");
    let credit = json_ok(
        s.admin
            .get(&format!("/api/v1/customers/{}/credit", s.first))
            .await,
        200,
    )
    .await;
    assert_eq!(credit["total"], "116.00", "freed money is customer credit");
    // More than is not credited yet is refused.
    assert_problem(
        s.admin
            .post(
                &format!("/api/v1/invoices/{id}/credit-notes"),
                json!({"reason": "x", "lines": [
                    {"description": "x", "quantity": "1", "unit_price": "1000"}]}),
            )
            .await,
        422,
        "amount_exceeds_balance",
    )
    .await;
    let pdf = s
        .admin
        .get(&format!(
            "/api/v1/credit-notes/{}/pdf",
            note["credit_note"]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(pdf.status().as_u16(), 200);
    // The customer is e-mailed the credit note, its PDF attached.
    let emails = app.emails();
    let mail = emails
        .iter()
        .find(|e| e.contains("nota de crédito NC-000001") || e.contains("NC-000001.pdf"))
        .expect("the credit note e-mail");
    assert!(
        mail.contains("NC-000001.pdf") && mail.contains("application/pdf"),
        "the credit note's PDF is attached"
    );

    // Master reverses the advance: its allocation is released.
    let master = app.login_as("master").await;
    let payments = json_ok(
        s.admin
            .get(&format!("/api/v1/orders/{}/payments", s.order))
            .await,
        200,
    )
    .await;
    let advance = payments["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["reference"] == "adelanto")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = master
        .client
        .delete(format!("{}/api/v1/payments/{advance}", app.address))
        .bearer_auth(master.token.clone().unwrap())
        .json(&json!({"reason": "Cheque devuelto"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "{}", r.text().await.unwrap());
    let detail = json_ok(s.admin.get(&format!("/api/v1/invoices/{id}")).await, 200).await;
    assert_eq!(detail["invoice"]["state"], "partially_paid", "{detail}");
    let released: Vec<&Value> = detail["allocations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["release_reason"] == "payment_reversed")
        .collect();
    assert_eq!(released.len(), 1, "{detail}");
    let st = json_ok(
        s.admin
            .get(&format!("/api/v1/customers/{}/statement", s.first))
            .await,
        200,
    )
    .await;
    assert!(
        st["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["kind"] == "payment_reversal"),
        "{st}"
    );
    let receivables = json_ok(s.admin.get("/api/v1/receivables").await, 200).await;
    assert_eq!(receivables["invoices"].as_array().unwrap().len(), 1);
}

async fn the_credit_limit_warns_the_office(app: TestApp) {
    let s = story(&app).await;
    let mut conn = app.services.store.conn().await.unwrap();
    let mut billing = conn.billing_settings().await.unwrap();
    billing.credit_limit_policy = CreditLimitPolicy::RefuseNonOffice;
    conn.save_billing_settings(&billing).await.unwrap();
    drop(conn);
    // The limit is 5000: an invoice of 5800 goes over it.
    let id = id_of(&hand_invoice(&s.admin, &s.first, "5000").await);
    let issued = issue(&s.admin, &id).await;
    assert_eq!(issued["credit_warning"]["limit"], "5000.00", "{issued}");
    assert_eq!(issued["invoice"]["state"], "issued");
    let small = id_of(&hand_invoice(&s.admin, &s.first, "1").await);
    let issued = issue(&s.admin, &small).await;
    assert!(issued["credit_warning"].is_object(), "still over the limit");
    let _ = s.order;

    // A new order over the limit: refused to the seller, allowed to the office.
    let seller = app.login_as("seller").await;
    let order = json!({"customer_id": s.first, "reason": "Overhaul",
                       "service_value": "100", "technician_ids": []});
    assert_problem(
        seller.post("/api/v1/orders", order.clone()).await,
        409,
        "credit_limit_exceeded",
    )
    .await;
    json_ok(s.admin.post("/api/v1/orders", order).await, 201).await;
    // Within the limit, the seller goes ahead.
    let second = customer_id(&s.admin, SECOND_DEMO).await;
    json_ok(
        seller
            .post(
                "/api/v1/orders",
                json!({"customer_id": second, "reason": "Revisión",
                       "service_value": "100", "technician_ids": []}),
            )
            .await,
        201,
    )
    .await;
}

/// Drafts issued by parallel requests get distinct, consecutive numbers;
/// one draft issued twice at once is issued once.
async fn concurrent_issues_through_the_api(app: TestApp) {
    let s = story(&app).await;
    let mut ids = Vec::new();
    for i in 0..6 {
        ids.push(id_of(
            &hand_invoice(&s.admin, &s.first, &format!("{}", 10 + i)).await,
        ));
    }
    let twice = ids[0].clone();
    let mut requests = Vec::new();
    for id in ids.iter().chain(std::iter::once(&twice)) {
        let client = s.admin.client.clone();
        let url = format!("{}/api/v1/invoices/{id}/issue", app.address);
        let token = s.admin.token.clone().unwrap();
        requests.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .bearer_auth(token)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap())
        }));
    }
    let mut numbers = Vec::new();
    let mut refused = 0;
    for r in requests {
        let (status, body) = r.await.unwrap();
        match status {
            200 => numbers.push(body["invoice"]["number"].as_str().unwrap().to_string()),
            422 => {
                assert_eq!(body["code"], "invalid_transition");
                refused += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!(refused, 1, "the draft issued twice is issued once");
    numbers.sort();
    let expected: Vec<String> = (1..=6).map(|n| format!("FAC-{n:06}")).collect();
    assert_eq!(numbers, expected, "gap-free and distinct");
}

both_backends!(
    from_order_issue_pay_and_statement,
    drafts_are_deletable_and_issued_invoices_never,
    bad_input_is_a_typed_problem_and_changes_nothing,
    every_refusal,
    credit_notes_and_reversals_settle_invoices,
    billing_settings_are_the_office_managers_and_take_effect,
    the_credit_limit_warns_the_office,
    concurrent_issues_through_the_api,
);
