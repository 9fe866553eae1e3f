//! Preventive maintenance plans (issue 16): the forecast against
//! hand-computed readings (regular, irregular with a wrong reading, a
//! machine idle for months), a plan that falls due by calendar before
//! hours, the "due soon" list, the visit proposed exactly once and accepted
//! by the customer, a closed service starting the next cycle, and every
//! refusal. Seed 004: "seguimiento proactivo según ciclo de vida del
//! equipo".
//!
//! Readings taken on past days are written through the store (the API
//! stamps a reading with the time it arrives); every story then goes
//! through the API. Times are noon UTC, which is the same day in the
//! company's zone (America/Caracas, UTC-4).

use chrono::{Months, NaiveDate, TimeDelta, TimeZone, Utc};
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, SECOND_DEMO, customer_id};
use crate::helpers::*;
use faena::domain::{EquipmentId, Timestamp};

quiet_backends!(
    regular_readings_forecast_the_due_day_and_a_reading_recomputes_it,
    irregular_readings_and_a_wrong_one_give_the_median_rate,
    an_idle_machine_falls_due_only_by_the_calendar,
    a_plan_falls_due_by_calendar_before_hours,
    a_due_plan_proposes_one_visit_the_customer_accepts,
    a_closed_service_starts_the_next_cycle,
    a_technician_reads_the_meter_of_a_machine_they_work_on,
    plans_refuse_bad_input_and_other_roles,
    the_nightly_recomputation_runs_once_a_night_and_catches_up,
);

fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::America::Caracas)
        .date_naive()
}

fn days_ago(n: i64) -> NaiveDate {
    today() - TimeDelta::days(n)
}

fn noon(day: NaiveDate) -> Timestamp {
    Timestamp::from(Utc.from_utc_datetime(&day.and_hms_opt(16, 0, 0).unwrap()))
}

/// A new machine (meter at 0, no reading) of the first demo customer.
async fn machine(admin: &Session, serial: &str) -> String {
    let company = customer_id(admin, FIRST_DEMO).await;
    let eq = json_ok(
        admin
            .post(
                &format!("/api/v1/customers/{company}/equipment"),
                json!({"brand": "Caterpillar", "model": "320D", "serial": serial}),
            )
            .await,
        201,
    )
    .await;
    eq["id"].as_str().unwrap().to_string()
}

/// Writes readings taken on past days (oldest first), as the store keeps
/// them.
async fn past_readings(app: &TestApp, admin: &Session, id: &str, readings: &[(i64, i64)]) {
    let eq: EquipmentId = id.parse().unwrap();
    let by = admin.user_id().parse().unwrap();
    let mut conn = app.services.store.conn().await.unwrap();
    for &(ago, hours) in readings {
        assert!(
            conn.record_engine_hours(eq, hours, by, noon(days_ago(ago)))
                .await
                .unwrap()
        );
    }
}

async fn set_plan(s: &Session, id: &str, body: Value) -> reqwest::Response {
    s.put(&format!("/api/v1/equipment/{id}/plan"), body).await
}

async fn plan_of(s: &Session, id: &str) -> Value {
    json_ok(s.get(&format!("/api/v1/equipment/{id}/plan")).await, 200).await["plan"].clone()
}

fn day(v: &Value) -> NaiveDate {
    v.as_str().unwrap().parse().unwrap()
}

