//! The audit log says who did what: every entry names its actor (and the
//! user it was about), and the master filters by actor, action and a range
//! of days in the company's time zone. Bad filters are refused with a
//! problem naming the query parameter.

use serde_json::{Value, json};

use crate::helpers::*;

async fn audit(master: &Session, query: &str) -> Vec<Value> {
    let r = master.get(&format!("/api/v1/audit{query}")).await;
    json_ok(r, 200)
        .await
        .as_array()
        .expect("a JSON array of audit entries")
        .clone()
}

/// Today in the company's time zone, as the server counts days.
async fn company_today(master: &Session) -> chrono::NaiveDate {
    let settings = json_ok(master.get("/api/v1/settings/company").await, 200).await;
    let tz: chrono_tz::Tz = settings["time_zone"].as_str().unwrap().parse().unwrap();
    chrono::Utc::now().with_timezone(&tz).date_naive()
}

async fn audit_names_the_actor_and_filters(app: TestApp) {
    app.load_demo().await;
    let master = app.login_as("master").await;
    let master_id = master.user_id();

    // A failed login: an anonymous entry.
    let r = app
        .anonymous()
        .post(
            "/api/v1/auth/login",
            json!({"email": "admin@faena.demo", "password": "wrong-password"}),
        )
        .await;
    assert_eq!(r.status(), 401);

    // The master creates a user, changes their role and deactivates them.
    let created = json_ok(
        master
            .post(
                "/api/v1/users",
                json!({"email": "ana.auditada@faena.demo", "name": "Ana Auditada", "role": "operator"}),
            )
            .await,
        201,
    )
    .await;
    let ana = created["id"].as_str().unwrap().to_string();
    let r = master
        .patch(&format!("/api/v1/users/{ana}"), json!({"role": "seller"}))
        .await;
    json_ok(r, 200).await;
    let r = master
        .put(
            &format!("/api/v1/users/{ana}/active"),
            json!({"active": false}),
        )
        .await;
    json_ok(r, 200).await;

    // An admin changes the company settings: another actor.
    let admin = app.login_as("admin").await;
    let mut settings = json_ok(admin.get("/api/v1/settings/company").await, 200).await;
    settings["phone"] = json!("+58 212 555 0101");
    json_ok(admin.put("/api/v1/settings/company", settings).await, 200).await;

    // Every entry names its actor; anonymous ones have none.
    let all = audit(&master, "").await;
    let role = all
        .iter()
        .find(|e| e["action"] == "role_changed" && e["subject_id"] == ana.as_str())
        .expect("the role change is listed");
    assert_eq!(role["actor_id"], master_id.as_str());
    assert_eq!(role["actor_name"], "Usuario Maestro");
    assert_eq!(role["subject_name"], "Ana Auditada");
    let failed = all
        .iter()
        .find(|e| e["action"] == "login_failed")
        .expect("the failed login is listed");
    assert!(failed["actor_id"].is_null() && failed["actor_name"].is_null());
    let changed = all
        .iter()
        .find(|e| e["action"] == "settings_changed")
        .expect("the settings change is listed");
    assert_eq!(changed["actor_name"], "Ana Administradora");

    // By actor: only the master's own entries.
    let mine = audit(&master, &format!("?actor={master_id}")).await;
    assert!(mine.len() >= 3, "{mine:?}");
    assert!(mine.iter().all(|e| e["actor_id"] == master_id.as_str()));
    assert!(mine.iter().any(|e| e["action"] == "user_deactivated"));
    assert!(!mine.iter().any(|e| e["action"] == "settings_changed"));

    // By actor and action together.
    let roles = audit(&master, &format!("?actor={master_id}&action=role_changed")).await;
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0]["subject_id"], ana.as_str());

    // By days in the company's time zone (both ends included).
    let today = company_today(&master).await;
    let (yesterday, tomorrow) = (today.pred_opt().unwrap(), today.succ_opt().unwrap());
    assert_eq!(
        audit(&master, &format!("?from={today}&to={today}"))
            .await
            .len(),
        all.len()
    );
    assert_eq!(
        audit(&master, &format!("?from={yesterday}")).await.len(),
        all.len()
    );
    assert!(
        audit(&master, &format!("?from={tomorrow}"))
            .await
            .is_empty()
    );
    assert!(audit(&master, &format!("?to={yesterday}")).await.is_empty());
    let today_deactivations = audit(
        &master,
        &format!("?action=user_deactivated&from={today}&to={today}&actor={master_id}"),
    )
    .await;
    assert_eq!(today_deactivations.len(), 1);
}

async fn bad_audit_filters_are_refused_naming_the_parameter(app: TestApp) {
    app.load_demo().await;
    let master = app.login_as("master").await;
    for (query, field) in [
        ("?action=user_exploded", "action"),
        ("?actor=not-a-uuid", "actor"),
        ("?from=2026-13-01", "from"),
        ("?to=yesterday", "to"),
        ("?from=2026-12-03&to=2026-12-01", "to"),
        ("?limit=many", "limit"),
        ("?before=42", "before"),
    ] {
        let body = assert_problem(
            master.get(&format!("/api/v1/audit{query}")).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(body["field"], field, "{query}: {body}");
    }
    // Only the master may read it, filtered or not.
    let admin = app.login_as("admin").await;
    assert_problem(
        admin
            .get(&format!("/api/v1/audit?actor={}", admin.user_id()))
            .await,
        403,
        "forbidden",
    )
    .await;
}

both_backends!(
    audit_names_the_actor_and_filters,
    bad_audit_filters_are_refused_naming_the_parameter,
);
