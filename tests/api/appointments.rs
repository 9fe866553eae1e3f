//! Appointments and their reminder rows: planned on create/confirm,
//! re-planned on move, dropped on cancel; due rows sent exactly once by the
//! scheduler, across a restart and across two nodes on PostgreSQL.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use reqwest::Response;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::customers::{FIRST_DEMO, SECOND_DEMO, UNOWNED_DEMO, customer_id};
use crate::helpers::{
    Backend, Session, TestApp, assert_problem, demo_credentials, json_ok, spawn_app_on,
    spawn_app_with,
};
use faena::domain::Timestamp;

both_backends!(
    reminders_follow_the_appointment,
    a_due_reminder_is_sent_exactly_once,
    scoping_refuses_what_is_not_yours,
    bad_input_changes_nothing,
    maintenance_requests_are_triaged_and_converted,
    a_reschedule_request_asks_the_office_and_tells_only_the_customer,
);

struct World {
    admin: Session,
    first: String,
    second: String,
    unowned: String,
    machine: String,
    tech: String,
}

async fn world(app: &TestApp) -> World {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let second = customer_id(&admin, SECOND_DEMO).await;
    let unowned = customer_id(&admin, UNOWNED_DEMO).await;
    let machines = json_ok(
        admin
            .get(&format!("/api/v1/customers/{first}/equipment"))
            .await,
        200,
    )
    .await;
    let machine = machines[0]["id"].as_str().unwrap().to_string();
    let tech = app.login_as("technician").await.user_id();
    World {
        admin,
        first,
        second,
        unowned,
        machine,
        tech,
    }
}

fn at(secs: i64) -> String {
    (Utc::now() + TimeDelta::seconds(secs)).to_rfc3339()
}

fn ts(v: &Value) -> DateTime<Utc> {
    v.as_str()
        .unwrap_or_else(|| panic!("no timestamp in {v}"))
        .parse()
        .unwrap()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// Books an appointment for the first demo customer starting in `secs`.
async fn book(s: &Session, w: &World, secs: i64) -> Response {
    s.post(
        "/api/v1/appointments",
        json!({"customer_id": w.first, "equipment_id": w.machine, "technician_id": w.tech,
               "starts_at": at(secs), "ends_at": at(secs + 3600), "place": "Obra Norte"}),
    )
    .await
}

async fn reminders(s: &Session, appointment: &str) -> Vec<Value> {
    json_ok(
        s.get(&format!("/api/v1/appointments/{appointment}/reminders"))
            .await,
        200,
    )
    .await
    .as_array()
    .unwrap()
    .clone()
}

fn with_status<'a>(rows: &'a [Value], status: &str) -> Vec<&'a Value> {
    rows.iter().filter(|r| r["status"] == status).collect()
}

/// The outbox rows of an appointment of one kind and channel.
async fn deliveries(app: &TestApp, appointment: &str, kind: &str, channel: &str) -> Vec<Value> {
    let rows = app
        .services
        .store
        .conn()
        .await
        .unwrap()
        .deliveries_of("appointment", appointment)
        .await
        .unwrap();
    rows.into_iter()
        .map(|d| serde_json::to_value(faena::services::views::outbox::Delivery::from(d)).unwrap())
        .filter(|d| d["kind"] == kind && d["channel"] == channel)
        .collect()
}