async fn regular_readings_forecast_the_due_day_and_a_reading_recomputes_it(app: TestApp) {
    let admin = app.login_as("admin").await;
    let id = machine(&admin, "REG-001").await;
    // 8 h a day, read every 10 days.
    past_readings(
        &app,
        &admin,
        &id,
        &[
            (60, 1000),
            (50, 1080),
            (40, 1160),
            (30, 1240),
            (20, 1320),
            (10, 1400),
        ],
    )
    .await;
    assert!(plan_of(&admin, &id).await.is_null(), "no plan yet");
    let body = json_ok(
        set_plan(
            &admin,
            &id,
            json!({"basis": "engine_hours", "every_hours": 500,
                   "last_service_on": days_ago(60), "last_service_hours": 1000}),
        )
        .await,
        200,
    )
    .await;
    let plan = &body["plan"];
    // Due at 1,500 h; 100 h left at 8 h/day from 10 days ago: ceil(12.5) =
    // 13 days after that reading, 3 days from today — within the 14-day
    // default margin.
    assert_eq!(plan["hours_per_day"], 8.0);
    assert_eq!(plan["due_at_hours"], 1500);
    assert_eq!(plan["due_by"], "engine_hours");
    assert_eq!(day(&plan["due_on"]), today() + TimeDelta::days(3));
    assert_eq!(plan["status"], "due_soon");
    assert_eq!(plan["due_soon_days"], 14);
    assert_eq!(plan["every_months"], 0, "the calendar does not count");

    // A reading today at 1,500 h: due now.
    json_ok(
        admin
            .post(
                &format!("/api/v1/equipment/{id}/readings"),
                json!({"hours": 1500}),
            )
            .await,
        200,
    )
    .await;
    let plan = plan_of(&admin, &id).await;
    assert_eq!(day(&plan["due_on"]), today());
    assert_eq!(plan["status"], "overdue");
    // Five 10-day intervals at 8 h/day and one at 10 h/day: the median
    // rate stays 8.
    assert_eq!(plan["hours_per_day"], 8.0);
}

async fn irregular_readings_and_a_wrong_one_give_the_median_rate(app: TestApp) {
    let admin = app.login_as("admin").await;
    let id = machine(&admin, "IRR-001").await;
    // Intervals (rate, days): (10, 1), (8.2, 39), (135, 2: a meter read
    // wrong, or a swapped unit), (8, 48). Weighted median: the 48 days at
    // 8 h/day are more than half the 90 days.
    past_readings(
        &app,
        &admin,
        &id,
        &[(100, 0), (99, 10), (60, 330), (58, 600), (10, 984)],
    )
    .await;
    let plan = json_ok(
        set_plan(
            &admin,
            &id,
            json!({"basis": "engine_hours", "every_hours": 250,
                   "last_service_on": days_ago(20), "last_service_hours": 900}),
        )
        .await,
        200,
    )
    .await["plan"]
        .clone();
    // Due at 1,150 h: 166 h left at 8 h/day from 10 days ago = ceil(20.75)
    // = 21 days, 11 days from today.
    assert_eq!(plan["hours_per_day"], 8.0);
    assert_eq!(day(&plan["due_on"]), today() + TimeDelta::days(11));
    assert_eq!(plan["status"], "due_soon");
    // A 7-day margin: not yet.
    let plan = json_ok(
        set_plan(
            &admin,
            &id,
            json!({"basis": "engine_hours", "every_hours": 250, "due_soon_days": 7,
                   "last_service_on": days_ago(20), "last_service_hours": 900}),
        )
        .await,
        200,
    )
    .await["plan"]
        .clone();
    assert_eq!(plan["status"], "ok");
}

async fn an_idle_machine_falls_due_only_by_the_calendar(app: TestApp) {
    let admin = app.login_as("admin").await;
    let id = machine(&admin, "IDLE-001").await;
    // 2 h a day for 190 days, then idle for the 185 days to the newest
    // reading: over the 180-day window the machine did not work.
    past_readings(&app, &admin, &id, &[(380, 100), (190, 480), (5, 480)]).await;
    let hours_only = json_ok(
        set_plan(
            &admin,
            &id,
            json!({"basis": "engine_hours", "every_hours": 250,
                   "last_service_on": days_ago(190), "last_service_hours": 480}),
        )
        .await,
        200,
    )
    .await["plan"]
        .clone();
    assert_eq!(hours_only["hours_per_day"], 0.0);
    assert!(
        hours_only["due_on"].is_null(),
        "an idle machine never reaches its hours"
    );
    assert_eq!(hours_only["status"], "ok");

    let either = json_ok(
        set_plan(
            &admin,
            &id,
            json!({"basis": "whichever_first", "every_hours": 250, "every_months": 6,
                   "last_service_on": days_ago(190), "last_service_hours": 480}),
        )
        .await,
        200,
    )
    .await["plan"]
        .clone();
    let due = days_ago(190).checked_add_months(Months::new(6)).unwrap();
    assert_eq!(day(&either["due_on"]), due);
    assert_eq!(either["due_by"], "calendar");
    assert_eq!(either["status"], "overdue");
}

