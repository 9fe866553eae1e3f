//! Quotes through the API on both backends: the office prepares and sends,
//! the customer approves with one click (portal or signed e-mail link),
//! versions supersede, expired and superseded versions cannot be approved,
//! approval sets the order's service value and lands on its timeline, one
//! reminder before expiry; every refusal (roles, scopes, bad input) is a
//! typed problem and changes nothing.

use chrono::TimeDelta;
use faena::domain::Timestamp;
use faena::store::billing::reminders::ReminderSubject;
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, SECOND_DEMO, UNOWNED_DEMO, customer_id};
use crate::helpers::*;

fn lines() -> Value {
    json!([
        {"kind": "service", "description": "Mano de obra: mantenimiento 500 h",
         "quantity": "8", "unit_price": "45", "discount_pct": "0"},
        {"kind": "part", "description": "Filtro de aceite CAT 1R-0716",
         "quantity": "2", "unit_price": "38.50", "discount_pct": "10", "tax_rate": "16"},
        {"kind": "service", "description": "Traslado de equipo",
         "quantity": "1", "unit_price": "120", "tax_exempt": true}
    ])
}

/// 8×45 = 360 (+16 % = 57.60); 2×38.50 = 77 − 7.70 = 69.30 (+11.09);
/// 120 exempt. Subtotal 549.30, tax 68.69, total 617.99.
const TOTAL: &str = "617.99";

async fn order_for(admin: &Session, customer: &str) -> String {
    let order = json_ok(
        admin
            .post(
                "/api/v1/orders",
                json!({"customer_id": customer, "reason": "Mantenimiento de 500 horas",
                       "service_value": "0", "technician_ids": []}),
            )
            .await,
        201,
    )
    .await;
    order["id"].as_str().unwrap().to_string()
}

async fn create(s: &Session, body: Value) -> Value {
    json_ok(s.post("/api/v1/quotes", body).await, 201).await
}

async fn count(s: &Session) -> usize {
    json_ok(s.get("/api/v1/quotes").await, 200).await["items"]
        .as_array()
        .unwrap()
        .len()
}

