//! Ticket SLA policies (issue 16: "targets for first response and
//! resolution per ticket type and priority; a business-hours calendar in
//! the company's time zone with holidays; time while the ticket is
//! `pending` does not count"): deadlines computed from the ticket's event
//! log, a warning to the assignee before a breach, a breach marked once
//! and published, compliance per type, priority and assignee, and
//! first-contact resolution in the customer's metrics.

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, customer_id};
use crate::helpers::*;

quiet_backends!(
    a_holiday_and_the_night_do_not_count,
    a_pending_ticket_pauses_and_loses_no_time,
    a_breach_is_warned_before_marked_once_and_counted,
    sla_settings_refuse_bad_input_and_other_roles,
    first_contact_resolution_counts_tickets_closed_without_waiting,
);

async fn zone(s: &Session) -> chrono_tz::Tz {
    let z = json_ok(s.get("/api/v1/settings/time-zone").await, 200).await;
    z["time_zone"].as_str().unwrap().parse().unwrap()
}

fn today(tz: chrono_tz::Tz) -> NaiveDate {
    Utc::now().with_timezone(&tz).date_naive()
}

fn local(tz: chrono_tz::Tz, day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    tz.from_local_datetime(&day.and_hms_opt(h, m, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

fn at(v: &Value) -> Option<DateTime<Utc>> {
    v.as_str().map(|s| s.parse().unwrap())
}

fn every_day(open: &str, close: &str) -> Value {
    json!(vec![json!({"open": open, "close": close}); 7])
}

/// Technical support, medium: first response 60 min, resolution 120 min.
async fn set_rules(admin: &Session, week: Value, holidays: Value, warning: i64) -> Value {
    json_ok(
        admin
            .put(
                "/api/v1/settings/sla",
                json!({"business_hours": week, "holidays": holidays, "warning_minutes": warning,
                       "policies": [{"type": "technical_support", "priority": "medium",
                                     "first_response_minutes": 60, "resolution_minutes": 120}]}),
            )
            .await,
        200,
    )
    .await
}

async fn raise(s: &Session, subject: &str) -> Value {
    let company = customer_id(s, FIRST_DEMO).await;
    json_ok(
        s.post(
            "/api/v1/tickets",
            json!({"customer_id": company, "type": "technical_support", "subject": subject}),
        )
        .await,
        201,
    )
    .await
}

async fn state(s: &Session, id: &str, to: &str) -> Value {
    json_ok(
        s.put(&format!("/api/v1/tickets/{id}/state"), json!({"state": to}))
            .await,
        200,
    )
    .await
}

async fn a_holiday_and_the_night_do_not_count(app: TestApp) {
    let admin = app.login_as("admin").await;
    let tz = zone(&admin).await;
    let day = today(tz);
    // Open every day 08:00–17:00, but today and tomorrow are holidays.
    let saved = set_rules(
        &admin,
        every_day("08:00", "17:00"),
        json!([day + TimeDelta::days(1), day]),
        30,
    )
    .await;
    assert_eq!(
        saved["holidays"],
        json!([day, day + TimeDelta::days(1)]),
        "sorted"
    );
    assert_eq!(
        saved["policies"].as_array().unwrap().len(),
        15,
        "every type × priority"
    );
    let t = raise(&app.login_as("operator").await, "Sin presión hidráulica").await;
    // The clock starts at the next opening: the day after tomorrow, 08:00.
    let opens = day + TimeDelta::days(2);
    assert_eq!(at(&t["sla_response_due_at"]), Some(local(tz, opens, 9, 0)));
    assert_eq!(
        at(&t["sla_resolution_due_at"]),
        Some(local(tz, opens, 10, 0))
    );
    assert!(t["sla_response_breached_at"].is_null());
    // A higher priority has its own (default) targets: 1 h / 8 h.
    let id = t["id"].as_str().unwrap();
    let high = json_ok(
        admin
            .put(
                &format!("/api/v1/tickets/{id}/priority"),
                json!({"priority": "high"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(
        at(&high["sla_response_due_at"]),
        Some(local(tz, opens, 9, 0))
    );
    assert_eq!(
        at(&high["sla_resolution_due_at"]),
        Some(local(tz, opens, 16, 0))
    );
}

async fn a_pending_ticket_pauses_and_loses_no_time(app: TestApp) {
    let admin = app.login_as("admin").await;
    let tz = zone(&admin).await;
    let day = today(tz);
    set_rules(
        &admin,
        every_day("08:00", "17:00"),
        json!([day, day + TimeDelta::days(1)]),
        30,
    )
    .await;
    let operator = app.login_as("operator").await;
    let t = raise(&operator, "Fuga de aceite").await;
    let id = t["id"].as_str().unwrap();
    // Waiting on the customer: no countdown runs.
    let pending = state(&operator, id, "pending").await;
    assert!(pending["sla_response_due_at"].is_null());
    assert!(pending["sla_resolution_due_at"].is_null());
    // Back to work: the same deadlines (no business time was spent).
    let back = state(&operator, id, "in_progress").await;
    let opens = day + TimeDelta::days(2);
    assert_eq!(
        at(&back["sla_response_due_at"]),
        Some(local(tz, opens, 9, 0))
    );
    assert_eq!(
        at(&back["sla_resolution_due_at"]),
        Some(local(tz, opens, 10, 0))
    );
    // The publication carries the new deadlines (the screens update live).
    let events = json_ok(
        admin.get(&format!("/api/v1/tickets/{id}/events")).await,
        200,
    )
    .await;
    let paused = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["data"]["type"] == "ticket.state_changed" && e["data"]["ticket"]["state"] == "pending"
        })
        .expect("the pause was published");
    assert!(paused["data"]["ticket"]["sla_response_due_at"].is_null());
    // A new policy keeps what was spent: recomputed at once, from the log.
    let changed = json_ok(
        admin
            .put(
                "/api/v1/settings/sla",
                json!({"business_hours": every_day("08:00", "17:00"),
                       "holidays": [day, day + TimeDelta::days(1)], "warning_minutes": 30,
                       "policies": [{"type": "technical_support", "priority": "medium",
                                     "first_response_minutes": 30, "resolution_minutes": 240}]}),
            )
            .await,
        200,
    )
    .await;
    let mine = changed["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["type"] == "technical_support" && p["priority"] == "medium")
        .cloned()
        .unwrap();
    assert_eq!(mine["first_response_minutes"], 30, "{changed}");
    let now = json_ok(admin.get(&format!("/api/v1/tickets/{id}")).await, 200).await;
    assert_eq!(
        at(&now["sla_response_due_at"]),
        Some(local(tz, opens, 8, 30))
    );
    assert_eq!(
        at(&now["sla_resolution_due_at"]),
        Some(local(tz, opens, 12, 0))
    );
    // Closing stops both clocks.
    let closed = state(&operator, id, "closed").await;
    assert!(closed["sla_response_due_at"].is_null());
    assert!(closed["sla_resolution_due_at"].is_null());
    assert!(closed["sla_resolution_breached_at"].is_null());
}

async fn a_breach_is_warned_before_marked_once_and_counted(app: TestApp) {
    let admin = app.login_as("admin").await;
    // Open around the clock, warned 30 minutes before.
    set_rules(&admin, every_day("00:00", "23:59"), json!([]), 30).await;
    let t = raise(&admin, "Motor recalentado").await;
    let id = t["id"].as_str().unwrap().to_string();
    let technician = app.login_as("technician").await;
    let tech_id = technician.user_id();
    json_ok(
        admin
            .put(
                &format!("/api/v1/tickets/{id}/assignee"),
                json!({"assignee_id": tech_id}),
            )
            .await,
        200,
    )
    .await;
    let due = at(&t["sla_response_due_at"]).expect("the response clock runs");
    let deliveries = |kind: &'static str| {
        let app = &app;
        let id = id.clone();
        async move {
            app.services
                .store
                .conn()
                .await
                .unwrap()
                .deliveries_of("ticket", &id)
                .await
                .unwrap()
                .into_iter()
                .map(|d| {
                    serde_json::to_value(faena::services::views::outbox::Delivery::from(d)).unwrap()
                })
                .filter(|d| d["kind"] == kind)
                .collect::<Vec<_>>()
        }
    };
    // Before the warning: nothing.
    app.services
        .check_ticket_slas_at((due - TimeDelta::minutes(45)).into())
        .await
        .unwrap();
    assert!(deliveries("sla_warning").await.is_empty());
    // Twenty minutes before the deadline: the assignee is warned, once.
    let before = (due - TimeDelta::minutes(20)).into();
    app.services.check_ticket_slas_at(before).await.unwrap();
    app.services.check_ticket_slas_at(before).await.unwrap();
    let warned = deliveries("sla_warning").await;
    assert!(!warned.is_empty(), "warned");
    assert!(
        warned
            .iter()
            .all(|d| d["recipient_user_id"] == json!(tech_id)),
        "{warned:?}"
    );
    assert_eq!(
        warned.iter().filter(|d| d["channel"] == "in_app").count(),
        1,
        "once"
    );
    let fresh = json_ok(admin.get(&format!("/api/v1/tickets/{id}")).await, 200).await;
    assert!(fresh["sla_response_breached_at"].is_null());
    // Past the deadline: marked at the deadline, published, once.
    let after = (due + TimeDelta::minutes(5)).into();
    app.services.check_ticket_slas_at(after).await.unwrap();
    app.services.check_ticket_slas_at(after).await.unwrap();
    let breached = json_ok(admin.get(&format!("/api/v1/tickets/{id}")).await, 200).await;
    assert_eq!(at(&breached["sla_response_breached_at"]), Some(due));
    assert!(
        breached["sla_resolution_breached_at"].is_null(),
        "120 min not reached"
    );
    let events = json_ok(
        admin.get(&format!("/api/v1/tickets/{id}/events")).await,
        200,
    )
    .await;
    let published: Vec<&Value> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["data"]["type"] == "ticket.sla_breached")
        .collect();
    assert_eq!(published.len(), 1, "{events}");
    assert_eq!(published[0]["data"]["target"], "first_response");
    let told = deliveries("sla_breached").await;
    assert!(
        told.iter()
            .any(|d| d["recipient_user_id"] == json!(tech_id)),
        "the assignee"
    );
    assert!(
        told.iter()
            .any(|d| d["recipient_user_id"] != json!(tech_id)),
        "and the office"
    );
    // The reply comes late: the breach stays marked.
    let later = state(&admin, &id, "in_progress").await;
    assert_eq!(at(&later["sla_response_breached_at"]), Some(due));
    // Compliance: per type, priority and assignee.
    let c = json_ok(admin.get("/api/v1/sla/compliance").await, 200).await;
    let mine = c["by_assignee"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == json!(tech_id))
        .unwrap_or_else(|| panic!("{c}"));
    assert!(mine["response_breached"].as_i64().unwrap() >= 1);
    assert!(mine["compliance_pct"].as_f64().unwrap() < 100.0);
    assert!(
        c["by_type"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["key"] == "technical_support")
    );
    assert!(
        c["by_priority"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["key"] == "medium")
    );
    assert!(c["overall"]["tickets"].as_i64().unwrap() >= 1);
    // A period with no tickets (ending before it starts) is empty, not an error.
    let none = json_ok(
        admin
            .get("/api/v1/sla/compliance?from=2026-02-01&to=2026-01-01")
            .await,
        200,
    )
    .await;
    assert_eq!(none["overall"]["tickets"], 0);
    assert!(none["overall"]["compliance_pct"].is_null());
    let bad = admin.get("/api/v1/sla/compliance?from=ayer").await;
    assert_eq!(bad.status(), 400);
}

async fn sla_settings_refuse_bad_input_and_other_roles(app: TestApp) {
    let admin = app.login_as("admin").await;
    let before = json_ok(admin.get("/api/v1/settings/sla").await, 200).await;
    assert_eq!(before["business_hours"].as_array().unwrap().len(), 7);
    assert_eq!(before["business_hours"][6], Value::Null, "closed on Sunday");
    let put = |body: Value| {
        let admin = &admin;
        async move { admin.put("/api/v1/settings/sla", body).await }
    };
    let ok_week = every_day("08:00", "17:00");
    for (body, field) in [
        (
            json!({"business_hours": every_day("17:00", "08:00"), "warning_minutes": 30}),
            "business_hours",
        ),
        (
            json!({"business_hours": vec![Value::Null; 7], "warning_minutes": 30}),
            "business_hours",
        ),
        (
            json!({"business_hours": vec![json!({"open": "08:00", "close": "17:00"}); 6],
                   "warning_minutes": 30}),
            "business_hours",
        ),
        (
            json!({"business_hours": every_day("8h", "17:00"), "warning_minutes": 30}),
            "business_hours",
        ),
        (
            json!({"business_hours": ok_week, "warning_minutes": 5000}),
            "warning_minutes",
        ),
        (
            json!({"business_hours": ok_week, "warning_minutes": 30, "policies": [
                {"type": "billing", "priority": "low", "first_response_minutes": 10, "resolution_minutes": 20},
                {"type": "billing", "priority": "low", "first_response_minutes": 15, "resolution_minutes": 20}]}),
            "policies",
        ),
        (
            json!({"business_hours": ok_week, "warning_minutes": 30, "policies": [
                {"type": "billing", "priority": "low", "first_response_minutes": 0, "resolution_minutes": 20}]}),
            "policies",
        ),
    ] {
        let r = put(body.clone()).await;
        assert_eq!(r.status(), 422, "{body}");
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["code"], "validation_failed", "{p}");
        assert_eq!(p["field"], field, "{p}");
    }
    let after = json_ok(admin.get("/api/v1/settings/sla").await, 200).await;
    assert_eq!(after, before, "nothing changed");
    // Only master and admin change them; only the office reads compliance.
    for role in ["operator", "seller", "technician", "customer"] {
        let s = app.login_as(role).await;
        assert_eq!(s.get("/api/v1/settings/sla").await.status(), 403, "{role}");
        assert_eq!(
            s.put(
                "/api/v1/settings/sla",
                json!({"business_hours": every_day("08:00", "17:00"), "warning_minutes": 1})
            )
            .await
            .status(),
            403,
            "{role}"
        );
    }
    for role in ["seller", "technician", "customer"] {
        let s = app.login_as(role).await;
        assert_eq!(
            s.get("/api/v1/sla/compliance").await.status(),
            403,
            "{role}"
        );
    }
    let operator = app.login_as("operator").await;
    assert_eq!(operator.get("/api/v1/sla/compliance").await.status(), 200);
}

async fn first_contact_resolution_counts_tickets_closed_without_waiting(app: TestApp) {
    let admin = app.login_as("admin").await;
    let company = customer_id(&admin, FIRST_DEMO).await;
    let metrics = || {
        let admin = &admin;
        let company = company.clone();
        async move {
            json_ok(
                admin
                    .get(&format!("/api/v1/customers/{company}/metrics"))
                    .await,
                200,
            )
            .await
        }
    };
    let base = metrics().await["signals"]["first_contact_resolution"].clone();
    // Closed straight away: resolved at first contact.
    let a = raise(&admin, "Consulta de repuestos").await;
    state(&admin, a["id"].as_str().unwrap(), "closed").await;
    // Waited on the customer, then closed: not at first contact.
    let b = raise(&admin, "Ruido en la transmisión").await;
    let b = b["id"].as_str().unwrap();
    state(&admin, b, "pending").await;
    state(&admin, b, "closed").await;
    // Closed, reopened and closed again: not at first contact.
    let c = raise(&admin, "Factura duplicada").await;
    let c = c["id"].as_str().unwrap();
    state(&admin, c, "closed").await;
    state(&admin, c, "open").await;
    state(&admin, c, "closed").await;
    let m = metrics().await;
    let fcr = m["signals"]["first_contact_resolution"].as_f64().unwrap();
    if base.is_null() {
        assert_eq!(fcr, 0.33, "{m}");
    } else {
        assert!(fcr < 1.0 && fcr > 0.0, "{m}");
    }
}
