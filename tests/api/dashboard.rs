//! The dashboard: every figure matches the scoped list it summarises, for
//! every role; today's appointments and the calendar window.

use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, SECOND_DEMO, customer_id};
use crate::helpers::*;

both_backends!(
    dashboard_figures_match_the_lists_each_role_sees,
    the_calendar_lists_a_window,
);

fn at(secs: i64) -> String {
    (Utc::now() + TimeDelta::seconds(secs)).to_rfc3339()
}

async fn items(s: &Session, path: &str) -> Vec<Value> {
    let v = json_ok(s.get(path).await, 200).await;
    match v.get("items") {
        Some(items) => items.as_array().unwrap().clone(),
        None => v.as_array().unwrap().clone(),
    }
}

async fn dashboard_figures_match_the_lists_each_role_sees(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let second = customer_id(&admin, SECOND_DEMO).await;
    let tech = app.login_as("technician").await.user_id();
    for customer in [&first, &second] {
        json_ok(
            admin
                .post(
                    "/api/v1/orders",
                    json!({"customer_id": customer, "reason": "Fuga", "service_value": "10.00",
                           "technician_ids": [tech]}),
                )
                .await,
            201,
        )
        .await;
        json_ok(
            admin
                .post(
                    "/api/v1/appointments",
                    json!({"customer_id": customer, "technician_id": tech,
                           "starts_at": at(120), "ends_at": at(3720), "place": "Obra"}),
                )
                .await,
            201,
        )
        .await;
    }
    let customer = app.login_as("customer").await;
    json_ok(
        customer
            .post(
                "/api/v1/tickets",
                json!({"type": "technical_support", "subject": "Ruido", "description": "x"}),
            )
            .await,
        201,
    )
    .await;

    for role in [
        "master",
        "admin",
        "operator",
        "seller",
        "technician",
        "customer",
    ] {
        let s = app.login_as(role).await;
        let d = json_ok(s.get("/api/v1/dashboard").await, 200).await;
        let orders_path = if role == "technician" {
            "/api/v1/me/orders?state=open&limit=200"
        } else {
            "/api/v1/orders?state=open&limit=200"
        };
        let open_orders = items(&s, orders_path).await.len() as i64;
        assert_eq!(d["open_orders"], open_orders, "{role}: {d}");
        let by_status: i64 = d["open_orders_by_status"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["count"].as_i64().unwrap())
            .sum();
        assert_eq!(by_status, open_orders, "{role}");
        let tickets = items(&s, "/api/v1/tickets?limit=200").await;
        let open_tickets = tickets.iter().filter(|t| t["state"] != "closed").count() as i64;
        let by_priority: i64 = d["open_tickets_by_priority"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["count"].as_i64().unwrap())
            .sum();
        assert_eq!(by_priority, open_tickets, "{role}: {d}");
        let today = d["appointments_today"].as_array().unwrap();
        match role {
            // The office and the assigned technician see both visits.
            "master" | "admin" | "operator" | "technician" => assert_eq!(today.len(), 2, "{role}"),
            // A customer sees only their company's, never the other's.
            "customer" => {
                assert_eq!(today.len(), 1, "{d}");
                assert_eq!(today[0]["customer_id"], first.as_str());
            }
            _ => {}
        }
        if role == "customer" {
            assert!(
                d["open_orders_by_internal_status"]
                    .as_array()
                    .unwrap()
                    .is_empty()
            );
            assert!(open_orders >= 1 && open_tickets >= 1);
        } else {
            assert_eq!(d["pending_surveys"], 0);
        }
    }
    assert_problem(
        app.anonymous().get("/api/v1/dashboard").await,
        401,
        "unauthenticated",
    )
    .await;
}

async fn the_calendar_lists_a_window(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    for (start, end) in [(3600, 7200), (86_400 * 3, 86_400 * 3 + 3600)] {
        json_ok(
            admin
                .post(
                    "/api/v1/appointments",
                    json!({"customer_id": first, "starts_at": at(start), "ends_at": at(end),
                           "place": "Taller"}),
                )
                .await,
            201,
        )
        .await;
    }
    let q = |from: i64, to: i64| {
        format!(
            "/api/v1/appointments?from={}&to={}",
            urlencoding(&at(from)),
            urlencoding(&at(to))
        )
    };
    assert_eq!(items(&admin, &q(0, 86_400)).await.len(), 1);
    assert_eq!(items(&admin, &q(86_400 * 2, 86_400 * 4)).await.len(), 1);
    assert_eq!(items(&admin, &q(0, 86_400 * 4)).await.len(), 2);
    assert_eq!(items(&admin, "/api/v1/appointments").await.len(), 2);
    let one = &items(&admin, &q(0, 86_400)).await[0];
    assert!(one.get("equipment_brand").is_some(), "{one}");
    assert_problem(admin.get(&q(86_400, 0)).await, 422, "validation_failed").await;
    let r = admin.get("/api/v1/appointments?from=yesterday").await;
    assert_eq!(r.status(), 400, "a malformed instant is a typed error");
}

fn urlencoding(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}
