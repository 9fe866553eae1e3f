//! Warranty-end alerts (issue 16; seed 004: "alertas de fin de garantía"):
//! N days before a machine's warranty ends (a post-sale setting), the
//! customer's seller and the office are told once; the customer's contacts
//! only if they opted in; a corrected date plans a new alert and drops the
//! old one; a changed setting moves the alerts not sent yet.

use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, customer_id};
use crate::helpers::*;

quiet_backends!(
    the_seller_and_the_office_hear_once_and_the_customer_if_opted_in,
    a_corrected_date_and_a_changed_margin_move_the_alert,
    post_sale_settings_refuse_bad_input_and_other_roles,
    a_part_under_warranty_on_a_machine_is_alerted_once,
);

fn in_days(n: i64) -> String {
    (Utc::now()
        .with_timezone(&chrono_tz::America::Caracas)
        .date_naive()
        + TimeDelta::days(n))
    .to_string()
}

async fn machine(admin: &Session, serial: &str, warranty: &str) -> Value {
    let company = customer_id(admin, FIRST_DEMO).await;
    json_ok(
        admin
            .post(
                &format!("/api/v1/customers/{company}/equipment"),
                json!({"brand": "Volvo", "model": "EC220", "serial": serial,
                       "warranty_ends_on": warranty}),
            )
            .await,
        201,
    )
    .await
}

fn warranty_mails(app: &TestApp, to: &str, serial: &str) -> usize {
    app.emails()
        .iter()
        .filter(|m| {
            m.to_lowercase().contains(&format!("to: {to}"))
                && m.contains(serial)
                && m.contains("garant")
        })
        .count()
}

async fn the_seller_and_the_office_hear_once_and_the_customer_if_opted_in(app: TestApp) {
    let admin = app.login_as("admin").await;
    machine(&admin, "WAR-001", &in_days(20)).await;
    assert_eq!(
        app.services.send_warranty_alerts().await.unwrap(),
        1,
        "within the 30 days"
    );
    assert_eq!(
        app.services.send_warranty_alerts().await.unwrap(),
        0,
        "once"
    );
    assert_eq!(warranty_mails(&app, "vendedor@faena.demo", "WAR-001"), 1);
    // The office, in the app (the desk acts there, no e-mail).
    let company = customer_id(&admin, FIRST_DEMO).await;
    let in_app: Vec<Value> = app
        .services
        .store
        .conn()
        .await
        .unwrap()
        .deliveries_of("customer", &company)
        .await
        .unwrap()
        .into_iter()
        .map(|d| serde_json::to_value(faena::services::views::outbox::Delivery::from(d)).unwrap())
        .filter(|d| d["kind"] == "warranty_ending" && d["channel"] == "in_app")
        .collect();
    assert!(
        in_app
            .iter()
            .any(|d| d["recipient_user_id"] == admin.user_id().as_str()),
        "{in_app:?}"
    );
    assert_eq!(
        warranty_mails(&app, "cliente@faena.demo", "WAR-001"),
        0,
        "the customer did not opt in"
    );
    let mail = app.last_email_to("vendedor@faena.demo");
    assert!(mail.contains("buen momento para ofrecer"), "{mail}");

    // The customer turns the notice on (e-mail): the next machine's end
    // reaches them too.
    let customer = app.login_as("customer").await;
    let prefs = json_ok(customer.get("/api/v1/notifications/preferences").await, 200).await;
    let notice: Vec<&Value> = prefs
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "warranty_notice")
        .collect();
    assert_eq!(notice.len(), 3);
    assert!(
        notice.iter().all(|p| p["enabled"] == false),
        "off until turned on"
    );
    json_ok(
        customer
            .put(
                "/api/v1/notifications/preferences",
                json!([{"kind": "warranty_notice", "channel": "email", "enabled": true}]),
            )
            .await,
        200,
    )
    .await;
    machine(&admin, "WAR-002", &in_days(5)).await;
    assert_eq!(app.services.send_warranty_alerts().await.unwrap(), 1);
    assert_eq!(warranty_mails(&app, "cliente@faena.demo", "WAR-002"), 1);
    let mail = app.last_email_to("cliente@faena.demo");
    assert!(mail.contains("La garantía de tu equipo"), "{mail}");
}

