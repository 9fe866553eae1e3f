//! Customer metrics and the at-risk score (issue 16; seed 004: "alertas
//! tempranas de clientes en riesgo"): signals computed from what the
//! product records, the score crossing the threshold and clearing, one
//! alert per crossing, the "at risk" list and the segment metrics in the
//! caller's scope, the nightly run once a night, and every refusal.

use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, SECOND_DEMO, UNOWNED_DEMO, customer_id};
use crate::helpers::*;

quiet_backends!(
    complaints_cross_the_threshold_once_and_a_closed_one_clears_it,
    silence_and_segments_are_measured_in_scope,
    risk_screens_refuse_other_roles_and_bad_input,
);

async fn complaint(customer: &Session, subject: &str) -> String {
    json_ok(
        customer
            .post(
                "/api/v1/tickets",
                json!({"type": "complaint", "subject": subject, "description": "Reclamo"}),
            )
            .await,
        201,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn metrics(s: &Session, customer: &str) -> Value {
    json_ok(
        s.get(&format!("/api/v1/customers/{customer}/metrics"))
            .await,
        200,
    )
    .await
}

/// The in-app alerts of crossings about `customer`.
async fn alerts(app: &TestApp, customer: &str) -> Vec<Value> {
    app.services
        .store
        .conn()
        .await
        .unwrap()
        .deliveries_of("customer", customer)
        .await
        .unwrap()
        .into_iter()
        .map(|d| serde_json::to_value(faena::services::views::outbox::Delivery::from(d)).unwrap())
        .filter(|d| d["kind"] == "customer_at_risk" && d["channel"] == "in_app")
        .collect()
}

async fn complaints_cross_the_threshold_once_and_a_closed_one_clears_it(app: TestApp) {
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let customer = app.login_as("customer").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    json_ok(
        admin
            .put(
                "/api/v1/settings/post-sale",
                json!({"warranty_alert_days": 30, "at_risk_threshold": 30}),
            )
            .await,
        200,
    )
    .await;
    let one = complaint(&customer, "La excavadora pierde potencia").await;
    complaint(&customer, "El técnico no llegó").await;

    // Computed on the spot: two open complaints, 30 points.
    let m = metrics(&admin, &first).await;
    assert_eq!(m["signals"]["open_complaints"], 2);
    assert_eq!(m["signals"]["tickets_90d"], 2);
    assert_eq!(
        m["signals"]["contacts_90d"], 2,
        "the portal tickets are contacts"
    );
    assert_eq!(m["signals"]["days_since_contact"], 0);
    assert_eq!(m["score"], 30);
    assert_eq!(m["threshold"], 30);
    assert_eq!(m["at_risk"], true);
    assert_eq!(
        m["reasons"],
        json!([{"signal": "open_complaints", "count": 2, "points": 30}])
    );
    assert!(m["at_risk_since"].is_null(), "not scored yet");
    assert!(alerts(&app, &first).await.is_empty());

    // The run stores it and alerts the seller and the office, once.
    let run = app.services.recompute_customer_risk().await.unwrap();
    assert_eq!(
        (run.customers, run.at_risk, run.crossed, run.cleared),
        (3, 1, 1, 0)
    );
    let sent = alerts(&app, &first).await;
    for who in [&seller, &admin] {
        assert!(
            sent.iter()
                .any(|d| d["recipient_user_id"] == who.user_id().as_str()),
            "{sent:?}"
        );
    }
    let count = sent.len();
    let again = app.services.recompute_customer_risk().await.unwrap();
    assert_eq!(again.crossed, 0);
    assert_eq!(alerts(&app, &first).await.len(), count, "once per crossing");
    let list = json_ok(admin.get("/api/v1/customer-metrics/at-risk").await, 200).await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["name"], FIRST_DEMO);
    assert_eq!(list[0]["score"], 30);
    assert!(list[0]["since"].is_string());
    assert!(metrics(&admin, &first).await["at_risk_since"].is_string());
    // The customer's seller sees it too.
    let theirs = json_ok(seller.get("/api/v1/customer-metrics/at-risk").await, 200).await;
    assert_eq!(theirs.as_array().unwrap().len(), 1);

    // A complaint closed: 15 points, cleared.
    json_ok(
        admin
            .put(
                &format!("/api/v1/tickets/{one}/state"),
                json!({"state": "closed"}),
            )
            .await,
        200,
    )
    .await;
    let run = app.services.recompute_customer_risk().await.unwrap();
    assert_eq!((run.at_risk, run.crossed, run.cleared), (0, 0, 1));
    assert!(
        json_ok(admin.get("/api/v1/customer-metrics/at-risk").await, 200)
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    // A new complaint crosses again: a new alert.
    complaint(&customer, "Otra falla").await;
    let run = app.services.recompute_customer_risk().await.unwrap();
    assert_eq!(run.crossed, 1);
    assert!(alerts(&app, &first).await.len() > count);

    // The nightly run: once a night, whichever node looks.
    assert!(app.services.run_nightly_risk().await.unwrap().is_some());
    assert!(app.services.run_nightly_risk().await.unwrap().is_none());
}

async fn silence_and_segments_are_measured_in_scope(app: TestApp) {
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let second = customer_id(&admin, SECOND_DEMO).await;
    // The last contact with the second customer was 130 days ago.
    let long_ago = chrono::Utc::now() - chrono::TimeDelta::days(130);
    json_ok(
        admin
            .post(
                &format!("/api/v1/customers/{second}/interactions"),
                json!({"channel": "visit", "direction": "outbound", "initiative": "proactive",
                       "reason": "Visita de cortesía", "occurred_at": long_ago}),
            )
            .await,
        201,
    )
    .await;
    let m = metrics(&seller, &second).await;
    assert_eq!(m["signals"]["days_since_contact"], 130);
    assert_eq!(m["signals"]["contacts_90d"], 0);
    assert_eq!(m["score"], 25);
    assert_eq!(
        m["reasons"],
        json!([{"signal": "no_recent_contact", "days": 130, "points": 25}])
    );
    assert_eq!(m["at_risk"], false, "under the default 50");

    let by_category = json_ok(
        admin
            .get("/api/v1/customer-metrics/segments?group=category")
            .await,
        200,
    )
    .await;
    let rows: Vec<(String, i64)> = by_category
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["segment"].as_str().unwrap().to_string(),
                r["customers"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Construcción".into(), 1),
            ("Minería".into(), 1),
            ("Transporte".into(), 1)
        ]
    );
    let mining = &by_category[1];
    assert_eq!(mining["average_score"], 25.0);
    assert_eq!(mining["contacts_90d"], 0);
    assert!(mining["proactive_ratio"].is_null());
    // By seller: the seller's two customers, and the one nobody owns.
    let by_owner = json_ok(
        admin
            .get("/api/v1/customer-metrics/segments?group=owner")
            .await,
        200,
    )
    .await;
    let rows: Vec<(String, i64)> = by_owner
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["segment"].as_str().unwrap().to_string(),
                r["customers"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows, [(String::new(), 1), ("Víctor Vendedor".into(), 2)]);
    // A seller's segments hold only their customers.
    let theirs = json_ok(
        seller
            .get("/api/v1/customer-metrics/segments?group=owner")
            .await,
        200,
    )
    .await;
    assert_eq!(theirs.as_array().unwrap().len(), 1);
    assert_eq!(theirs[0]["customers"], 2);
    assert_problem(
        admin
            .get("/api/v1/customer-metrics/segments?group=planet")
            .await,
        400,
        "malformed_request",
    )
    .await;
}

async fn risk_screens_refuse_other_roles_and_bad_input(app: TestApp) {
    let admin = app.login_as("admin").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let unowned = customer_id(&admin, UNOWNED_DEMO).await;
    for role in ["technician", "customer"] {
        let s = app.login_as(role).await;
        for path in [
            format!("/api/v1/customers/{first}/metrics"),
            "/api/v1/customer-metrics/at-risk".to_string(),
            "/api/v1/customer-metrics/segments".to_string(),
        ] {
            assert_problem(s.get(&path).await, 403, "forbidden").await;
        }
        assert_problem(
            s.post("/api/v1/customer-metrics/recompute", json!({}))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    let seller = app.login_as("seller").await;
    assert_problem(
        seller
            .get(&format!("/api/v1/customers/{unowned}/metrics"))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        seller
            .post("/api/v1/customer-metrics/recompute", json!({}))
            .await,
        403,
        "forbidden",
    )
    .await;
    let run = json_ok(
        app.login_as("operator")
            .await
            .post("/api/v1/customer-metrics/recompute", json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(run["customers"], 3);
    for bad in [0, 101] {
        let p = assert_problem(
            admin
                .put(
                    "/api/v1/settings/post-sale",
                    json!({"warranty_alert_days": 30, "at_risk_threshold": bad}),
                )
                .await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["field"], "at_risk_threshold");
    }
    let settings = json_ok(admin.get("/api/v1/settings/post-sale").await, 200).await;
    assert_eq!(settings["at_risk_threshold"], 50, "nothing changed");
}
