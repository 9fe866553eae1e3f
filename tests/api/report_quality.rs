//! The service quality report (issue 17: "ticket response and resolution
//! times, SLA compliance, NPS/CSAT trends by technician, service type and
//! segment; proactive vs reactive contacts") against tickets, surveys and
//! contacts made in the test, its drill-down and the refusals.

use chrono::TimeDelta;
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, customer_id, rif};
use crate::helpers::*;
use crate::reports::today;

quiet_backends!(quality_figures_match_the_records_made);

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

async fn raise(s: &Session, customer: &str, subject: &str) -> Value {
    json_ok(
        s.post(
            "/api/v1/tickets",
            json!({"customer_id": customer, "type": "technical_support", "subject": subject}),
        )
        .await,
        201,
    )
    .await
}

fn instant(v: &Value) -> chrono::DateTime<chrono::Utc> {
    v.as_str().unwrap().parse().unwrap()
}

async fn quality_figures_match_the_records_made(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;
    let technician = app.login_as("technician").await;
    let range = format!("from={}&to={}", today() - TimeDelta::days(6), today());

    // Tickets of a customer of its own: one closed at once, one left open
    // past its resolution target.
    let c = json_ok(
        admin
            .post(
                "/api/v1/customers",
                json!({"name": "Calidad del Informe C.A.", "tax_id": rif(16_180_339),
                       "category": "Calidad"}),
            )
            .await,
        201,
    )
    .await;
    let c = id_of(&c);
    let closed = raise(&admin, &c, "Ruido en la transmisión").await;
    json_ok(
        admin
            .put(
                &format!("/api/v1/tickets/{}/state", id_of(&closed)),
                json!({"state": "closed"}),
            )
            .await,
        200,
    )
    .await;
    let late = raise(&admin, &c, "Fuga hidráulica").await;
    let due = instant(&late["sla_resolution_due_at"]);
    app.services
        .check_ticket_slas_at((due + TimeDelta::minutes(1)).into())
        .await
        .unwrap();

    let q = format!("customer_id={c}&{range}");
    let r = json_ok(
        admin.get(&format!("/api/v1/reports/quality?{q}")).await,
        200,
    )
    .await;
    let t = &r["totals"];
    assert_eq!(t["tickets_opened"], 2, "{r}");
    assert_eq!(t["tickets_closed"], 1);
    assert_eq!(t["sla_breached"], 1);
    assert_eq!(t["sla_compliance_pct"], 50.0);
    assert_eq!(t["average_resolution_hours"], 0.0);
    assert_eq!(t["average_response_hours"], Value::Null, "nobody replied");
    assert_eq!(r["periods"].as_array().unwrap().len(), 7);
    assert_eq!(r["periods"][6]["figures"]["tickets_opened"], 2);
    let records = |q: String| {
        let admin = &admin;
        async move {
            json_ok(
                admin
                    .get(&format!("/api/v1/reports/quality/records?{q}"))
                    .await,
                200,
            )
            .await
        }
    };
    let breached = records(format!("{q}&figure=sla_breached")).await;
    assert_eq!(breached["total"], 1, "{breached}");
    assert_eq!(breached["items"][0]["kind"], "ticket");
    assert_eq!(breached["items"][0]["id"], late["id"]);
    assert_eq!(breached["items"][0]["number"], late["number"]);
    let done = records(format!("{q}&figure=tickets_closed")).await;
    assert_eq!(done["items"][0]["id"], closed["id"]);
    assert_eq!(
        records(format!("{q}&figure=tickets_opened")).await["total"],
        2
    );

    // Contacts: the customer's interactions in the range, by initiative.
    for initiative in ["proactive", "reactive", "reactive"] {
        json_ok(
            admin
                .post(
                    &format!("/api/v1/customers/{c}/interactions"),
                    json!({"channel": "phone", "direction": "outbound", "initiative": initiative,
                           "reason": "Seguimiento", "outcome": "Conforme"}),
                )
                .await,
            201,
        )
        .await;
    }
    let listed = json_ok(
        admin
            .get(&format!("/api/v1/customers/{c}/interactions"))
            .await,
        200,
    )
    .await;
    let items = listed
        .get("items")
        .and_then(Value::as_array)
        .or_else(|| listed.as_array())
        .unwrap()
        .clone();
    let count = |i: &str| items.iter().filter(|x| x["initiative"] == i).count() as i64;
    let r = json_ok(
        admin.get(&format!("/api/v1/reports/quality?{q}")).await,
        200,
    )
    .await;
    assert_eq!(r["totals"]["proactive_contacts"], count("proactive"), "{r}");
    assert_eq!(r["totals"]["reactive_contacts"], count("reactive"));
    assert!(count("reactive") >= 2 && count("proactive") >= 1);
    assert_eq!(
        records(format!("{q}&figure=proactive_contacts")).await["total"],
        count("proactive")
    );

    // Surveys on three orders of a reason of their own: (10, 5) and (6, 3)
    // with the technician, (8, 4) without: NPS 0 (a promoter, a
    // detractor), CSAT 4. The third's reason is written otherwise: it is
    // the same service type (grouped apart in SQL, merged by its lower
    // case).
    let first = customer_id(&admin, FIRST_DEMO).await;
    let qf = format!("customer_id={first}&{range}");
    let before = json_ok(
        admin.get(&format!("/api/v1/reports/quality?{qf}")).await,
        200,
    )
    .await;
    for (with_tech, nps, csat, reason) in [
        (true, 10, 5, "Calibración del informe"),
        (true, 6, 3, "Calibración del informe"),
        (false, 8, 4, " CALIBRACIÓN del Informe"),
    ] {
        let techs = if with_tech {
            vec![technician.user_id()]
        } else {
            vec![]
        };
        let order = json_ok(
            admin
                .post(
                    "/api/v1/orders",
                    json!({"customer_id": first, "reason": reason,
                           "service_value": "0.00", "technician_ids": techs}),
                )
                .await,
            201,
        )
        .await;
        json_ok(
            admin
                .post(
                    &format!("/api/v1/orders/{}/close", id_of(&order)),
                    json!({}),
                )
                .await,
            200,
        )
        .await;
        let pending = json_ok(customer.get("/api/v1/surveys/pending").await, 200).await;
        let survey = id_of(&pending[0]);
        json_ok(
            customer
                .post(
                    &format!("/api/v1/surveys/{survey}/answer"),
                    json!({"nps": nps, "csat": csat}),
                )
                .await,
            200,
        )
        .await;
    }
    let after = json_ok(
        admin.get(&format!("/api/v1/reports/quality?{qf}")).await,
        200,
    )
    .await;
    assert_eq!(
        after["totals"]["surveys"].as_i64().unwrap()
            - before["totals"]["surveys"].as_i64().unwrap(),
        3
    );
    let group = after["by_service_type"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == "type:calibración del informe")
        .cloned()
        .unwrap_or_else(|| panic!("{after}"));
    assert_eq!(group["surveys"], 3);
    assert_eq!(group["nps"], 0.0);
    assert_eq!(group["csat"], 4.0);
    // Only the technician's work: the two surveys on their orders.
    let theirs = json_ok(
        admin
            .get(&format!(
                "/api/v1/reports/quality?{qf}&technician_id={}",
                technician.user_id()
            ))
            .await,
        200,
    )
    .await;
    let group = theirs["by_service_type"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == "type:calibración del informe")
        .cloned()
        .unwrap_or_else(|| panic!("{theirs}"));
    assert_eq!(group["surveys"], 2, "{theirs}");
    assert_eq!(group["nps"], 0.0);
    assert_eq!(group["csat"], 4.0);
    let tech = after["by_technician"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == technician.user_id().as_str())
        .cloned()
        .unwrap_or_else(|| panic!("{after}"));
    assert!(tech["surveys"].as_i64().unwrap() >= 2);
    assert!(
        after["by_segment"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["key"].as_str().unwrap().starts_with("segment:"))
    );
    let behind = records(format!(
        "{qf}&figure=surveys&key=type%3Acalibraci%C3%B3n%20del%20informe"
    ))
    .await;
    assert_eq!(behind["total"], 3, "{behind}");
    assert!(
        behind["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["kind"] == "order")
    );
    let p = assert_problem(
        admin
            .get(&format!(
                "/api/v1/reports/quality/records?{qf}&figure=surveys&key=cualquiera"
            ))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["field"], "key");

    // A seller: only the customers they own (this one is nobody's).
    let seller = app.login_as("seller").await;
    let theirs = json_ok(
        seller.get(&format!("/api/v1/reports/quality?{q}")).await,
        200,
    )
    .await;
    assert_eq!(theirs["totals"]["tickets_opened"], 0);
    for role in ["technician", "customer"] {
        let who = app.login_as(role).await;
        for path in [
            "/api/v1/reports/quality",
            "/api/v1/reports/quality/records?figure=surveys",
            "/api/v1/reports/quality/export?format=csv",
        ] {
            assert_problem(who.get(path).await, 403, "forbidden").await;
        }
    }
    let csv = admin
        .get(&format!("/api/v1/reports/quality/export?format=csv&{q}"))
        .await
        .text()
        .await
        .unwrap();
    let last = csv.lines().last().unwrap().to_string();
    assert!(last.contains(",2,1,,0,50,"), "{csv}");
}
