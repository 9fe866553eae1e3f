//! Report subscriptions (issue 17: "a user can subscribe to a report
//! (weekly or monthly, chosen filters): it is e-mailed through the outbox
//! with the XLSX attached, in the company's time zone and language"):
//! subscribing, the refusals, sending once per period across runs with a
//! moved clock, and the attachment's real date and number cells.

use std::io::Cursor;

use base64::Engine;
use calamine::{Data, Reader, Xlsx};
use chrono::{Datelike, TimeDelta, Timelike};
use serde_json::{Value, json};

use crate::helpers::*;

quiet_backends!(subscribed_reports_are_mailed_once_per_period_with_the_xlsx);

fn instant(v: &Value) -> chrono::DateTime<chrono_tz::Tz> {
    v.as_str()
        .unwrap()
        .parse::<chrono::DateTime<chrono::Utc>>()
        .unwrap()
        .with_timezone(&chrono_tz::America::Caracas)
}

async fn subscribed_reports_are_mailed_once_per_period_with_the_xlsx(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;

    // A weekly revenue report for a segment, next Monday at 07:00 (the
    // company's zone).
    let weekly = json_ok(
        admin
            .post(
                "/api/v1/reports/subscriptions",
                json!({"report": "revenue", "frequency": "weekly",
                       "filters": {"category": "Minería", "technician_id": admin.user_id()}}),
            )
            .await,
        201,
    )
    .await;
    let next = instant(&weekly["next_run_at"]);
    assert_eq!(next.weekday(), chrono::Weekday::Mon, "{weekly}");
    assert_eq!((next.hour(), next.minute()), (7, 0));
    assert_eq!(
        weekly["filters"],
        json!({"category": "Minería"}),
        "only the filters revenue takes"
    );
    let monthly = json_ok(
        admin
            .post(
                "/api/v1/reports/subscriptions",
                json!({"report": "operations", "frequency": "monthly"}),
            )
            .await,
        201,
    )
    .await;
    assert_eq!(instant(&monthly["next_run_at"]).day(), 1);

    // Refusals: a report the person may not read, bad filters, someone
    // else's subscription. Nothing is kept.
    assert_problem(
        seller
            .post(
                "/api/v1/reports/subscriptions",
                json!({"report": "parts", "frequency": "weekly"}),
            )
            .await,
        403,
        "forbidden",
    )
    .await;
    let technician = app.login_as("technician").await;
    assert_problem(
        technician
            .post(
                "/api/v1/reports/subscriptions",
                json!({"report": "revenue", "frequency": "monthly"}),
            )
            .await,
        403,
        "forbidden",
    )
    .await;
    let long = "x".repeat(101);
    let p = assert_problem(
        admin
            .post(
                "/api/v1/reports/subscriptions",
                json!({"report": "sales", "frequency": "weekly", "filters": {"category": long}}),
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["field"], "category");
    let r = admin
        .post(
            "/api/v1/reports/subscriptions",
            json!({"report": "nope", "frequency": "weekly"}),
        )
        .await;
    assert!(r.status().is_client_error());
    let mine = json_ok(admin.get("/api/v1/reports/subscriptions").await, 200).await;
    assert_eq!(mine.as_array().unwrap().len(), 2);
    assert!(
        json_ok(seller.get("/api/v1/reports/subscriptions").await, 200)
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_problem(
        seller
            .request(
                reqwest::Method::DELETE,
                &format!(
                    "/api/v1/reports/subscriptions/{}",
                    monthly["id"].as_str().unwrap()
                ),
            )
            .await,
        404,
        "not_found",
    )
    .await;

    // Nothing is due before its time.
    let before = next - TimeDelta::minutes(1);
    assert_eq!(
        app.services
            .send_report_subscriptions_at(before.with_timezone(&chrono::Utc).into())
            .await
            .unwrap(),
        0
    );
    // At its time: once, however many nodes or runs ask.
    let at: faena::domain::Timestamp = next.with_timezone(&chrono::Utc).into();
    assert_eq!(
        app.services.send_report_subscriptions_at(at).await.unwrap(),
        1
    );
    assert_eq!(
        app.services.send_report_subscriptions_at(at).await.unwrap(),
        0
    );
    let rows = app
        .services
        .store
        .conn()
        .await
        .unwrap()
        .deliveries_by_key_prefix("report:")
        .await
        .unwrap();
    let mail = rows
        .iter()
        .find(|d| d.channel == faena::domain::delivery::DeliveryChannel::Email)
        .unwrap_or_else(|| panic!("an e-mail: {rows:?}"));
    assert_eq!(mail.kind, "report_scheduled");
    let payload: Value = serde_json::from_str(&mail.payload).unwrap();
    let monday = next.date_naive();
    let (from, to) = (monday - TimeDelta::days(7), monday - TimeDelta::days(1));
    let subject = payload["subject"].as_str().unwrap();
    assert!(
        subject.contains(&format!(
            "Informe de ingresos del {}",
            from.format("%d/%m/%Y")
        )),
        "{subject}"
    );
    let attachment = &payload["attachments"][0];
    assert_eq!(
        attachment["file_name"],
        format!("ingresos-{from}-{to}.xlsx").as_str()
    );
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(attachment["base64"].as_str().unwrap())
        .unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Ingresos").unwrap();
    // Seven days and the total: a real date cell on the first day, real
    // number cells for the amounts.
    assert_eq!(sheet.height(), 1 + 7 + 1);
    match sheet.get((1, 0)) {
        Some(Data::DateTime(d)) => {
            assert_eq!(d.as_datetime().unwrap().date(), from, "the week before")
        }
        other => panic!("a date cell: {other:?}"),
    }
    assert!(
        matches!(sheet.get((8, 2)), Some(Data::Float(_))),
        "{:?}",
        sheet.get((8, 2))
    );

    // It moved on to the next Monday.
    let mine = json_ok(admin.get("/api/v1/reports/subscriptions").await, 200).await;
    let moved = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == weekly["id"])
        .unwrap()
        .clone();
    assert_eq!(instant(&moved["next_run_at"]), next + TimeDelta::days(7));
    assert!(moved["last_sent_at"].is_string());

    // Cancelled: never sent again.
    let r = admin
        .request(
            reqwest::Method::DELETE,
            &format!(
                "/api/v1/reports/subscriptions/{}",
                weekly["id"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(r.status(), 204);
    let later: faena::domain::Timestamp = (next + TimeDelta::days(7))
        .with_timezone(&chrono::Utc)
        .into();
    assert_eq!(
        app.services
            .send_report_subscriptions_at(later)
            .await
            .unwrap(),
        0
    );
}