/// Waits (up to `secs`) until `appointment` has no pending reminder due by now.
async fn wait_sent(app: &TestApp, appointment: Uuid, secs: u64) {
    for _ in 0..secs * 20 {
        let rows = app
            .services
            .store
            .conn()
            .await
            .unwrap()
            .reminders_of(appointment)
            .await
            .unwrap();
        let now = Timestamp::now();
        if !rows.iter().any(|r| {
            r.status == faena::domain::appointment::ReminderStatus::Pending && r.due_at <= now
        }) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the due reminders of {appointment} were not sent within {secs} s");
}

async fn insert_due_reminder(app: &TestApp, appointment: &str, seconds_ago: i64) {
    let now = Timestamp::now();
    let mut tx = app.services.store.begin().await.unwrap();
    tx.insert_reminder(
        appointment.parse().unwrap(),
        5,
        now - TimeDelta::seconds(seconds_ago),
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn reminders_planned_ok(s: &Session, appointment: &Value) -> Vec<Value> {
    let rows = reminders(s, &id(appointment)).await;
    let pending = with_status(&rows, "pending");
    let start = ts(&appointment["starts_at"]);
    let mut dues: Vec<_> = pending.iter().map(|r| ts(&r["due_at"])).collect();
    dues.sort();
    assert_eq!(
        dues,
        vec![start - TimeDelta::hours(24), start - TimeDelta::hours(2)],
        "reminders 24 h and 2 h before {start}"
    );
    rows
}

async fn reminders_follow_the_appointment(app: TestApp) {
    let w = world(&app).await;
    let customer = app.login_as("customer").await;
    let a = json_ok(book(&w.admin, &w, 3 * 86400).await, 201).await;
    assert_eq!(a["state"], "scheduled");
    let rows = reminders_planned_ok(&w.admin, &a).await;
    assert_eq!(rows.len(), 2);
    let aid = id(&a);
    // Booked: the customer's contact and the technician are told (e-mail + in-app).
    assert_eq!(
        deliveries(&app, &aid, "appointment_scheduled", "email")
            .await
            .len(),
        2
    );
    assert_eq!(
        deliveries(&app, &aid, "appointment_scheduled", "in_app")
            .await
            .len(),
        2
    );
    // The e-mail gives the start in the company's time zone, not UTC.
    let (customer_email, _) = crate::helpers::demo_credentials("customer");
    // Written for people ("jueves 3 de diciembre, 6:18"), not ISO.
    let starts = ts(&a["starts_at"]);
    let local = faena::notify::templates::When::new(starts.into(), "America/Caracas")
        .for_people(faena::notify::templates::Lang::Es);
    let clock = starts
        .with_timezone(&chrono_tz::America::Caracas)
        .format(", %-H:%M")
        .to_string();
    let mail = app.last_email_to(customer_email);
    assert!(
        mail.contains(&local) && local.ends_with(&clock),
        "{local} not in {mail}"
    );
    assert!(
        !mail.contains(&starts.format("%Y-%m-%d").to_string()),
        "no ISO date in {mail}"
    );

    // Moved: old rows dropped, new ones at the new times, in one go.
    let moved = json_ok(
        w.admin
            .post(
                &format!("/api/v1/appointments/{aid}/move"),
                json!({"starts_at": at(4 * 86400), "ends_at": at(4 * 86400 + 5400)}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(moved["state"], "rescheduled");
    let rows = reminders_planned_ok(&w.admin, &moved).await;
    assert_eq!(with_status(&rows, "dropped").len(), 2);
    assert_eq!(with_status(&rows, "pending").len(), 2);
    assert_eq!(
        deliveries(&app, &aid, "appointment_rescheduled", "email")
            .await
            .len(),
        2
    );

    // The customer confirms from the portal: still exactly two pending.
    let confirmed = json_ok(
        customer
            .post(&format!("/api/v1/appointments/{aid}/confirm"), json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(confirmed["state"], "confirmed");
    let rows = reminders_planned_ok(&w.admin, &confirmed).await;
    assert_eq!(with_status(&rows, "pending").len(), 2);
    assert_eq!(
        deliveries(&app, &aid, "appointment_confirmed", "email")
            .await
            .len(),
        2
    );

    // The customer asks for another time: a proposal, the time stays.
    let asked = json_ok(
        customer
            .post(
                &format!("/api/v1/appointments/{aid}/reschedule-request"),
                json!({"proposed_starts_at": at(5 * 86400)}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(asked["state"], "reschedule_requested");
    assert!(asked["proposed_starts_at"].is_string());
    assert_eq!(asked["starts_at"], confirmed["starts_at"]);

    // Cancelled: every pending reminder dropped.
    let cancelled = json_ok(
        customer
            .post(&format!("/api/v1/appointments/{aid}/cancel"), json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(cancelled["state"], "cancelled");
    let rows = reminders(&w.admin, &aid).await;
    assert!(with_status(&rows, "pending").is_empty(), "{rows:?}");
    assert_eq!(
        deliveries(&app, &aid, "appointment_cancelled", "email")
            .await
            .len(),
        2
    );
    let mails = app.emails();
    assert!(
        mails.iter().any(|m| m.contains("fue cancelada")),
        "a cancellation e-mail in Spanish"
    );
}

/// Issue 10 bug 3: "Pedir otro horario" is a request. The visit keeps its
/// time and state `reschedule_requested`; the customer hears "recibimos tu
/// solicitud", the office is asked to act (in-app), the technician hears
/// nothing until the office moves it, then "se reprogramó" with the NEW time.
async fn a_reschedule_request_asks_the_office_and_tells_only_the_customer(app: TestApp) {
    let w = world(&app).await;
    let customer = app.login_as("customer").await;
    let (customer_email, _) = demo_credentials("customer");
    let (tech_email, _) = demo_credentials("technician");
    let a = json_ok(book(&w.admin, &w, 3 * 86400).await, 201).await;
    let aid = id(&a);
    let mails_to_tech = |app: &TestApp| {
        app.emails()
            .into_iter()
            .filter(|m| m.to_lowercase().contains(&format!("to: {tech_email}")))
            .count()
    };
    let tech_before = mails_to_tech(&app);

    // Refused: a comment too long, a time in the past, staff asking.
    let long = "x".repeat(1001);
    let r = customer
        .post(
            &format!("/api/v1/appointments/{aid}/reschedule-request"),
            json!({"proposed_starts_at": at(5 * 86400), "comment": long}),
        )
        .await;
    let p = assert_problem(r, 422, "validation_failed").await;
    assert_eq!(p["field"], "comment", "{p}");
    assert_problem(
        w.admin
            .post(
                &format!("/api/v1/appointments/{aid}/reschedule-request"),
                json!({"proposed_starts_at": at(5 * 86400)}),
            )
            .await,
        403,
        "forbidden",
    )
    .await;

    let asked = json_ok(
        customer
            .post(
                &format!("/api/v1/appointments/{aid}/reschedule-request"),
                json!({"proposed_starts_at": at(5 * 86400), "comment": "Mejor por la tarde"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(asked["state"], "reschedule_requested");
    assert_eq!(
        asked["starts_at"], a["starts_at"],
        "the visit keeps its time"
    );
    assert_eq!(asked["reschedule_comment"], "Mejor por la tarde");
    assert!(asked["proposed_starts_at"].is_string());
    // Its reminders still stand.
    reminders_planned_ok(&w.admin, &asked).await;

    // Nothing says it was rescheduled.
    assert!(
        deliveries(&app, &aid, "appointment_rescheduled", "email")
            .await
            .is_empty()
    );
    // The customer: "recibimos tu solicitud" by e-mail.
    let requested = deliveries(&app, &aid, "appointment_reschedule_requested", "email").await;
    assert_eq!(requested.len(), 1, "{requested:?}");
    assert_eq!(requested[0]["recipient_address"], customer_email);
    let mail = app.last_email_to(customer_email);
    assert!(mail.contains("Recibimos tu solicitud"), "{mail}");
    assert!(!mail.contains("se reprogram"), "{mail}");
    // The office: asked to act, in the app.
    let admin_id = w.admin.user_id();
    let in_app = deliveries(&app, &aid, "appointment_reschedule_requested", "in_app").await;
    assert!(
        in_app
            .iter()
            .any(|d| d["recipient_user_id"] == admin_id.as_str()),
        "the admin is told: {in_app:?}"
    );
    // The technician: nothing.
    assert!(
        !in_app
            .iter()
            .any(|d| d["recipient_user_id"] == w.tech.as_str()),
        "{in_app:?}"
    );
    assert_eq!(
        mails_to_tech(&app),
        tech_before,
        "no e-mail to the technician"
    );

    // The office sees the request and moves the visit: now the customer and
    // the technician hear "se reprogramó" with the new time.
    let seen = json_ok(
        w.admin.get(&format!("/api/v1/appointments/{aid}")).await,
        200,
    )
    .await;
    assert_eq!(seen["state"], "reschedule_requested");
    let moved = json_ok(
        w.admin
            .post(
                &format!("/api/v1/appointments/{aid}/move"),
                json!({"starts_at": at(5 * 86400), "ends_at": at(5 * 86400 + 3600)}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(moved["state"], "rescheduled");
    assert!(moved["proposed_starts_at"].is_null());
    assert_eq!(
        deliveries(&app, &aid, "appointment_rescheduled", "email")
            .await
            .len(),
        2
    );
    let tech_mail = app.last_email_to(tech_email);
    assert!(tech_mail.contains("se reprogram"), "{tech_mail}");
    let new_start = ts(&moved["starts_at"]);
    assert_ne!(new_start, ts(&a["starts_at"]));
    let tz: chrono_tz::Tz = "America/Caracas".parse().unwrap();
    let local = new_start.with_timezone(&tz).format("%-H:%M").to_string();
    assert!(
        tech_mail.contains(&local),
        "new time {local} in {tech_mail}"
    );
}

async fn a_due_reminder_is_sent_exactly_once(app: TestApp) {
    let w = world(&app).await;
    let a = json_ok(book(&w.admin, &w, 3 * 86400).await, 201).await;
    let aid = id(&a);
    // A reminder that fell due 10 s ago (as if the server had been down).
    insert_due_reminder(&app, &aid, 10).await;
    wait_sent(&app, aid.parse().unwrap(), 10).await;
    // Once more by hand: nothing left to claim.
    let again = faena::jobs::scheduler::run_once(&app.services, "test")
        .await
        .unwrap();
    assert_eq!(again, 0);
    let emails = deliveries(&app, &aid, "appointment_reminder", "email").await;
    assert_eq!(
        emails.len(),
        2,
        "one reminder e-mail to the contact, one to the technician"
    );
    assert_eq!(
        deliveries(&app, &aid, "appointment_reminder", "in_app")
            .await
            .len(),
        2
    );
    let mails: Vec<_> = app
        .emails()
        .into_iter()
        .filter(|m| m.contains("recordamos la cita"))
        .collect();
    assert_eq!(mails.len(), 2);
    let rows = reminders(&w.admin, &aid).await;
    assert_eq!(with_status(&rows, "sent").len(), 1);
    assert_eq!(
        with_status(&rows, "pending").len(),
        2,
        "the planned 24 h / 2 h rows wait"
    );
}

async fn scoping_refuses_what_is_not_yours(app: TestApp) {
    let w = world(&app).await;
    let customer = app.login_as("customer").await;
    let seller = app.login_as("seller").await;
    let tech = app.login_as("technician").await;

    // Another company's appointment is invisible to the customer contact.
    let other = json_ok(
        w.admin
            .post(
                "/api/v1/appointments",
                json!({"customer_id": w.second, "starts_at": at(86400 * 3),
                       "ends_at": at(86400 * 3 + 3600)}),
            )
            .await,
        201,
    )
    .await;
    let oid = id(&other);
    assert_problem(
        customer.get(&format!("/api/v1/appointments/{oid}")).await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        customer
            .post(&format!("/api/v1/appointments/{oid}/cancel"), json!({}))
            .await,
        404,
        "not_found",
    )
    .await;
    // The technician is not assigned to it.
    assert_problem(
        tech.get(&format!("/api/v1/appointments/{oid}")).await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        tech.post(&format!("/api/v1/appointments/{oid}/complete"), json!({}))
            .await,
        404,
        "not_found",
    )
    .await;
    // Customers and technicians do not book; customers see no reminder rows.
    assert_problem(book(&customer, &w, 86400 * 3).await, 403, "forbidden").await;
    assert_problem(book(&tech, &w, 86400 * 3).await, 403, "forbidden").await;

    // A seller books only for the customers they own.
    assert_problem(
        seller
            .post(
                "/api/v1/appointments",
                json!({"customer_id": w.unowned, "starts_at": at(86400 * 3),
                       "ends_at": at(86400 * 3 + 3600)}),
            )
            .await,
        404,
        "not_found",
    )
    .await;
    let unowned = json_ok(
        w.admin
            .post(
                "/api/v1/appointments",
                json!({"customer_id": w.unowned, "starts_at": at(86400 * 3),
                       "ends_at": at(86400 * 3 + 3600)}),
            )
            .await,
        201,
    )
    .await;
    assert_problem(
        seller
            .get(&format!("/api/v1/appointments/{}", id(&unowned)))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        seller
            .post(
                &format!("/api/v1/appointments/{}/move", id(&unowned)),
                json!({"starts_at": at(86400 * 4), "ends_at": at(86400 * 4 + 3600)}),
            )
            .await,
        404,
        "not_found",
    )
    .await;
    let unchanged = json_ok(
        w.admin
            .get(&format!("/api/v1/appointments/{}", id(&unowned)))
            .await,
        200,
    )
    .await;
    assert_eq!(unchanged, unowned);

    // Their own: the customer sees it, the assigned technician completes it.
    let mine = json_ok(book(&seller, &w, 86400 * 3).await, 201).await;
    let mid = id(&mine);
    json_ok(
        customer.get(&format!("/api/v1/appointments/{mid}")).await,
        200,
    )
    .await;
    assert_problem(
        customer
            .get(&format!("/api/v1/appointments/{mid}/reminders"))
            .await,
        403,
        "forbidden",
    )
    .await;
    let listed = json_ok(customer.get("/api/v1/appointments").await, 200).await;
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["customer_id"] == w.first.as_str())
    );
    let done = json_ok(
        tech.post(&format!("/api/v1/appointments/{mid}/complete"), json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(done["state"], "done");
}

async fn bad_input_changes_nothing(app: TestApp) {
    let w = world(&app).await;
    // End before start.
    assert_problem(
        w.admin
            .post(
                "/api/v1/appointments",
                json!({"customer_id": w.first, "starts_at": at(86400), "ends_at": at(86000)}),
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    // Unknown equipment, and another customer's machine.
    assert_problem(
        w.admin
            .post(
                "/api/v1/appointments",
                json!({"customer_id": w.first, "equipment_id": Uuid::now_v7(),
                       "starts_at": at(86400), "ends_at": at(90000)}),
            )
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        w.admin
            .post(
                "/api/v1/appointments",
                json!({"customer_id": w.second, "equipment_id": w.machine,
                       "starts_at": at(86400), "ends_at": at(90000)}),
            )
            .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        json_ok(w.admin.get("/api/v1/appointments").await, 200).await,
        json!([]),
        "nothing was booked"
    );

    // Invalid transitions leave the appointment and its reminders as they were.
    let a = json_ok(book(&w.admin, &w, 3 * 86400).await, 201).await;
    let aid = id(&a);
    let done = json_ok(
        w.admin
            .post(&format!("/api/v1/appointments/{aid}/complete"), json!({}))
            .await,
        200,
    )
    .await;
    let rows_before = reminders(&w.admin, &aid).await;
    for action in ["confirm", "cancel", "complete"] {
        assert_problem(
            w.admin
                .post(&format!("/api/v1/appointments/{aid}/{action}"), json!({}))
                .await,
            422,
            "invalid_transition",
        )
        .await;
    }
    assert_problem(
        w.admin
            .post(
                &format!("/api/v1/appointments/{aid}/move"),
                json!({"starts_at": at(86400 * 5), "ends_at": at(86400 * 5 + 60)}),
            )
            .await,
        422,
        "invalid_transition",
    )
    .await;
    // A move whose end is before its start.
    let b = json_ok(book(&w.admin, &w, 3 * 86400).await, 201).await;
    assert_problem(
        w.admin
            .post(
                &format!("/api/v1/appointments/{}/move", id(&b)),
                json!({"starts_at": at(86400 * 5), "ends_at": at(86400 * 4)}),
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        json_ok(
            w.admin
                .get(&format!("/api/v1/appointments/{}", id(&b)))
                .await,
            200
        )
        .await,
        b
    );
    assert_eq!(
        json_ok(
            w.admin.get(&format!("/api/v1/appointments/{aid}")).await,
            200
        )
        .await,
        done
    );
    assert_eq!(reminders(&w.admin, &aid).await, rows_before);
    assert!(with_status(&rows_before, "pending").is_empty());
}

/// Restart: a reminder falls due while no scheduler runs; the next start
/// sends it exactly once.
async fn restart_story(backend: Backend) {
    // The first run has no scheduler and no delivery worker: its tasks would
    // outlive the dropped app in this test process.
    // The database outlives the apps (a SQLite file in the test's own folder).
    let db_dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::fresh_database(backend, db_dir.path()).await;
    let first = spawn_app_on(backend, &url, |s| {
        s.scheduler.enabled = false;
        s.notifications.worker_enabled = false;
        s.scheduler.reminder_offsets_minutes = vec![1];
    })
    .await;
    let w = world(&first).await;
    // Starts in 62 s: the 1-minute reminder is due in about 2 s.
    let a = json_ok(book(&w.admin, &w, 62).await, 201).await;
    let aid = id(&a);
    let rows = reminders(&w.admin, &aid).await;
    assert_eq!(with_status(&rows, "pending").len(), 1);
    drop(w);
    drop(first);
    tokio::time::sleep(Duration::from_secs(3)).await;
    // It fell due while nothing ran: still pending.
    {
        let store = faena::store::Store::connect(&url, 1).await.unwrap();
        let rows = store
            .conn()
            .await
            .unwrap()
            .reminders_of(aid.parse().unwrap())
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0].status,
            faena::domain::appointment::ReminderStatus::Pending
        );
        assert!(rows[0].due_at <= Timestamp::now());
        store.close().await;
    }

    let second = spawn_app_on(backend, &url, |s| {
        s.scheduler.poll_interval_millis = 100;
    })
    .await;
    wait_sent(&second, aid.parse().unwrap(), 10).await;
    // Another node start, and another look: nothing more.
    let third = spawn_app_on(backend, &url, |s| {
        s.scheduler.poll_interval_millis = 100;
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        faena::jobs::scheduler::run_once(&third.services, "test")
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        deliveries(&second, &aid, "appointment_reminder", "email")
            .await
            .len(),
        2
    );
    second.settle_outbox();
    let mails: usize = [&second, &third]
        .iter()
        .flat_map(|app| {
            std::fs::read_dir(&app.mail_dir)
                .map(|d| {
                    d.filter_map(|e| e.ok())
                        .map(|e| e.path())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
        .filter(|p| {
            let text = crate::helpers::decode_quoted_printable(
                &std::fs::read_to_string(p).unwrap_or_default(),
            );
            text.contains("recordamos la cita")
        })
        .count();
    assert_eq!(
        mails, 2,
        "one reminder e-mail each to the contact and the technician"
    );
}

mod restart {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::restart_story(crate::helpers::Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::restart_story(crate::helpers::Backend::Postgres).await;
    }
}

/// Two nodes on one PostgreSQL database, 50 due reminders: each is sent
/// by exactly one node.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_nodes_send_each_reminder_once_on_postgres() {
    let seed = spawn_app_with(Backend::Postgres, |s| s.scheduler.enabled = false).await;
    let w = world(&seed).await;
    let mut ids = Vec::new();
    for i in 0..50 {
        let a = json_ok(book(&w.admin, &w, 3 * 86400 + i * 60).await, 201).await;
        insert_due_reminder(&seed, &id(&a), 5).await;
        ids.push(id(&a));
    }
    let url = seed.database_url.clone();
    let tweak = |s: &mut faena::config::Settings| {
        s.scheduler.poll_interval_millis = 20;
        s.scheduler.batch_size = 3;
    };
    let (a, b) = tokio::join!(
        spawn_app_on(Backend::Postgres, &url, tweak),
        spawn_app_on(Backend::Postgres, &url, tweak)
    );
    for aid in &ids {
        wait_sent(&a, aid.parse().unwrap(), 30).await;
    }
    let mut total = 0;
    for aid in &ids {
        let n = deliveries(&a, aid, "appointment_reminder", "email")
            .await
            .len();
        assert_eq!(n, 2, "appointment {aid}: one e-mail per recipient");
        total += n;
    }
    assert_eq!(total, 100);
    // The sent rows name the node that claimed them.
    let mut conn = a.services.store.conn().await.unwrap();
    let mut sent = 0;
    for aid in &ids {
        for r in conn.reminders_of(aid.parse().unwrap()).await.unwrap() {
            if r.status == faena::domain::appointment::ReminderStatus::Sent {
                sent += 1;
                assert!(r.claimed_by.is_some());
            }
        }
    }
    assert_eq!(sent, 50);
    drop(conn);
    a.settle_outbox();
    let files: usize = [&seed, &a, &b]
        .iter()
        .flat_map(|app| {
            std::fs::read_dir(&app.mail_dir)
                .map(|d| {
                    d.filter_map(|e| e.ok())
                        .map(|e| e.path())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
        .filter(|p| {
            crate::helpers::decode_quoted_printable(&std::fs::read_to_string(p).unwrap_or_default())
                .contains("recordamos la cita")
        })
        .count();
    assert_eq!(files, 100, "each reminder e-mail written once");
}

async fn machine_of(s: &Session, customer: &str) -> String {
    let list = json_ok(
        s.get(&format!("/api/v1/customers/{customer}/equipment"))
            .await,
        200,
    )
    .await;
    list[0]["id"].as_str().unwrap().to_string()
}

/// The ids in a list of maintenance requests.
fn request_ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect()
}

async fn maintenance_requests_are_triaged_and_converted(app: TestApp) {
    let w = world(&app).await;
    let customer = app.login_as("customer").await;
    let seller = app.login_as("seller").await;
    let tech = app.login_as("technician").await;

    // A contact files one at any hour for their own machine, with photos.
    let r = json_ok(
        customer
            .post(
                "/api/v1/maintenance-requests",
                json!({"equipment_id": w.machine, "description": "Pierde aceite hidráulico",
                       "preferred_dates": [at(86400 * 2), at(86400 * 3)]}),
            )
            .await,
        201,
    )
    .await;
    assert_eq!(r["state"], "new");
    assert_eq!(r["customer_id"], w.first.as_str());
    assert_eq!(r["preferred_dates"].as_array().unwrap().len(), 2);
    // It carries the machine's identity, and no assignee yet.
    let machines = json_ok(
        w.admin
            .get(&format!("/api/v1/customers/{}/equipment", w.first))
            .await,
        200,
    )
    .await;
    let machine = machines
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == w.machine.as_str())
        .unwrap();
    for f in ["brand", "model", "serial"] {
        assert_eq!(r[format!("equipment_{f}")], machine[f], "equipment_{f}");
    }
    assert!(r["assignee_name"].is_null());
    let rid = id(&r);
    let form = reqwest::multipart::Form::new().part(
        "photos",
        reqwest::multipart::Part::bytes(crate::helpers::png_bytes(40, 30)).file_name("fuga.png"),
    );
    let with_photo = json_ok(
        customer
            .client
            .post(format!(
                "{}/api/v1/maintenance-requests/{rid}/photos",
                customer.base
            ))
            .multipart(form)
            .send()
            .await
            .unwrap(),
        201,
    )
    .await;
    let photo = with_photo["photos"][0]["id"].as_str().unwrap().to_string();
    let got = customer
        .get(&format!(
            "/api/v1/maintenance-requests/{rid}/photos/{photo}"
        ))
        .await;
    assert_eq!(got.status().as_u16(), 200);
    assert_eq!(got.headers()["content-type"], "image/jpeg");

    // Not for another company's machine; nothing is filed.
    let other_machine = machine_of(&w.admin, &w.second).await;
    assert_problem(
        customer
            .post(
                "/api/v1/maintenance-requests",
                json!({"equipment_id": other_machine, "description": "x"}),
            )
            .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        json_ok(customer.get("/api/v1/maintenance-requests").await, 200)
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Scoping: an unowned customer's request is invisible to the seller, the
    // contact of another company and an unassigned technician.
    let unowned_machine = machine_of(&w.admin, &w.unowned).await;
    let u = json_ok(
        w.admin
            .post(
                "/api/v1/maintenance-requests",
                json!({"customer_id": w.unowned, "equipment_id": unowned_machine,
                       "description": "Revisión de frenos"}),
            )
            .await,
        201,
    )
    .await;
    let uid = id(&u);
    for s in [&customer, &seller, &tech] {
        assert_problem(
            s.get(&format!("/api/v1/maintenance-requests/{uid}")).await,
            404,
            "not_found",
        )
        .await;
    }
    assert_problem(
        customer
            .post(
                &format!("/api/v1/maintenance-requests/{rid}/triage"),
                json!({"priority": "high"}),
            )
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        seller
            .post(
                &format!("/api/v1/maintenance-requests/{uid}/triage"),
                json!({"priority": "high"}),
            )
            .await,
        404,
        "not_found",
    )
    .await;

    // Triage: priority and assignee; the technician then sees it.
    let t = json_ok(
        w.admin
            .post(
                &format!("/api/v1/maintenance-requests/{rid}/triage"),
                json!({"priority": "high", "assignee_id": w.tech}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(t["state"], "triaged");
    assert_eq!(t["priority"], "high");
    assert_eq!(t["assignee_name"], tech.user["name"]);
    json_ok(
        tech.get(&format!("/api/v1/maintenance-requests/{rid}"))
            .await,
        200,
    )
    .await;

    // The list filters by state on the server and shows the new fields.
    let triaged = json_ok(
        w.admin
            .get("/api/v1/maintenance-requests?state=triaged")
            .await,
        200,
    )
    .await;
    assert_eq!(request_ids(&triaged), [rid.as_str()]);
    assert_eq!(triaged[0]["assignee_name"], tech.user["name"]);
    assert_eq!(triaged[0]["equipment_serial"], machine["serial"]);
    let new = json_ok(
        w.admin.get("/api/v1/maintenance-requests?state=new").await,
        200,
    )
    .await;
    assert_eq!(request_ids(&new), [uid.as_str()]);
    assert!(new[0]["assignee_name"].is_null());
    let mine = json_ok(
        customer.get("/api/v1/maintenance-requests?state=new").await,
        200,
    )
    .await;
    assert!(request_ids(&mine).is_empty());
    let all = json_ok(w.admin.get("/api/v1/maintenance-requests").await, 200).await;
    assert_eq!(request_ids(&all).len(), 2);
    assert_problem(
        w.admin
            .get("/api/v1/maintenance-requests?state=closed")
            .await,
        400,
        "malformed_request",
    )
    .await;

    // A bad conversion changes nothing.
    assert_problem(
        w.admin
            .post(
                &format!("/api/v1/maintenance-requests/{rid}/convert"),
                json!({"appointment": {"starts_at": at(86400 * 2), "ends_at": at(86400)}}),
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    let still = json_ok(
        w.admin
            .get(&format!("/api/v1/maintenance-requests/{rid}"))
            .await,
        200,
    )
    .await;
    assert_eq!(still["state"], "triaged");

    // Converted into an order and an appointment at once.
    let c = json_ok(
        w.admin
            .post(
                &format!("/api/v1/maintenance-requests/{rid}/convert"),
                json!({"order": {"technician_ids": [w.tech]},
                       "appointment": {"technician_id": w.tech, "starts_at": at(86400 * 2),
                                       "ends_at": at(86400 * 2 + 7200), "place": "Obra Norte"}}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(c["request"]["state"], "converted");
    assert_eq!(c["request"]["order_id"], c["order"]["id"]);
    assert_eq!(c["request"]["appointment_id"], c["appointment"]["id"]);
    assert_eq!(c["order"]["customer_id"], w.first.as_str());
    assert_eq!(c["appointment"]["state"], "scheduled");
    assert_eq!(
        with_status(
            &reminders(&w.admin, &id(&c["appointment"])).await,
            "pending"
        )
        .len(),
        2
    );
    // Only once.
    assert_problem(
        w.admin
            .post(
                &format!("/api/v1/maintenance-requests/{rid}/convert"),
                json!({"order": {}}),
            )
            .await,
        422,
        "invalid_transition",
    )
    .await;
}
