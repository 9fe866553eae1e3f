//! Accounts & access: sign in/out, cookie and bearer sessions, remember me,
//! throttling, deactivation, password change and recovery.

use serde_json::json;

use crate::helpers::*;

async fn login_sets_cookie_and_bearer_works(app: TestApp) {
    app.load_demo().await;
    let anon = app.anonymous();
    let r = anon
        .post(
            "/api/v1/auth/login",
            json!({"email": "MASTER@master.com", "password": "master2023", "remember_me": false}),
        )
        .await;
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Max-Age"),
        "a short session is a browser-session cookie: {cookie}"
    );
    let body = json_ok(r, 200).await;
    assert_eq!(body["user"]["role"], "master");
    assert!(body["user"].get("password_hash").is_none());

    // The cookie jar now authenticates.
    let me = json_ok(anon.get("/api/v1/auth/me").await, 200).await;
    assert_eq!(me["email"], "master@master.com");

    // The same token as a bearer, from a client with no cookies.
    let token = body["token"].as_str().unwrap();
    let bare = reqwest::Client::new();
    let r = bare
        .get(format!("{}/api/v1/auth/me", app.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let r = bare
        .get(format!("{}/api/v1/auth/me", app.address))
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_problem(r, 401, "unauthenticated").await;

    // Logout revokes the session for both transports.
    assert_eq!(
        anon.post("/api/v1/auth/logout", json!({})).await.status(),
        204
    );
    let r = bare
        .get(format!("{}/api/v1/auth/me", app.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

async fn remember_me_gives_a_long_session(app: TestApp) {
    app.load_demo().await;
    let s = app.anonymous();
    let r = s
        .post(
            "/api/v1/auth/login",
            json!({"email": "master@master.com", "password": "master2023", "remember_me": true}),
        )
        .await;
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.contains("Max-Age=2592000"), "{cookie}");
    let body = json_ok(r, 200).await;
    let expires: chrono::DateTime<chrono::Utc> =
        body["expires_at"].as_str().unwrap().parse().unwrap();
    assert!(expires - chrono::Utc::now() > chrono::TimeDelta::days(29));

    let short = json_ok(
        s.post(
            "/api/v1/auth/login",
            json!({"email": "master@master.com", "password": "master2023"}),
        )
        .await,
        200,
    )
    .await;
    let expires: chrono::DateTime<chrono::Utc> =
        short["expires_at"].as_str().unwrap().parse().unwrap();
    let left = expires - chrono::Utc::now();
    assert!(left <= chrono::TimeDelta::hours(12) && left > chrono::TimeDelta::hours(11));
}

async fn wrong_password_is_refused_and_throttled(app: TestApp) {
    app.load_demo().await;
    let s = app.anonymous();
    for _ in 0..5 {
        let r = s
            .post(
                "/api/v1/auth/login",
                json!({"email": "operador@faena.demo", "password": "nope-nope"}),
            )
            .await;
        assert_problem(r, 401, "invalid_credentials").await;
    }
    // Sixth attempt: throttled even with the right password.
    let r = s
        .post(
            "/api/v1/auth/login",
            json!({"email": "operador@faena.demo", "password": "operador2023"}),
        )
        .await;
    assert!(r.headers().get("retry-after").is_some());
    assert_problem(r, 429, "too_many_attempts").await;
    // Unknown accounts answer exactly like wrong passwords.
    let r = s
        .post(
            "/api/v1/auth/login",
            json!({"email": "ghost@nowhere.com", "password": "whatever1"}),
        )
        .await;
    assert_problem(r, 401, "invalid_credentials").await;
    // Other accounts are not affected, and master sees the failures in the audit log.
    let master = app.login_as("master").await;
    let log = json_ok(master.get("/api/v1/audit?action=login_failed").await, 200).await;
    assert_eq!(log.as_array().unwrap().len(), 6);
    let log = json_ok(
        master.get("/api/v1/audit?action=login_throttled").await,
        200,
    )
    .await;
    assert_eq!(log[0]["subject_id"], "operador@faena.demo");
    // No password ever reaches the audit log.
    let all = master.get("/api/v1/audit").await.text().await.unwrap();
    assert!(!all.contains("nope-nope") && !all.contains("operador2023"));
}

async fn per_ip_throttling(app: TestApp) {
    app.load_demo().await;
    let s = app.anonymous();
    for i in 0..20 {
        let r = s
            .post(
                "/api/v1/auth/login",
                json!({"email": format!("nobody{i}@x.com"), "password": "whatever1"}),
            )
            .await;
        assert_eq!(r.status(), 401);
    }
    let r = s
        .post(
            "/api/v1/auth/login",
            json!({"email": "admin@faena.demo", "password": "admin2023"}),
        )
        .await;
    assert_problem(r, 429, "too_many_attempts").await;
}

async fn deactivated_user_is_signed_out_everywhere(app: TestApp) {
    app.load_demo().await;
    let master = app.login_as("master").await;
    let tech = app.login_as("technician").await;
    assert_eq!(tech.get("/api/v1/auth/me").await.status(), 200);
    let id = tech.user_id();
    let r = master
        .put(
            &format!("/api/v1/users/{id}/active"),
            json!({"active": false}),
        )
        .await;
    assert_eq!(json_ok(r, 200).await["active"], false);
    assert_problem(tech.get("/api/v1/auth/me").await, 401, "unauthenticated").await;
    let (email, password) = demo_credentials("technician");
    let r = app
        .anonymous()
        .post(
            "/api/v1/auth/login",
            json!({"email": email, "password": password}),
        )
        .await;
    assert_problem(r, 403, "account_disabled").await;
    // Reactivated, they can sign in again.
    master
        .put(
            &format!("/api/v1/users/{id}/active"),
            json!({"active": true}),
        )
        .await;
    app.login_as("technician").await;
    // Master cannot deactivate themself.
    let me = master.user_id();
    assert_problem(
        master
            .put(
                &format!("/api/v1/users/{me}/active"),
                json!({"active": false}),
            )
            .await,
        409,
        "conflict",
    )
    .await;
}

async fn change_password_revokes_other_sessions(app: TestApp) {
    app.load_demo().await;
    let here = app.login_as("operator").await;
    let elsewhere = app.login_as("operator").await;
    let r = here
        .post(
            "/api/v1/auth/password",
            json!({"current_password": "wrong-one", "new_password": "new-secret-1"}),
        )
        .await;
    assert_problem(r, 401, "invalid_credentials").await;
    let r = here
        .post(
            "/api/v1/auth/password",
            json!({"current_password": "operador2023", "new_password": "short"}),
        )
        .await;
    assert_problem(r, 422, "weak_password").await;
    let r = here
        .post(
            "/api/v1/auth/password",
            json!({"current_password": "operador2023", "new_password": "new-secret-1"}),
        )
        .await;
    assert_eq!(r.status(), 204);
    assert_eq!(here.get("/api/v1/auth/me").await.status(), 200);
    assert_eq!(elsewhere.get("/api/v1/auth/me").await.status(), 401);
    app.login("operador@faena.demo", "new-secret-1").await;
}

async fn password_recovery_link_works_once(app: TestApp) {
    app.load_demo().await;
    let s = app.anonymous();
    let old_session = app.login_as("seller").await;
    // Unknown e-mails get the same answer and no mail.
    assert_eq!(
        s.post(
            "/api/v1/auth/recover",
            json!({"email": "ghost@nowhere.com"})
        )
        .await
        .status(),
        202
    );
    assert_eq!(
        s.post(
            "/api/v1/auth/recover",
            json!({"email": "Vendedor@Faena.demo"})
        )
        .await
        .status(),
        202
    );
    let mail = app.last_email_to("vendedor@faena.demo");
    assert_eq!(app.emails().len(), 1);
    let token = link_token(&mail, "reset-password");
    let r = s
        .post(
            "/api/v1/auth/reset",
            json!({"token": token, "new_password": "brand-new-pass"}),
        )
        .await;
    assert_eq!(r.status(), 204);
    // Single use.
    let r = s
        .post(
            "/api/v1/auth/reset",
            json!({"token": token, "new_password": "another-pass-1"}),
        )
        .await;
    assert_problem(r, 422, "invalid_token").await;
    // Old sessions are gone, the new password works, the old does not.
    assert_eq!(old_session.get("/api/v1/auth/me").await.status(), 401);
    app.login("vendedor@faena.demo", "brand-new-pass").await;
    let r = s
        .post(
            "/api/v1/auth/login",
            json!({"email": "vendedor@faena.demo", "password": "vendedor2023"}),
        )
        .await;
    assert_eq!(r.status(), 401);
}

async fn expired_recovery_link_is_refused(app: TestApp) {
    let app = spawn_app_with(app.backend, |s| s.auth.recovery_link_minutes = 0).await;
    app.load_demo().await;
    let s = app.anonymous();
    s.post("/api/v1/auth/recover", json!({"email": "admin@faena.demo"}))
        .await;
    let token = link_token(&app.last_email_to("admin@faena.demo"), "reset-password");
    let r = s
        .post(
            "/api/v1/auth/reset",
            json!({"token": token, "new_password": "brand-new-pass"}),
        )
        .await;
    assert_problem(r, 422, "invalid_token").await;
}

async fn bad_login_input_gets_typed_problems(app: TestApp) {
    let s = app.anonymous();
    let r = s
        .post_raw("/api/v1/auth/login", "application/json", "{\"email\":")
        .await;
    assert_problem(r, 400, "malformed_json").await;
    let r = s
        .post("/api/v1/auth/login", json!({"email": 42, "password": "x"}))
        .await;
    assert_problem(r, 422, "validation_failed").await;
    let r = s
        .post_raw("/api/v1/auth/login", "text/plain", "hello")
        .await;
    assert_problem(r, 415, "unsupported_media_type").await;
    let huge = format!(
        "{{\"email\":\"{}\",\"password\":\"x\"}}",
        "a".repeat(2 * 1024 * 1024)
    );
    let r = s
        .post_raw("/api/v1/auth/login", "application/json", huge)
        .await;
    assert_problem(r, 413, "payload_too_large").await;
}

both_backends!(
    login_sets_cookie_and_bearer_works,
    remember_me_gives_a_long_session,
    wrong_password_is_refused_and_throttled,
    per_ip_throttling,
    deactivated_user_is_signed_out_everywhere,
    change_password_revokes_other_sessions,
    password_recovery_link_works_once,
    expired_recovery_link_is_refused,
    bad_login_input_gets_typed_problems,
);