/// The secret of the signed link (`…/q/<token>`) in an e-mail.
fn quote_token(mail: &str) -> String {
    for (at, _) in mail.match_indices("/q/") {
        let before = &mail[at.saturating_sub(80)..at];
        if let Some(h) = before.rfind("http")
            && !before[h..].contains(char::is_whitespace)
            && !before[h..].contains('"')
        {
            return mail[at + 3..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
        }
    }
    panic!("no signed link in {mail}")
}

fn id(q: &Value) -> String {
    q["quote"]["id"].as_str().unwrap().to_string()
}

async fn office_prepares_sends_and_the_customer_approves(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let order = order_for(&admin, &first).await;

    let q = create(
        &admin,
        json!({"order_id": order, "notes": "Incluye traslado", "lines": lines()}),
    )
    .await;
    let qid = id(&q);
    assert_eq!(q["quote"]["number"], "PRE-000001");
    assert_eq!(q["quote"]["state"], "draft");
    assert_eq!(q["quote"]["customer_id"], first.as_str());
    assert_eq!(q["version"]["subtotal"], "549.30");
    assert_eq!(q["version"]["tax"], "68.69");
    assert_eq!(q["version"]["total"], TOTAL);
    assert_eq!(q["lines"][2]["tax_exempt"], true);
    assert_eq!(
        q["lines"][0]["tax_rate"], "16",
        "the company rate by default"
    );

    // The preview computes the same figures without saving.
    let preview = json_ok(
        admin
            .post("/api/v1/quotes/preview", json!({"lines": lines()}))
            .await,
        200,
    )
    .await;
    assert_eq!(preview["total"], TOTAL);
    assert_eq!(preview["lines"][1]["net"], "69.30");

    // A draft never reaches the customer.
    assert_eq!(count(&customer).await, 0);
    assert_problem(
        customer.get(&format!("/api/v1/quotes/{qid}")).await,
        404,
        "not_found",
    )
    .await;

    // The draft is edited in place.
    let edited = json_ok(
        admin
            .put(
                &format!("/api/v1/quotes/{qid}"),
                json!({"notes": "Precio final", "lines": lines()}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(edited["quote"]["version"], 1);
    assert_eq!(edited["version"]["notes"], "Precio final");

    let sent = json_ok(
        admin
            .post(&format!("/api/v1/quotes/{qid}/send"), json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(sent["quote"]["state"], "sent");
    assert_problem(
        admin
            .post(&format!("/api/v1/quotes/{qid}/send"), json!({}))
            .await,
        409,
        "quote_not_editable",
    )
    .await;
    // The e-mail carries the PDF and the signed link.
    let mail = app.last_email_to("cliente@faena.demo");
    assert!(mail.contains("PRE-000001"), "{mail}");
    assert!(mail.contains("application/pdf"), "the PDF is attached");
    assert!(mail.contains("PRE-000001.pdf"));
    assert!(mail.contains("/q/"));

    // The customer sees it and approves with one click.
    let mine = json_ok(customer.get(&format!("/api/v1/quotes/{qid}")).await, 200).await;
    assert_eq!(mine["can_answer"], true);
    assert_eq!(mine["lines"].as_array().unwrap().len(), 3);
    let pdf = customer.get(&format!("/api/v1/quotes/{qid}/pdf")).await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    let approved = json_ok(
        customer
            .post(
                &format!("/api/v1/quotes/{qid}/answer"),
                json!({"answer": "approve"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(approved["quote"]["state"], "approved");
    assert_eq!(approved["version"]["answered_in_app"], true);
    assert_problem(
        customer
            .post(
                &format!("/api/v1/quotes/{qid}/answer"),
                json!({"answer": "reject"}),
            )
            .await,
        409,
        "quote_not_answerable",
    )
    .await;
    // An approved version is final.
    assert_problem(
        admin
            .put(&format!("/api/v1/quotes/{qid}"), json!({"lines": lines()}))
            .await,
        409,
        "quote_not_editable",
    )
    .await;

    // Approval set the order's service value and is on its timeline.
    let o = json_ok(admin.get(&format!("/api/v1/orders/{order}")).await, 200).await;
    assert_eq!(o["service_value"], TOTAL);
    assert!(
        o["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["label"] == "Presupuesto PRE-000001 aprobado"),
        "{o}"
    );
    // The office was told (in-app), with the answer in the delivery log.
    let log = json_ok(
        admin
            .get(&format!(
                "/api/v1/notifications/deliveries?subject_type=quote&subject_id={qid}"
            ))
            .await,
        200,
    )
    .await;
    let kinds: Vec<&str> = log
        .as_array()
        .or_else(|| log["items"].as_array())
        .unwrap()
        .iter()
        .filter_map(|d| d["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"quote_answered"), "{log}");
    assert!(kinds.contains(&"quote_sent"), "{log}");
}

async fn changes_make_a_new_version_and_old_ones_cannot_be_approved(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let q = create(&admin, json!({"customer_id": first, "lines": lines()})).await;
    let qid = id(&q);
    json_ok(
        admin
            .post(&format!("/api/v1/quotes/{qid}/send"), json!({}))
            .await,
        200,
    )
    .await;
    let token = quote_token(&app.last_email_to("cliente@faena.demo"));

    // Asking for changes needs a comment.
    let answer = format!("/api/v1/quotes/{qid}/answer");
    let r = assert_problem(
        customer
            .post(&answer, json!({"answer": "request_changes"}))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(r["field"], "comment");
    let asked = json_ok(
        customer
            .post(
                &answer,
                json!({"answer": "request_changes", "comment": "Sin traslado, por favor"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(asked["quote"]["state"], "changes_requested");

    // The office changes it: version 2 supersedes version 1.
    let v2 = json_ok(
        admin
            .put(
                &format!("/api/v1/quotes/{qid}"),
                json!({"lines": [lines()[0].clone(), lines()[1].clone()]}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(v2["quote"]["version_number"], "PRE-000001-v2");
    assert_eq!(v2["quote"]["state"], "draft");
    let states: Vec<&str> = v2["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["superseded", "draft"]);
    assert_eq!(
        v2["versions"][0]["answer_comment"],
        "Sin traslado, por favor"
    );

    // The customer still sees version 1 — superseded, not approvable.
    let mine = json_ok(customer.get(&format!("/api/v1/quotes/{qid}")).await, 200).await;
    assert_eq!(mine["quote"]["version"], 1);
    assert_eq!(mine["versions"].as_array().unwrap().len(), 1);
    assert_eq!(mine["can_answer"], false);
    assert_problem(
        customer.post(&answer, json!({"answer": "approve"})).await,
        409,
        "quote_superseded",
    )
    .await;
    // Through the old link too.
    assert_problem(
        app.anonymous()
            .post(
                &format!("/api/v1/public/quotes/{token}/answer"),
                json!({"answer": "approve"}),
            )
            .await,
        409,
        "quote_superseded",
    )
    .await;

    // Version 2 is sent and approved through its signed link, no sign-in.
    json_ok(
        admin
            .post(&format!("/api/v1/quotes/{qid}/send"), json!({}))
            .await,
        200,
    )
    .await;
    let token = quote_token(&app.last_email_to("cliente@faena.demo"));
    let anon = app.anonymous();
    let seen = json_ok(
        anon.get(&format!("/api/v1/public/quotes/{token}")).await,
        200,
    )
    .await;
    assert_eq!(seen["quote"]["version_number"], "PRE-000001-v2");
    assert_eq!(seen["can_answer"], true);
    let pdf = anon
        .get(&format!("/api/v1/public/quotes/{token}/pdf"))
        .await;
    assert_eq!(pdf.status(), 200);
    let done = json_ok(
        anon.post(
            &format!("/api/v1/public/quotes/{token}/answer"),
            json!({"answer": "approve"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(done["quote"]["state"], "approved");
    assert_eq!(done["version"]["answered_in_app"], false);
    assert_problem(
        anon.get("/api/v1/public/quotes/not-a-real-token-at-all")
            .await,
        404,
        "not_found",
    )
    .await;
}

async fn expired_quotes_cannot_be_approved_and_one_reminder_is_sent(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let valid_until = (chrono::Utc::now() + TimeDelta::days(10)).date_naive();
    let q = create(
        &admin,
        json!({"customer_id": first, "valid_until": valid_until, "lines": lines()}),
    )
    .await;
    let qid = id(&q);
    let version: faena::domain::QuoteVersionId =
        q["version"]["id"].as_str().unwrap().parse().unwrap();
    json_ok(
        admin
            .post(&format!("/api/v1/quotes/{qid}/send"), json!({}))
            .await,
        200,
    )
    .await;

    // Sending planned one reminder, 2 days (the setting) before expiry.
    let mut conn = app.services.store.conn().await.unwrap();
    let planned = conn
        .billing_reminders_of(ReminderSubject::Quote(version))
        .await
        .unwrap();
    assert_eq!(planned.len(), 1);
    assert_eq!(planned[0].offset_days, -2);

    // A due reminder goes out once, by e-mail, to the customer.
    let now = Timestamp::now();
    conn.insert_billing_reminder(
        ReminderSubject::Quote(version),
        -2,
        now - TimeDelta::seconds(1),
        now,
    )
    .await
    .unwrap();
    drop(conn);
    let done = app.services.run_quote_jobs("test").await.unwrap();
    assert_eq!(done, 1);
    assert_eq!(app.services.run_quote_jobs("test").await.unwrap(), 0);
    let mail = app.last_email_to("cliente@faena.demo");
    assert!(mail.contains("no tiene respuesta"), "{mail}");

    // Past its validity (the job marks it), it cannot be approved.
    let mut conn = app.services.store.conn().await.unwrap();
    let later = (chrono::Utc::now() + TimeDelta::days(30)).date_naive();
    let expired = conn.expire_quotes(later, Timestamp::now()).await.unwrap();
    assert_eq!(expired.len(), 1);
    drop(conn);
    assert_problem(
        customer
            .post(
                &format!("/api/v1/quotes/{qid}/answer"),
                json!({"answer": "approve"}),
            )
            .await,
        409,
        "quote_expired",
    )
    .await;
    let shown = json_ok(admin.get(&format!("/api/v1/quotes/{qid}")).await, 200).await;
    assert_eq!(shown["quote"]["state"], "expired");
}

async fn who_may_see_and_quote(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let technician = app.login_as("technician").await;
    let customer = app.login_as("customer").await;
    let operator = app.login_as("operator").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let second = customer_id(&admin, SECOND_DEMO).await;
    let unowned = customer_id(&admin, UNOWNED_DEMO).await;

    // Technicians: nothing.
    assert_problem(technician.get("/api/v1/quotes").await, 403, "forbidden").await;
    assert_problem(
        technician
            .post(
                "/api/v1/quotes",
                json!({"customer_id": first, "lines": lines()}),
            )
            .await,
        403,
        "forbidden",
    )
    .await;
    // Customers neither create nor send; staff do not answer.
    assert_problem(
        customer
            .post(
                "/api/v1/quotes",
                json!({"customer_id": first, "lines": lines()}),
            )
            .await,
        403,
        "forbidden",
    )
    .await;
    let own = create(&seller, json!({"customer_id": first, "lines": lines()})).await;
    let other = create(&operator, json!({"customer_id": unowned, "lines": lines()})).await;
    let second_q = create(&admin, json!({"customer_id": second, "lines": lines()})).await;
    for q in [&own, &other, &second_q] {
        json_ok(
            admin
                .post(&format!("/api/v1/quotes/{}/send", id(q)), json!({}))
                .await,
            200,
        )
        .await;
    }
    assert_problem(
        customer
            .post(&format!("/api/v1/quotes/{}/send", id(&own)), json!({}))
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        admin
            .post(
                &format!("/api/v1/quotes/{}/answer", id(&own)),
                json!({"answer": "approve"}),
            )
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        technician
            .get(&format!("/api/v1/quotes/{}", id(&own)))
            .await,
        403,
        "forbidden",
    )
    .await;

    // A seller quotes and sees only the customers they own.
    let r = assert_problem(
        seller
            .post(
                "/api/v1/quotes",
                json!({"customer_id": unowned, "lines": lines()}),
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(r["field"], "customer_id");
    let listed: Vec<String> = json_ok(seller.get("/api/v1/quotes").await, 200).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect();
    assert!(listed.contains(&id(&own)) && listed.contains(&id(&second_q)));
    assert!(!listed.contains(&id(&other)));
    assert_problem(
        seller.get(&format!("/api/v1/quotes/{}", id(&other))).await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        seller
            .put(
                &format!("/api/v1/quotes/{}", id(&other)),
                json!({"lines": lines()}),
            )
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        seller
            .post(&format!("/api/v1/quotes/{}/send", id(&other)), json!({}))
            .await,
        404,
        "not_found",
    )
    .await;

    // A customer sees only their company's.
    let theirs: Vec<String> = json_ok(customer.get("/api/v1/quotes").await, 200).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(theirs, vec![id(&own)]);
    assert_problem(
        customer
            .get(&format!("/api/v1/quotes/{}", id(&second_q)))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        customer
            .post(
                &format!("/api/v1/quotes/{}/answer", id(&second_q)),
                json!({"answer": "approve"}),
            )
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        customer
            .get(&format!("/api/v1/quotes/{}/pdf", id(&second_q)))
            .await,
        404,
        "not_found",
    )
    .await;

    // Filters: by state and customer, and the search.
    let drafts = json_ok(admin.get("/api/v1/quotes?state=draft").await, 200).await;
    assert_eq!(drafts["items"].as_array().unwrap().len(), 0);
    let by_customer = json_ok(
        admin
            .get(&format!("/api/v1/quotes?customer_id={second}"))
            .await,
        200,
    )
    .await;
    assert_eq!(by_customer["items"].as_array().unwrap().len(), 1);
    let searched = json_ok(admin.get("/api/v1/quotes?q=orinoco").await, 200).await;
    assert_eq!(searched["items"][0]["id"], id(&other).as_str());
}

async fn bad_input_is_refused_and_changes_nothing(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let line = |patch: Value| {
        let mut l = lines()[0].clone();
        for (k, v) in patch.as_object().unwrap() {
            l[k] = v.clone();
        }
        json!({"customer_id": first, "lines": [lines()[1].clone(), l]})
    };
    let cases = [
        (
            line(json!({"quantity": "-1"})),
            "validation_failed",
            "lines[1].quantity",
        ),
        (
            line(json!({"quantity": "0"})),
            "validation_failed",
            "lines[1].quantity",
        ),
        (
            line(json!({"tax_rate": "101"})),
            "validation_failed",
            "lines[1].tax_rate",
        ),
        (
            line(json!({"tax_rate": "-5"})),
            "validation_failed",
            "lines[1].tax_rate",
        ),
        (
            line(json!({"discount_pct": "150"})),
            "validation_failed",
            "lines[1].discount_pct",
        ),
        (
            line(json!({"unit_price": "1000000000000"})),
            "invalid_money",
            "lines[1].unit_price",
        ),
        (
            line(json!({"unit_price": "-3"})),
            "invalid_money",
            "lines[1].unit_price",
        ),
        (
            line(json!({"unit_price": "1.005"})),
            "invalid_money",
            "lines[1].unit_price",
        ),
        (
            line(json!({"description": ""})),
            "validation_failed",
            "lines[1].description",
        ),
        (
            json!({"customer_id": first, "lines": []}),
            "validation_failed",
            "lines",
        ),
        (
            json!({"lines": lines()}),
            "validation_failed",
            "customer_id",
        ),
        (
            json!({"customer_id": first, "valid_until": "2020-01-01", "lines": lines()}),
            "validation_failed",
            "valid_until",
        ),
    ];
    for (body, code, field) in cases {
        let r = assert_problem(admin.post("/api/v1/quotes", body.clone()).await, 422, code).await;
        assert_eq!(r["field"], field, "{body}");
    }
    // A sum beyond the bound.
    let huge = json!({"customer_id": first, "lines": [
        {"kind": "part", "description": "x", "quantity": "1000000", "unit_price": "999999999999"}
    ]});
    assert_problem(
        admin.post("/api/v1/quotes", huge).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(count(&admin).await, 0, "nothing was stored");

    // A bad edit leaves the draft as it was.
    let q = create(&admin, json!({"customer_id": first, "lines": lines()})).await;
    let qid = id(&q);
    assert_problem(
        admin
            .put(
                &format!("/api/v1/quotes/{qid}"),
                line(json!({"quantity": "-2"})),
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    let after = json_ok(admin.get(&format!("/api/v1/quotes/{qid}")).await, 200).await;
    assert_eq!(after["version"]["total"], TOTAL);
    assert_problem(
        admin
            .post(
                &format!("/api/v1/quotes/{qid}/answer"),
                json!({"answer": "maybe"}),
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    let nobody = uuid::Uuid::now_v7();
    assert_problem(
        admin.get(&format!("/api/v1/quotes/{nobody}")).await,
        404,
        "not_found",
    )
    .await;
}

both_backends!(
    office_prepares_sends_and_the_customer_approves,
    changes_make_a_new_version_and_old_ones_cannot_be_approved,
    expired_quotes_cannot_be_approved_and_one_reminder_is_sent,
    who_may_see_and_quote,
    bad_input_is_refused_and_changes_nothing,
);
