//! Surveys after service: one per closed order / ticket, its invitation a
//! delayed outbox row, answered once by link or portal, poor answers open a
//! complaint ticket and tell the office, NPS / CSAT metrics.

use faena::domain::Timestamp;
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, SECOND_DEMO, customer_id};
use crate::helpers::*;

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// Creates an order (value 0, so it can close at once) and closes it.
async fn closed_order(admin: &Session, customer: &str, reason: &str, techs: &[String]) -> Value {
    let order = json_ok(
        admin
            .post(
                "/api/v1/orders",
                json!({"customer_id": customer, "reason": reason, "service_value": "0.00",
                       "technician_ids": techs}),
            )
            .await,
        201,
    )
    .await;
    let id = id_of(&order);
    json_ok(
        admin
            .post(&format!("/api/v1/orders/{id}/close"), json!({}))
            .await,
        200,
    )
    .await;
    order
}

/// The survey invitation rows in the outbox.
async fn invitations(app: &TestApp) -> Vec<faena::store::outbox::Delivery> {
    let mut conn = app.services.store.conn().await.unwrap();
    conn.deliveries_by_key_prefix("survey:").await.unwrap()
}

/// The link token in an invitation e-mail of survey `survey_id`.
async fn token_of(app: &TestApp, survey_id: &str) -> String {
    let rows = invitations(app).await;
    let row = rows
        .iter()
        .find(|d| d.subject_id == survey_id)
        .expect("an invitation");
    let payload: Value = serde_json::from_str(&row.payload).unwrap();
    let text = payload["text"].as_str().unwrap();
    let start = text.find("/s/").expect("a survey link") + 3;
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn pending(s: &Session) -> Vec<Value> {
    json_ok(s.get("/api/v1/surveys/pending").await, 200)
        .await
        .as_array()
        .unwrap()
        .clone()
}

async fn closing_an_order_schedules_one_survey_answered_once(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let order = closed_order(&admin, &first, "No arranca", &[]).await;
    let order_id = id_of(&order);

    // Exactly one survey, pending for the customer, its invitation due later.
    let list = pending(&customer).await;
    assert_eq!(list.len(), 1, "{list:?}");
    let survey = &list[0];
    assert_eq!(survey["order_id"], order_id.as_str());
    assert_eq!(survey["number"], order["number"]);
    let survey_id = id_of(survey);
    let rows = invitations(&app).await;
    assert_eq!(rows.len(), 1, "one invitation per portal contact");
    let row = &rows[0];
    assert_eq!(row.status, faena::store::outbox::DeliveryStatus::Pending);
    assert_eq!(row.kind, "survey_invitation");
    let delay = row.next_attempt_at.as_datetime() - Timestamp::now().as_datetime();
    assert!(
        delay > chrono::TimeDelta::minutes(110) && delay <= chrono::TimeDelta::minutes(120),
        "due after the configured delay: {delay}"
    );
    // Not sent before its time.
    app.settle_outbox();
    assert_eq!(
        invitations(&app).await[0].status,
        faena::store::outbox::DeliveryStatus::Pending
    );

    // The link shows the questions and context, no sign-in.
    let token = token_of(&app, &survey_id).await;
    let anon = app.anonymous();
    let view = json_ok(
        anon.get(&format!("/api/v1/public/surveys/{token}")).await,
        200,
    )
    .await;
    assert_eq!(view["number"], order["number"]);
    assert_eq!(view["subject_type"], "order");
    assert_eq!(view["answered"], false);
    assert_eq!(view["questions"].as_array().unwrap().len(), 3);
    assert_problem(
        anon.get("/api/v1/public/surveys/nope").await,
        404,
        "not_found",
    )
    .await;

    // Answered once; the second answer is refused, by link or portal.
    let receipt = json_ok(
        anon.post(
            &format!("/api/v1/public/surveys/{token}"),
            json!({"nps": 9, "csat": 5, "comment": "Excelente"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(receipt["survey_id"], survey_id.as_str());
    assert!(receipt["followup_ticket_id"].is_null());
    assert_problem(
        anon.post(
            &format!("/api/v1/public/surveys/{token}"),
            json!({"nps": 1, "csat": 1}),
        )
        .await,
        409,
        "survey_answered",
    )
    .await;
    assert_problem(
        customer
            .post(
                &format!("/api/v1/surveys/{survey_id}/answer"),
                json!({"nps": 1, "csat": 1}),
            )
            .await,
        409,
        "survey_answered",
    )
    .await;
    assert!(pending(&customer).await.is_empty());
    let view = json_ok(
        anon.get(&format!("/api/v1/public/surveys/{token}")).await,
        200,
    )
    .await;
    assert_eq!(view["answered"], true);
    // No follow-up for a good answer.
    let tickets = json_ok(admin.get("/api/v1/tickets?type=complaint").await, 200).await;
    assert!(tickets["items"].as_array().unwrap().is_empty());

    // Closing a ticket schedules its own survey (one per ticket).
    let ticket = json_ok(
        admin
            .post(
                "/api/v1/tickets",
                json!({"customer_id": first, "type": "technical_support", "subject": "Ruido"}),
            )
            .await,
        201,
    )
    .await;
    let tid = id_of(&ticket);
    for state in ["closed", "open", "closed"] {
        json_ok(
            admin
                .put(
                    &format!("/api/v1/tickets/{tid}/state"),
                    json!({"state": state}),
                )
                .await,
            200,
        )
        .await;
    }
    let list = pending(&customer).await;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["ticket_id"], tid.as_str());
    assert_eq!(invitations(&app).await.len(), 2);
}

async fn pending_until_expired_and_bad_answers_change_nothing(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let second = customer_id(&admin, SECOND_DEMO).await;
    closed_order(&admin, &first, "Cambio de aceite", &[]).await;
    let survey_id = id_of(&pending(&customer).await[0]);
    let token = token_of(&app, &survey_id).await;
    let path = format!("/api/v1/surveys/{survey_id}/answer");

    // Bad input: 422, nothing recorded.
    for (body, field) in [
        (json!({"nps": 11, "csat": 4}), "nps"),
        (json!({"nps": -1, "csat": 4}), "nps"),
        (json!({"nps": 8, "csat": 0}), "csat"),
        (json!({"nps": 8, "csat": 6}), "csat"),
        (json!({"csat": 3}), "nps"),
    ] {
        let p = assert_problem(
            customer.post(&path, body.clone()).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["field"], field, "{body} {p}");
        assert_problem(
            app.anonymous()
                .post(&format!("/api/v1/public/surveys/{token}"), body)
                .await,
            422,
            "validation_failed",
        )
        .await;
    }
    assert_eq!(pending(&customer).await.len(), 1);
    let tickets = json_ok(admin.get("/api/v1/tickets").await, 200).await;
    assert!(tickets["items"].as_array().unwrap().is_empty());

    // Another company's survey: invisible and unanswerable for this contact.
    closed_order(&admin, &second, "Frenos", &[]).await;
    let mine = pending(&customer).await;
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0]["id"], survey_id.as_str());
    let other_id = other_survey_id(&app, &second).await;
    assert_problem(
        customer
            .post(
                &format!("/api/v1/surveys/{other_id}/answer"),
                json!({"nps": 10, "csat": 5}),
            )
            .await,
        404,
        "not_found",
    )
    .await;
    // Staff do not answer surveys, nor have a pending list.
    assert_problem(
        admin.post(&path, json!({"nps": 10, "csat": 5})).await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(admin.get("/api/v1/surveys/pending").await, 403, "forbidden").await;

    // Expired: gone from the list, refused by link and portal.
    let mut conn = app.services.store.conn().await.unwrap();
    conn.set_survey_expiry(
        survey_id.parse().unwrap(),
        Timestamp::now() - chrono::TimeDelta::seconds(1),
    )
    .await
    .unwrap();
    drop(conn);
    assert!(pending(&customer).await.is_empty());
    assert_problem(
        customer.post(&path, json!({"nps": 10, "csat": 5})).await,
        422,
        "survey_expired",
    )
    .await;
    assert_problem(
        app.anonymous()
            .post(
                &format!("/api/v1/public/surveys/{token}"),
                json!({"nps": 10, "csat": 5}),
            )
            .await,
        422,
        "survey_expired",
    )
    .await;
    assert_problem(
        app.anonymous()
            .get(&format!("/api/v1/public/surveys/{token}"))
            .await,
        422,
        "survey_expired",
    )
    .await;
}

/// The survey of the (only) closed order of `customer`.
async fn other_survey_id(app: &TestApp, customer: &str) -> String {
    let mut conn = app.services.store.conn().await.unwrap();
    let list = conn
        .pending_surveys(customer.parse().unwrap(), Timestamp::now())
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    list[0].id.to_string()
}

async fn a_poor_answer_opens_a_complaint_and_tells_the_office(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let order = closed_order(&admin, &first, "Fuga hidráulica", &[]).await;
    let survey_id = id_of(&pending(&customer).await[0]);
    let receipt = json_ok(
        customer
            .post(
                &format!("/api/v1/surveys/{survey_id}/answer"),
                json!({"nps": 4, "csat": 3, "comment": "Tardaron mucho"}),
            )
            .await,
        200,
    )
    .await;
    let ticket_id = receipt["followup_ticket_id"]
        .as_str()
        .expect("a follow-up")
        .to_string();
    let ticket = json_ok(
        admin.get(&format!("/api/v1/tickets/{ticket_id}")).await,
        200,
    )
    .await;
    assert_eq!(ticket["type"], "complaint");
    assert_eq!(ticket["priority"], "high");
    assert_eq!(ticket["customer_id"], first.as_str());
    let subject = ticket["subject"].as_str().unwrap();
    assert!(
        subject.contains(order["number"].as_str().unwrap()),
        "{subject}"
    );
    // The office hears of it: e-mail and in-app to masters and admins.
    let (admin_email, _) = demo_credentials("admin");
    let (master_email, _) = demo_credentials("master");
    for to in [admin_email, master_email] {
        let mail = app.last_email_to(to);
        assert!(mail.contains("NPS 4"), "{mail}");
        assert!(mail.contains(ticket["number"].as_str().unwrap()), "{mail}");
    }
    let mut conn = app.services.store.conn().await.unwrap();
    let rows = conn.deliveries_of("survey", &survey_id).await.unwrap();
    drop(conn);
    let in_app = rows
        .iter()
        .filter(|d| {
            d.kind == "survey_poor_answer"
                && d.channel == faena::store::outbox::DeliveryChannel::InApp
        })
        .count();
    assert_eq!(in_app, 2, "master and admin");

    // CSAT alone can be poor, too.
    closed_order(&admin, &first, "Ruido en motor", &[]).await;
    let survey_id = id_of(&pending(&customer).await[0]);
    let receipt = json_ok(
        customer
            .post(
                &format!("/api/v1/surveys/{survey_id}/answer"),
                json!({"nps": 9, "csat": 2}),
            )
            .await,
        200,
    )
    .await;
    assert!(receipt["followup_ticket_id"].is_string());
    let tickets = json_ok(admin.get("/api/v1/tickets?type=complaint").await, 200).await;
    assert_eq!(tickets["items"].as_array().unwrap().len(), 2);
}

async fn metrics_per_period_technician_and_service_type(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;
    let technician = app.login_as("technician").await;
    let seller = app.login_as("seller").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let tech = technician.user_id();
    // Known answers: (reason, technician?, nps, csat).
    let data = [
        ("Mantenimiento", true, 10, 5),
        ("Mantenimiento", true, 9, 4),
        ("Reparación", true, 7, 3),
        ("Reparación", false, 3, 1),
        ("Mantenimiento", false, 6, 4),
    ];
    for (reason, with_tech, nps, csat) in data {
        let techs = if with_tech {
            vec![tech.clone()]
        } else {
            vec![]
        };
        closed_order(&admin, &first, reason, &techs).await;
        let survey_id = id_of(&pending(&customer).await[0]);
        json_ok(
            customer
                .post(
                    &format!("/api/v1/surveys/{survey_id}/answer"),
                    json!({"nps": nps, "csat": csat}),
                )
                .await,
            200,
        )
        .await;
    }

    let m = json_ok(
        admin.get("/api/v1/surveys/metrics?group_by=period").await,
        200,
    )
    .await;
    // 2 promoters, 1 passive, 2 detractors of 5: NPS 0; CSAT 17/5.
    assert_eq!(m["total"]["responses"], 5);
    assert_eq!(m["total"]["promoters"], 2);
    assert_eq!(m["total"]["detractors"], 2);
    assert_eq!(m["total"]["nps"], 0.0);
    assert_eq!(m["total"]["csat_average"], 3.4);
    let groups = m["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{groups:?}");
    let month = Timestamp::now().as_datetime().format("%Y-%m").to_string();
    assert_eq!(groups[0]["key"], month.as_str());
    assert_eq!(groups[0]["responses"], 5);

    let m = json_ok(
        admin
            .get("/api/v1/surveys/metrics?group_by=technician")
            .await,
        200,
    )
    .await;
    let groups = m["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0]["key"], tech.as_str());
    assert_eq!(groups[0]["responses"], 3);
    // 2 promoters, 1 passive: NPS 66.7; CSAT 4.
    assert_eq!(groups[0]["nps"], 66.7);
    assert_eq!(groups[0]["csat_average"], 4.0);

    let m = json_ok(
        admin
            .get("/api/v1/surveys/metrics?group_by=service_type")
            .await,
        200,
    )
    .await;
    let groups = m["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{groups:?}");
    let by = |k: &str| groups.iter().find(|g| g["key"] == k).unwrap().clone();
    let maint = by("mantenimiento");
    assert_eq!(maint["responses"], 3);
    assert_eq!(maint["nps"], 33.3); // 2 promoters, 1 detractor
    assert_eq!(maint["csat_average"], 4.33);
    let repair = by("reparación");
    assert_eq!(repair["responses"], 2);
    assert_eq!(repair["nps"], -50.0);
    assert_eq!(repair["csat_average"], 2.0);

    // A range before the answers: nothing.
    let m = json_ok(
        admin
            .get("/api/v1/surveys/metrics?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z")
            .await,
        200,
    )
    .await;
    assert_eq!(m["total"]["responses"], 0);
    assert!(m["total"]["nps"].is_null());
    assert_problem(
        admin
            .get("/api/v1/surveys/metrics?from=2020-02-01T00:00:00Z&to=2020-01-01T00:00:00Z")
            .await,
        422,
        "validation_failed",
    )
    .await;

    // Office roles only.
    for s in [&seller, &technician, &customer] {
        assert_problem(s.get("/api/v1/surveys/metrics").await, 403, "forbidden").await;
    }
    let operator = app.login_as("operator").await;
    json_ok(operator.get("/api/v1/surveys/metrics").await, 200).await;
}

both_backends!(
    closing_an_order_schedules_one_survey_answered_once,
    pending_until_expired_and_bad_answers_change_nothing,
    a_poor_answer_opens_a_complaint_and_tells_the_office,
    metrics_per_period_technician_and_service_type,
);
