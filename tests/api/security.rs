//! The edge of the server (issue 12 §1 and §3): the client address behind
//! trusted proxies only (throttling, audit, QR page limit, Secure cookie), a
//! sign-in throttle no attacker can aim at the owner, and cookie-signed
//! requests refused from other sites.

use std::time::{Duration, Instant};

use reqwest::{Client, Response};
use serde_json::{Value, json};

use crate::helpers::*;

const EVIL: &str = "http://evil.example";

/// A sign-in as if through a proxy that says the client is `from`.
async fn login_from(app: &TestApp, from: &str, email: &str, password: &str) -> Response {
    Client::new()
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("x-forwarded-for", from)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

/// Apps whose reverse proxy is the test client itself (127.0.0.1).
async fn behind_proxy(app: &TestApp, tweak: impl FnOnce(&mut faena::config::Settings)) -> TestApp {
    let app = spawn_app_with(app.backend, |s| {
        s.server.trusted_proxies = vec!["127.0.0.1/32".into(), "::1".into()];
        tweak(s)
    })
    .await;
    app.load_demo().await;
    app
}

async fn audit(app: &TestApp, action: &str) -> Vec<Value> {
    let master = app.login_as("master").await;
    json_ok(
        master.get(&format!("/api/v1/audit?action={action}")).await,
        200,
    )
    .await
    .as_array()
    .unwrap()
    .clone()
}

async fn an_attacker_cannot_lock_the_owner_out(app: TestApp) {
    let app = behind_proxy(&app, |_| {}).await;
    let (email, password) = demo_credentials("operator");
    // Address A guesses five times…
    for _ in 0..5 {
        let r = login_from(&app, "203.0.113.5", email, "wrong-guess").await;
        assert_problem(r, 401, "invalid_credentials").await;
    }
    // …and is refused from then on, even with the right password…
    let r = login_from(&app, "203.0.113.5", email, password).await;
    assert_problem(r, 429, "too_many_attempts").await;
    // …while the owner at address B signs in at once.
    let r = login_from(&app, "198.51.100.7", email, password).await;
    assert_eq!(json_ok(r, 200).await["user"]["email"], email);
    // The owner's success does not forgive the attacker's address.
    let r = login_from(&app, "203.0.113.5", email, password).await;
    assert_problem(r, 429, "too_many_attempts").await;
    // The audit log names the real addresses.
    let failed = audit(&app, "login_failed").await;
    assert_eq!(failed.len(), 5);
    assert!(
        failed.iter().all(|e| e["ip"] == "203.0.113.5"),
        "{failed:?}"
    );
}

async fn a_forged_forwarded_for_from_an_untrusted_peer_is_ignored(app: TestApp) {
    // No trusted proxies (the default): X-Forwarded-For is the client's word.
    app.load_demo().await;
    let (email, password) = demo_credentials("operator");
    for i in 0..5 {
        let r = login_from(&app, &format!("203.0.113.{i}"), email, "wrong-guess").await;
        assert_problem(r, 401, "invalid_credentials").await;
    }
    // A fresh forged address does not escape the throttle of the real one.
    let r = login_from(&app, "198.51.100.99", email, password).await;
    assert_problem(r, 429, "too_many_attempts").await;
    let failed = audit(&app, "login_failed").await;
    assert!(failed.iter().all(|e| e["ip"] == "127.0.0.1"), "{failed:?}");
    // Nor does a forged Forwarded header.
    let r = Client::new()
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("forwarded", "for=198.51.100.98")
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert_problem(r, 429, "too_many_attempts").await;
}

async fn a_trusted_proxy_is_believed_rightmost_untrusted_hop(app: TestApp) {
    let app = behind_proxy(&app, |s| s.server.trusted_proxies.push("10.0.0.0/8".into())).await;
    let (email, _) = demo_credentials("operator");
    // The client forged the first hop; the proxies appended the real one
    // and an inner proxy.
    let r = login_from(&app, "6.6.6.6, 203.0.113.5, 10.1.2.3", email, "wrong-guess").await;
    assert_problem(r, 401, "invalid_credentials").await;
    let failed = audit(&app, "login_failed").await;
    assert_eq!(failed[0]["ip"], "203.0.113.5");
}

async fn many_addresses_slow_the_account_down_but_never_lock_it(app: TestApp) {
    let app = behind_proxy(&app, |s| {
        s.auth.account_slowdown_after = 3;
        s.auth.account_slowdown_base_millis = 400;
        s.auth.account_slowdown_max_millis = 800;
    })
    .await;
    let (email, password) = demo_credentials("operator");
    // A guess from each of four addresses: none hits a per-address limit.
    for i in 0..4 {
        let r = login_from(&app, &format!("203.0.113.{i}"), email, "wrong-guess").await;
        assert_problem(r, 401, "invalid_credentials").await;
    }
    // The owner still signs in, after a delay (base doubled once: 800 ms).
    let started = Instant::now();
    let r = login_from(&app, "198.51.100.7", email, password).await;
    assert_eq!(r.status(), 200);
    assert!(
        started.elapsed() >= Duration::from_millis(800),
        "not slowed: {:?}",
        started.elapsed()
    );
    // Another account is not slowed down.
    let (other, other_password) = demo_credentials("admin");
    let started = Instant::now();
    assert_eq!(
        login_from(&app, "198.51.100.7", other, other_password)
            .await
            .status(),
        200
    );
    assert!(started.elapsed() < Duration::from_millis(800));
}

fn set_cookie(r: &Response) -> String {
    r.headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

async fn the_secure_cookie_follows_https(app: TestApp) {
    let behind = behind_proxy(&app, |_| {}).await;
    let (email, password) = demo_credentials("operator");
    let login = |app: &TestApp, proto: &'static str| {
        Client::new()
            .post(format!("{}/api/v1/auth/login", app.address))
            .header("x-forwarded-for", "203.0.113.5")
            .header("x-forwarded-proto", proto)
            .json(&json!({"email": email, "password": password}))
            .send()
    };
    // A trusted proxy says https: Secure.
    let r = login(&behind, "https").await.unwrap();
    assert!(set_cookie(&r).contains("Secure"), "{}", set_cookie(&r));
    let r = login(&behind, "http").await.unwrap();
    assert!(!set_cookie(&r).contains("Secure"), "{}", set_cookie(&r));
    // An untrusted peer saying https is not believed.
    app.load_demo().await;
    let r = login(&app, "https").await.unwrap();
    assert!(!set_cookie(&r).contains("Secure"), "{}", set_cookie(&r));
    // public_url https: always Secure.
    let public = spawn_app_with(app.backend, |s| {
        s.server.public_url = "https://faena.example.com".into()
    })
    .await;
    public.load_demo().await;
    let r = login(&public, "http").await.unwrap();
    assert!(set_cookie(&r).contains("Secure"), "{}", set_cookie(&r));
}

async fn the_qr_page_limit_is_per_real_client(app: TestApp) {
    let app = behind_proxy(&app, |s| {
        s.public.order_views_per_minute = 1;
        s.public.order_views_burst = 2;
    })
    .await;
    let view = |from: &'static str| {
        Client::new()
            .get(format!(
                "{}/api/v1/public/orders/BBBBBBBBBBBBBBBBBBBBBB",
                app.address
            ))
            .header("x-forwarded-for", from)
            .send()
    };
    assert_eq!(view("203.0.113.5").await.unwrap().status(), 404);
    assert_eq!(view("203.0.113.5").await.unwrap().status(), 404);
    assert_problem(view("203.0.113.5").await.unwrap(), 429, "too_many_attempts").await;
    // Another customer behind the same proxy is not affected.
    assert_eq!(view("198.51.100.7").await.unwrap().status(), 404);
}