async fn a_corrected_date_and_a_changed_margin_move_the_alert(app: TestApp) {
    let admin = app.login_as("admin").await;
    // 100 days away: not yet with the default 30-day margin.
    machine(&admin, "WAR-100", &in_days(100)).await;
    // Ended already: never.
    machine(&admin, "WAR-OLD", &in_days(-1)).await;
    assert_eq!(app.services.send_warranty_alerts().await.unwrap(), 0);
    let settings = json_ok(
        admin
            .put(
                "/api/v1/settings/post-sale",
                json!({"warranty_alert_days": 120}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(settings["warranty_alert_days"], 120);
    assert_eq!(
        app.services.send_warranty_alerts().await.unwrap(),
        1,
        "the margin moved"
    );

    // A machine 20 days away whose date is corrected to 300 days before
    // its alert went out: the old alert is dropped, the new one waits.
    let near = machine(&admin, "WAR-020", &in_days(20)).await;
    let id = near["id"].as_str().unwrap();
    let mut body = near.clone();
    body["warranty_ends_on"] = json!(in_days(300));
    json_ok(
        admin.put(&format!("/api/v1/equipment/{id}"), body).await,
        200,
    )
    .await;
    assert_eq!(app.services.send_warranty_alerts().await.unwrap(), 0);
    // Back to the first date: planned again, sent once.
    let mut body = near.clone();
    body["warranty_ends_on"] = json!(in_days(20));
    json_ok(
        admin.put(&format!("/api/v1/equipment/{id}"), body).await,
        200,
    )
    .await;
    assert_eq!(app.services.send_warranty_alerts().await.unwrap(), 1);
    assert_eq!(warranty_mails(&app, "vendedor@faena.demo", "WAR-020"), 1);
    assert_eq!(warranty_mails(&app, "vendedor@faena.demo", "WAR-100"), 1);
    assert_eq!(warranty_mails(&app, "vendedor@faena.demo", "WAR-OLD"), 0);
}

async fn post_sale_settings_refuse_bad_input_and_other_roles(app: TestApp) {
    let admin = app.login_as("admin").await;
    let current = json_ok(admin.get("/api/v1/settings/post-sale").await, 200).await;
    assert_eq!(current["warranty_alert_days"], 30, "the default");
    for bad in [-1, 366] {
        let p = assert_problem(
            admin
                .put(
                    "/api/v1/settings/post-sale",
                    json!({"warranty_alert_days": bad}),
                )
                .await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["field"], "warranty_alert_days");
    }
    for role in ["operator", "seller", "technician", "customer"] {
        let s = app.login_as(role).await;
        assert_problem(s.get("/api/v1/settings/post-sale").await, 403, "forbidden").await;
        assert_problem(
            s.put(
                "/api/v1/settings/post-sale",
                json!({"warranty_alert_days": 10}),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
    }
    assert_eq!(
        json_ok(admin.get("/api/v1/settings/post-sale").await, 200).await["warranty_alert_days"],
        30,
        "nothing changed"
    );
}

/// Seed 004 / issue 16: "and for parts still under warranty on a
/// machine". A part line on an order on a machine plans its own alert; a
/// line removed before the day drops it; an order without a machine plans
/// none.
async fn a_part_under_warranty_on_a_machine_is_alerted_once(app: TestApp) {
    let admin = app.login_as("admin").await;
    let company = customer_id(&admin, FIRST_DEMO).await;
    let m = machine(&admin, "WAR-PART", &in_days(900)).await;
    let order = |machine: Value| {
        let admin = &admin;
        let company = company.clone();
        async move {
            json_ok(
                admin
                    .post(
                        "/api/v1/orders",
                        json!({"customer_id": company, "equipment_id": machine,
                               "reason": "Cambio de bomba"}),
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
    let on_machine = order(m["id"].clone()).await;
    let part = |order: String, description: &'static str| {
        let admin = &admin;
        async move {
            json_ok(
                admin
                    .post(
                        &format!("/api/v1/orders/{order}/parts"),
                        json!({"description": description, "quantity": "1",
                               "unit_price": "100", "warranty_days": 20}),
                    )
                    .await,
                201,
            )
            .await
        }
    };
    // Ends in 20 days, inside the 30-day margin: due at once.
    part(on_machine.clone(), "Bomba hidráulica Rexroth").await;
    // Removed before the alert went out: dropped.
    let removed = part(on_machine.clone(), "Filtro Donaldson").await;
    let r = admin
        .client
        .delete(format!(
            "{}/api/v1/orders/{on_machine}/parts/{}",
            admin.base,
            removed["id"].as_str().unwrap()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    // An order without a machine: no machine to alert about.
    let loose = order(Value::Null).await;
    part(loose, "Manguera suelta").await;
    assert_eq!(app.services.send_warranty_alerts().await.unwrap(), 1);
    assert_eq!(
        app.services.send_warranty_alerts().await.unwrap(),
        0,
        "once"
    );
    let mails: Vec<String> = app
        .emails()
        .into_iter()
        .filter(|m| m.contains("repuesto") && m.contains("WAR-PART"))
        .collect();
    assert_eq!(mails.len(), 1, "the seller, by e-mail");
    assert!(mails[0].contains("Bomba hidr"), "{}", mails[0]);
    assert!(
        !app.emails()
            .iter()
            .any(|m| m.contains("Filtro Donaldson") || m.contains("Manguera suelta"))
    );
}
