//! A new customer's onboarding (issue 16; seed 004: "Proceso de Inducción
//! de Cliente Nuevo": 1. Entrega de equipo y documentación … 5. Programación
//! de primer seguimiento): the checklist comes with the customer, its steps
//! are a setting, people tick, reassign and move steps, each owner is
//! reminded once when a step's day comes, and every refusal.

use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};

use crate::customers::{UNOWNED_DEMO, customer_id, rif};
use crate::helpers::*;
use crate::ws::Ws;

quiet_backends!(
    a_new_customer_starts_with_the_five_steps_and_owners_are_reminded_once,
    the_steps_are_a_setting,
    onboarding_refuses_other_roles_and_bad_input,
);

fn today() -> chrono::NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::America::Caracas)
        .date_naive()
}

async fn new_customer(s: &Session, name: &str, body: u32) -> String {
    json_ok(
        s.post(
            "/api/v1/customers",
            json!({"name": name, "tax_id": rif(body)}),
        )
        .await,
        201,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn checklist(s: &Session, customer: &str) -> Vec<Value> {
    json_ok(
        s.get(&format!("/api/v1/customers/{customer}/onboarding"))
            .await,
        200,
    )
    .await
    .as_array()
    .unwrap()
    .clone()
}

async fn put_task(s: &Session, id: &str, body: Value) -> reqwest::Response {
    s.put(&format!("/api/v1/onboarding-tasks/{id}"), body).await
}

fn reminders_to(app: &TestApp, to: &str) -> usize {
    app.emails()
        .iter()
        .filter(|m| m.to_lowercase().contains(&format!("to: {to}")) && m.contains("incorporaci"))
        .count()
}

async fn a_new_customer_starts_with_the_five_steps_and_owners_are_reminded_once(app: TestApp) {
    let seller = app.login_as("seller").await;
    let admin = app.login_as("admin").await;
    let operator = app.login_as("operator").await;
    let customer = new_customer(&seller, "Canteras del Sur C.A.", 31_234_567).await;

    let steps = checklist(&seller, &customer).await;
    let titles: Vec<&str> = steps.iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Entrega de equipo y documentación",
            "Capacitación inicial en operación y mantenimiento básico",
            "Presentación del equipo de soporte asignado",
            "Configuración de accesos al portal de clientes",
            "Programación del primer seguimiento",
        ]
    );
    assert!(steps.iter().all(|s| s["owner_name"] == "Víctor Vendedor"));
    let due: Vec<String> = steps
        .iter()
        .map(|s| s["due_on"].as_str().unwrap().to_string())
        .collect();
    let days = [0, 7, 7, 3, 30].map(|d| (today() + TimeDelta::days(d)).to_string());
    assert_eq!(due, days);
    assert!(steps.iter().all(|s| s["done_at"].is_null()));

    // The first step is due today: its owner is reminded, once.
    assert_eq!(app.services.send_onboarding_reminders().await.unwrap(), 1);
    assert_eq!(app.services.send_onboarding_reminders().await.unwrap(), 0);
    assert_eq!(reminders_to(&app, "vendedor@faena.demo"), 1);

    // The office follows the change live.
    let mut office = Ws::connect_as(&app, &admin).await;
    let sub = office
        .command(json!({"subscribe": {"channel": "staff:crm"}}))
        .await;
    assert!(sub.get("error").is_none(), "{sub}");
    // Done by the admin: who and when are kept, even when saved again.
    let first = steps[0]["id"].as_str().unwrap();
    let done = json_ok(
        put_task(
            &admin,
            first,
            json!({"owner_id": steps[0]["owner_id"], "due_on": today(), "done": true}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(done["done_by_name"], "Ana Administradora");
    let push = office.publication().await;
    assert_eq!(push["pub"]["data"]["type"], "customer.onboarding_changed");
    assert_eq!(push["pub"]["data"]["customer_id"], customer.as_str());
    let again = json_ok(
        put_task(
            &seller,
            first,
            json!({"owner_id": steps[0]["owner_id"], "due_on": today(), "done": true}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(again["done_at"], done["done_at"]);
    assert_eq!(again["done_by_name"], "Ana Administradora");

    // The training goes to the operator and moves to today: reminded now.
    let second = steps[1]["id"].as_str().unwrap();
    let moved = json_ok(
        put_task(
            &admin,
            second,
            json!({"owner_id": operator.user_id(), "due_on": today(), "done": false}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(moved["owner_name"], "Olga Operadora");
    assert_eq!(app.services.send_onboarding_reminders().await.unwrap(), 1);
    assert_eq!(reminders_to(&app, "operador@faena.demo"), 1);
    // A step done before its day is never reminded.
    let fourth = steps[3]["id"].as_str().unwrap();
    json_ok(
        put_task(
            &admin,
            fourth,
            json!({"owner_id": steps[3]["owner_id"], "due_on": today(), "done": true}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(app.services.send_onboarding_reminders().await.unwrap(), 0);
    // Unticked, it is back on the list (done_at cleared).
    let undone = json_ok(
        put_task(
            &admin,
            first,
            json!({"owner_id": steps[0]["owner_id"], "due_on": today(), "done": false}),
        )
        .await,
        200,
    )
    .await;
    assert!(undone["done_at"].is_null());
}

async fn the_steps_are_a_setting(app: TestApp) {
    let admin = app.login_as("admin").await;
    let settings = json_ok(admin.get("/api/v1/settings/post-sale").await, 200).await;
    assert_eq!(settings["onboarding_steps"].as_array().unwrap().len(), 5);
    let two = json!([
        {"title": "Entrega y acta firmada", "due_after_days": 0},
        {"title": "Llamada de bienvenida", "due_after_days": 2}
    ]);
    let saved = json_ok(
        admin
            .put(
                "/api/v1/settings/post-sale",
                json!({"warranty_alert_days": 30, "onboarding_steps": two}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(saved["onboarding_steps"], two);
    let customer = new_customer(&admin, "Vialidad Andina C.A.", 31_234_568).await;
    let steps = checklist(&admin, &customer).await;
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[1]["title"], "Llamada de bienvenida");
    assert_eq!(
        steps[1]["due_on"],
        (today() + TimeDelta::days(2)).to_string()
    );
    // The admin created it and nobody owns the customer: the admin owns the steps.
    assert_eq!(steps[0]["owner_name"], "Ana Administradora");

    let many: Vec<Value> = (0..21)
        .map(|i| json!({"title": format!("Paso {i}"), "due_after_days": 1}))
        .collect();
    for bad in [
        json!([]),
        json!(many),
        json!([{"title": "  ", "due_after_days": 1}]),
        json!([{"title": "Tarde", "due_after_days": 400}]),
    ] {
        let p = assert_problem(
            admin
                .put(
                    "/api/v1/settings/post-sale",
                    json!({"warranty_alert_days": 30, "onboarding_steps": bad}),
                )
                .await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["field"], "onboarding_steps");
    }
    let kept = json_ok(admin.get("/api/v1/settings/post-sale").await, 200).await;
    assert_eq!(kept["onboarding_steps"], two, "nothing changed");
}

async fn onboarding_refuses_other_roles_and_bad_input(app: TestApp) {
    let admin = app.login_as("admin").await;
    let unowned = customer_id(&admin, UNOWNED_DEMO).await;
    // A customer from before onboarding existed has no checklist until
    // someone starts it; then once only.
    assert!(checklist(&admin, &unowned).await.is_empty());
    let started = json_ok(
        admin
            .post(
                &format!("/api/v1/customers/{unowned}/onboarding"),
                json!({}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(started.as_array().unwrap().len(), 5);
    assert_problem(
        admin
            .post(
                &format!("/api/v1/customers/{unowned}/onboarding"),
                json!({}),
            )
            .await,
        409,
        "conflict",
    )
    .await;
    let task = started[0]["id"].as_str().unwrap().to_string();

    let seller = app.login_as("seller").await;
    assert_problem(
        seller
            .get(&format!("/api/v1/customers/{unowned}/onboarding"))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        put_task(
            &seller,
            &task,
            json!({"owner_id": null, "due_on": today(), "done": true}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    for role in ["technician", "customer"] {
        let s = app.login_as(role).await;
        assert_problem(
            s.get(&format!("/api/v1/customers/{unowned}/onboarding"))
                .await,
            403,
            "forbidden",
        )
        .await;
        assert_problem(
            put_task(
                &s,
                &task,
                json!({"owner_id": null, "due_on": today(), "done": true}),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
    }
    // The owner must be office or sales staff; the day within five years.
    let portal_user = app.login_as("customer").await.user_id();
    let p = assert_problem(
        put_task(
            &admin,
            &task,
            json!({"owner_id": portal_user, "due_on": today(), "done": false}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(p["field"], "owner_id");
    let p = assert_problem(
        put_task(
            &admin,
            &task,
            json!({"owner_id": null, "due_on": today() + TimeDelta::days(2000), "done": false}),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(p["field"], "due_on");
    assert_problem(
        put_task(
            &admin,
            &uuid::Uuid::now_v7().to_string(),
            json!({"owner_id": null, "due_on": today(), "done": false}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    assert!(
        checklist(&admin, &unowned)
            .await
            .iter()
            .all(|t| t["done_at"].is_null())
    );
}