// --- cross-site requests ------------------------------------------------

/// A request carrying the session cookie of `s` and the given extra headers
/// (and nothing else: no Origin unless given).
fn cookie_request(
    app: &TestApp,
    s: &Session,
    method: reqwest::Method,
    path: &str,
    headers: &[(&str, &str)],
) -> reqwest::RequestBuilder {
    let mut b = Client::new()
        .request(method, format!("{}{path}", app.address))
        .header(
            "cookie",
            format!("faena_session={}", s.token.as_deref().unwrap()),
        );
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b
}

async fn cookie_requests_from_other_sites_are_refused(app: TestApp) {
    app.load_demo().await;
    let operator = app.login_as("operator").await;
    let own = app.address.clone();
    let post = |path: &str, headers: &[(&str, &str)]| {
        cookie_request(&app, &operator, reqwest::Method::POST, path, headers).send()
    };
    let missing = "/api/v1/appointments/0192f4a8-0000-7000-8000-000000000000/confirm";

    // Bodiless POSTs from a foreign Origin: close an order, confirm an
    // appointment, log out.
    for path in [
        "/api/v1/orders/0192f4a8-0000-7000-8000-000000000000/close",
        missing,
        "/api/v1/auth/logout",
    ] {
        let r = post(path, &[("origin", EVIL)]).await.unwrap();
        let problem = assert_problem(r, 403, "cross_site_request").await;
        assert!(problem["detail"].as_str().unwrap().contains("this site"));
    }
    // The refused logout changed nothing.
    assert_eq!(operator.get("/api/v1/auth/me").await.status(), 200);

    // Other ways of saying "another site", or nothing at all.
    for headers in [
        &[("origin", "null")][..],
        &[("sec-fetch-site", "cross-site")],
        &[("sec-fetch-site", "same-site")],
        &[("referer", "http://evil.example/page")],
        &[],
    ] {
        let r = post(missing, headers).await.unwrap();
        assert_problem(r, 403, "cross_site_request").await;
    }

    // From the site itself the request reaches its route (404: no such
    // appointment), whichever header says so.
    let referer = format!("{own}/agenda");
    for headers in [
        &[("origin", own.as_str())][..],
        &[("sec-fetch-site", "same-origin")],
        &[("referer", referer.as_str())],
    ] {
        let r = post(missing, headers).await.unwrap();
        assert_problem(r, 404, "not_found").await;
    }
    // A Bearer token is not a cookie: no foreign page can attach it.
    let r = Client::new()
        .post(format!("{}{missing}", app.address))
        .bearer_auth(operator.token.as_deref().unwrap())
        .header("origin", EVIL)
        .send()
        .await
        .unwrap();
    assert_problem(r, 404, "not_found").await;
    // Reading is not changing: a foreign GET with the cookie is answered.
    let r = cookie_request(
        &app,
        &operator,
        reqwest::Method::GET,
        "/api/v1/auth/me",
        &[("origin", EVIL)],
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    // Without a cookie there is nothing to forge (signing in still works).
    let (email, password) = demo_credentials("technician");
    let r = Client::new()
        .post(format!("{}/api/v1/auth/login", app.address))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // And the site's own logout works.
    let r = post("/api/v1/auth/logout", &[("origin", own.as_str())])
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(operator.get("/api/v1/auth/me").await.status(), 401);
}

async fn multipart_uploads_from_other_sites_are_refused(app: TestApp) {
    app.load_demo().await;
    let customer = app.login_as("customer").await;
    let ticket = json_ok(
        customer
            .post(
                "/api/v1/tickets",
                json!({"type": "technical_support", "subject": "No arranca", "description": "Prueba"}),
            )
            .await,
        201,
    )
    .await;
    let channel = format!("ticket:{}", ticket["id"].as_str().unwrap());
    let upload = |origin: &str| {
        cookie_request(
            &app,
            &customer,
            reqwest::Method::POST,
            &format!("/api/v1/attachments?channel={channel}"),
            &[("origin", origin)],
        )
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(png_bytes(8, 8)).file_name("foto.png"),
        ))
        .send()
    };
    assert_problem(upload(EVIL).await.unwrap(), 403, "cross_site_request").await;
    json_ok(upload(&app.address).await.unwrap(), 201).await;
}