async fn a_plan_falls_due_by_calendar_before_hours(app: TestApp) {
    let admin = app.login_as("admin").await;
    let id = machine(&admin, "CAL-001").await;
    past_readings(&app, &admin, &id, &[(40, 1000), (30, 1080)]).await;
    let plan = json_ok(
        set_plan(
            &admin,
            &id,
            json!({"basis": "whichever_first", "every_hours": 500, "every_months": 1,
                   "last_service_on": days_ago(40), "last_service_hours": 1000}),
        )
        .await,
        200,
    )
    .await["plan"]
        .clone();
    // By hours: 420 h left at 8 h/day from 30 days ago = 53 days, 23 days
    // ahead. By calendar: a month after the service, about 10 days ago.
    let by_calendar = days_ago(40).checked_add_months(Months::new(1)).unwrap();
    assert_eq!(day(&plan["due_on"]), by_calendar);
    assert_eq!(plan["due_by"], "calendar");
    assert_eq!(plan["due_at_hours"], 1500, "the hours still show");
    assert_eq!(plan["status"], "overdue");
}

/// A machine 3 days from its service (the regular story's data).
async fn due_machine(app: &TestApp, admin: &Session, serial: &str) -> String {
    let id = machine(admin, serial).await;
    past_readings(app, admin, &id, &[(60, 1000), (10, 1400)]).await;
    json_ok(
        set_plan(
            admin,
            &id,
            json!({"basis": "engine_hours", "every_hours": 500,
                   "last_service_on": days_ago(60), "last_service_hours": 1000}),
        )
        .await,
        200,
    )
    .await;
    id
}