async fn websocket_upgrades_with_a_cookie_check_the_origin(app: TestApp) {
    use tokio_tungstenite::tungstenite::{Error, client::IntoClientRequest};
    app.load_demo().await;
    let operator = app.login_as("operator").await;
    let cookie = format!("faena_session={}", operator.token.as_deref().unwrap());
    let url = format!(
        "{}/connection/websocket",
        app.address.replace("http://", "ws://")
    );
    let open = |origin: &str, cookie: Option<&str>| {
        let mut request = url.as_str().into_client_request().unwrap();
        request
            .headers_mut()
            .insert("origin", origin.parse().unwrap());
        if let Some(cookie) = cookie {
            request
                .headers_mut()
                .insert("cookie", cookie.parse().unwrap());
        }
        tokio_tungstenite::connect_async(request)
    };
    match open(EVIL, Some(&cookie)).await {
        Err(Error::Http(response)) => {
            assert_eq!(response.status(), 403);
            let body: Value =
                serde_json::from_slice(response.body().as_deref().unwrap_or_default()).unwrap();
            assert_eq!(body["code"], "cross_site_request");
        }
        Ok(_) => panic!("a foreign page opened a socket with the user's cookie"),
        Err(e) => panic!("unexpected failure: {e}"),
    }
    // The site itself connects with the cookie…
    let (mut ws, _) = open(&app.address, Some(&cookie)).await.expect("own origin");
    use futures_util::{SinkExt, StreamExt};
    ws.send(tokio_tungstenite::tungstenite::Message::text(
        json!({"id": 1, "connect": {}}).to_string(),
    ))
    .await
    .unwrap();
    let reply = tokio::time::timeout(Duration::from_secs(10), ws.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let reply: Value = serde_json::from_str(reply.to_text().unwrap()).unwrap();
    assert!(reply["connect"]["client"].is_string(), "{reply}");
    // …and anyone may connect without one (then sign in with a token).
    assert!(open(EVIL, None).await.is_ok());
}

both_backends!(
    an_attacker_cannot_lock_the_owner_out,
    a_forged_forwarded_for_from_an_untrusted_peer_is_ignored,
    a_trusted_proxy_is_believed_rightmost_untrusted_hop,
    many_addresses_slow_the_account_down_but_never_lock_it,
    the_secure_cookie_follows_https,
    the_qr_page_limit_is_per_real_client,
    cookie_requests_from_other_sites_are_refused,
    multipart_uploads_from_other_sites_are_refused,
    websocket_upgrades_with_a_cookie_check_the_origin,
);