async fn a_due_plan_proposes_one_visit_the_customer_accepts(app: TestApp) {
    let admin = app.login_as("admin").await;
    let id = due_machine(&app, &admin, "DUE-001").await;
    let due = json_ok(admin.get("/api/v1/service-plans/due-soon").await, 200).await;
    let row = due
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["plan"]["equipment_id"] == id.as_str())
        .expect("the machine is due soon")
        .clone();
    assert_eq!(row["customer_name"], FIRST_DEMO);
    assert_eq!(row["engine_hours"], 1400);
    assert!(row["plan"]["proposal"].is_null());

    // Two looks at once (two nodes): one visit.
    let (a, b) = tokio::join!(
        app.services.propose_due_visits(),
        app.services.propose_due_visits()
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1, "exactly one proposal");
    assert_eq!(app.services.propose_due_visits().await.unwrap(), 0);

    let plan = plan_of(&admin, &id).await;
    let proposal = &plan["proposal"];
    assert_eq!(proposal["state"], "proposed");
    let appointment = proposal["id"].as_str().unwrap().to_string();

    // The customer hears of it and sees it in the portal.
    let customer = app.login_as("customer").await;
    let mail = app.last_email_to("cliente@faena.demo");
    assert!(mail.contains("te proponemos una visita"), "{mail}");
    let a = json_ok(
        customer
            .get(&format!("/api/v1/appointments/{appointment}"))
            .await,
        200,
    )
    .await;
    assert_eq!(a["state"], "proposed");
    assert_eq!(a["equipment_id"], id.as_str());
    // The visit is 3 days ahead on a weekday at 09:00 local.
    let starts: chrono::DateTime<Utc> = a["starts_at"].as_str().unwrap().parse().unwrap();
    let local = starts.with_timezone(&chrono_tz::America::Caracas);
    assert_eq!(local.format("%H:%M").to_string(), "09:00");
    assert!(local.date_naive() >= today() + TimeDelta::days(3));
    // No reminder until accepted.
    let reminders = json_ok(
        admin
            .get(&format!("/api/v1/appointments/{appointment}/reminders"))
            .await,
        200,
    )
    .await;
    assert_eq!(reminders.as_array().unwrap().len(), 0);

    // The customer accepts it: a confirmed visit with its reminders, and
    // the office's "due soon" list hears of it.
    let mut office = crate::ws::Ws::connect_as(&app, &admin).await;
    let sub = office
        .command(json!({"subscribe": {"channel": "staff:maintenance"}}))
        .await;
    assert!(sub.get("error").is_none(), "{sub}");
    let a = json_ok(
        customer
            .post(
                &format!("/api/v1/appointments/{appointment}/confirm"),
                json!({}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(a["state"], "confirmed");
    let push = office.publication().await;
    assert_eq!(push["pub"]["data"]["type"], "maintenance.plan_changed");
    assert_eq!(push["pub"]["data"]["equipment_id"], id.as_str());
    assert_eq!(push["pub"]["data"]["proposal_id"], appointment.as_str());
    assert_eq!(push["pub"]["data"]["by"]["role"], "customer");
    let reminders = json_ok(
        admin
            .get(&format!("/api/v1/appointments/{appointment}/reminders"))
            .await,
        200,
    )
    .await;
    assert!(!reminders.as_array().unwrap().is_empty());
    let row = json_ok(admin.get("/api/v1/service-plans/due-soon").await, 200).await;
    let row = row
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["plan"]["equipment_id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["plan"]["proposal"]["state"], "confirmed");

    // The customer sees their own due list; the other company's seller
    // scope and a technician do not see it.
    let mine = json_ok(customer.get("/api/v1/service-plans/due-soon").await, 200).await;
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .all(|r| r["customer_name"] == FIRST_DEMO)
    );
    assert_eq!(mine.as_array().unwrap().len(), 1);
    let tech = app.login_as("technician").await;
    assert_problem(
        tech.get("/api/v1/service-plans/due-soon").await,
        403,
        "forbidden",
    )
    .await;
}

async fn a_closed_service_starts_the_next_cycle(app: TestApp) {
    let admin = app.login_as("admin").await;
    let id = due_machine(&app, &admin, "SVC-001").await;
    assert_eq!(app.services.propose_due_visits().await.unwrap(), 1);
    let company = customer_id(&admin, FIRST_DEMO).await;
    let order = json_ok(
        admin
            .post(
                "/api/v1/orders",
                json!({"customer_id": company, "equipment_id": id,
                       "reason": "Mantenimiento de 1.500 h", "service_value": "0.00"}),
            )
            .await,
        201,
    )
    .await;
    let order = order["id"].as_str().unwrap();
    json_ok(
        admin
            .post(&format!("/api/v1/orders/{order}/close"), json!({}))
            .await,
        200,
    )
    .await;
    let plan = plan_of(&admin, &id).await;
    assert_eq!(day(&plan["last_service_on"]), today());
    assert_eq!(plan["last_service_hours"], 1400);
    assert_eq!(plan["due_at_hours"], 1900);
    assert!(
        plan["proposal"].is_null(),
        "the next cycle has no visit yet"
    );
    assert_eq!(plan["status"], "ok");
    // 500 h at 8 h/day from the reading 10 days ago.
    assert_eq!(day(&plan["due_on"]), days_ago(10) + TimeDelta::days(63));
    assert_eq!(app.services.propose_due_visits().await.unwrap(), 0);
}

async fn a_technician_reads_the_meter_of_a_machine_they_work_on(app: TestApp) {
    let admin = app.login_as("admin").await;
    let tech = app.login_as("technician").await;
    let id = due_machine(&app, &admin, "TEC-001").await;
    // Not on any order of theirs: not found.
    assert_problem(
        tech.post(
            &format!("/api/v1/equipment/{id}/readings"),
            json!({"hours": 1450}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let company = customer_id(&admin, FIRST_DEMO).await;
    json_ok(
        admin
            .post(
                "/api/v1/orders",
                json!({"customer_id": company, "equipment_id": id, "reason": "Revisión",
                       "technician_ids": [tech.user_id()], "service_value": "10.00"}),
            )
            .await,
        201,
    )
    .await;
    let eq = json_ok(
        tech.post(
            &format!("/api/v1/equipment/{id}/readings"),
            json!({"hours": 1500}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(eq["engine_hours"], 1500);
    assert_eq!(plan_of(&admin, &id).await["status"], "overdue");
    let problem = assert_problem(
        tech.post(
            &format!("/api/v1/equipment/{id}/readings"),
            json!({"hours": 1499}),
        )
        .await,
        422,
        "engine_hours_decreased",
    )
    .await;
    assert_eq!(problem["field"], "hours");
}

async fn plans_refuse_bad_input_and_other_roles(app: TestApp) {
    let admin = app.login_as("admin").await;
    let id = machine(&admin, "BAD-001").await;
    let cases = [
        (
            json!({"basis": "whichever_first", "every_months": 0}),
            "every_months",
        ),
        (
            json!({"basis": "engine_hours", "every_hours": 0}),
            "every_hours",
        ),
        (
            json!({"basis": "calendar", "every_months": 121}),
            "every_months",
        ),
        (
            json!({"basis": "calendar", "every_months": 6, "due_soon_days": -1}),
            "due_soon_days",
        ),
    ];
    for (body, field) in cases {
        let p = assert_problem(
            set_plan(&admin, &id, body.clone()).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["field"], field, "{body}");
    }
    // Well formed but not with this machine now: 409, naming the field.
    for (body, field) in [
        (
            json!({"basis": "calendar", "every_months": 6,
                   "last_service_on": today() + TimeDelta::days(1)}),
            "last_service_on",
        ),
        (
            json!({"basis": "engine_hours", "every_hours": 250, "last_service_hours": 1}),
            "last_service_hours",
        ),
    ] {
        let p = assert_problem(set_plan(&admin, &id, body.clone()).await, 409, "conflict").await;
        assert_eq!(p["field"], field, "{body}");
    }
    assert!(plan_of(&admin, &id).await.is_null(), "nothing was stored");

    let good = json!({"basis": "calendar", "every_months": 6});
    for role in ["seller", "technician", "customer"] {
        let s = app.login_as(role).await;
        assert_problem(set_plan(&s, &id, good.clone()).await, 403, "forbidden").await;
    }
    json_ok(
        set_plan(&app.login_as("operator").await, &id, good).await,
        200,
    )
    .await;
    // The customer reads their machine's plan, not another company's.
    let customer = app.login_as("customer").await;
    assert_eq!(plan_of(&customer, &id).await["basis"], "calendar");
    let other = customer_id(&admin, SECOND_DEMO).await;
    let theirs = json_ok(
        admin
            .get(&format!("/api/v1/customers/{other}/equipment"))
            .await,
        200,
    )
    .await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_problem(
        customer
            .get(&format!("/api/v1/equipment/{theirs}/plan"))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        admin
            .get(&format!("/api/v1/equipment/{}/plan", uuid::Uuid::now_v7()))
            .await,
        404,
        "not_found",
    )
    .await;
}

async fn the_nightly_recomputation_runs_once_a_night_and_catches_up(app: TestApp) {
    let admin = app.login_as("admin").await;
    let id = due_machine(&app, &admin, "NIGHT-001").await;
    // The first look after the migration runs it; nothing to change.
    let done = app
        .services
        .run_nightly_forecasts()
        .await
        .unwrap()
        .expect("due at once");
    assert_eq!((done.plans, done.readings, done.changed), (1, 2, 0));
    // Once a night, whichever node looks (two looks at once: one runs).
    let (a, b) = tokio::join!(
        app.services.run_nightly_forecasts(),
        app.services.run_nightly_forecasts()
    );
    assert!(
        a.unwrap().is_none() && b.unwrap().is_none(),
        "not again tonight"
    );

    // A reading written behind the service's back (an import) is caught
    // up by the next full recomputation.
    past_readings(&app, &admin, &id, &[(0, 1500)]).await;
    assert_eq!(plan_of(&admin, &id).await["status"], "due_soon");
    let done = app.services.recompute_all_forecasts().await.unwrap();
    assert_eq!(done.changed, 1);
    let plan = plan_of(&admin, &id).await;
    assert_eq!(plan["status"], "overdue");
    assert_eq!(day(&plan["due_on"]), today());
}
