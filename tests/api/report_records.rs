//! The operations report's drill-down and export (issue 17: "every figure
//! drills down to the list of records that make it"): each figure's list
//! holds exactly the orders it counts, on both databases; a technician
//! drills only into their own work.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::TimeDelta;
use serde_json::{Value, json};

use crate::customers::rif;
use crate::helpers::*;
use crate::reports::today;
use crate::ws::Ws;

both_backends!(
    operations_figures_drill_down_to_their_orders,
    order_changes_reach_the_office_feed,
);

fn ids(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

async fn records(who: &Session, q: &str, extra: impl AsRef<str>) -> Value {
    let path = format!("/api/v1/reports/operations/records?{q}&{}", extra.as_ref());
    json_ok(who.get(&path).await, 200).await
}

async fn operations_figures_drill_down_to_their_orders(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let technician = app.login_as("technician").await;
    let tech = technician.user_id();
    let c = json_ok(
        admin
            .post(
                "/api/v1/customers",
                json!({"name": "Desglose del Informe C.A.", "tax_id": rif(14_142_135),
                       "category": "Minería"}),
            )
            .await,
        201,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut orders = Vec::new();
    for techs in [json!([tech]), json!([tech]), json!([])] {
        let o = json_ok(
            admin
                .post(
                    "/api/v1/orders",
                    json!({"customer_id": c, "reason": "Revisión", "service_value": "0",
                           "technician_ids": techs}),
                )
                .await,
            201,
        )
        .await;
        orders.push(o["id"].as_str().unwrap().to_string());
    }
    let (a, b) = (&orders[0], &orders[1]);
    json_ok(
        technician
            .post(
                &format!("/api/v1/orders/{b}/parts"),
                json!({"description": "Filtro", "quantity": "1", "unit_price": "10"}),
            )
            .await,
        201,
    )
    .await;
    for text in ["Diagnóstico hecho", "Filtro cambiado"] {
        json_ok(
            technician
                .post(
                    &format!("/api/v1/orders/{b}/events"),
                    json!({"visibility": "internal", "comment": text}),
                )
                .await,
            201,
        )
        .await;
    }
    json_ok(
        admin
            .post(&format!("/api/v1/orders/{a}/close"), json!({}))
            .await,
        200,
    )
    .await;

    let q = format!(
        "customer_id={c}&from={}&to={}",
        today() - TimeDelta::days(6),
        today()
    );
    let mut all = orders.clone();
    all.sort();
    let opened = records(&admin, &q, "figure=opened").await;
    assert_eq!(ids(&opened), all, "{opened}");
    assert_eq!(opened["items"][0]["kind"], "order");
    assert!(
        opened["items"][0]["number"]
            .as_str()
            .unwrap()
            .starts_with("OS-")
    );
    assert!(
        opened["items"][0]["title"]
            .as_str()
            .unwrap()
            .contains("Desglose del Informe")
    );
    assert_eq!(
        ids(&records(&admin, &q, "figure=closed").await),
        vec![a.clone()]
    );
    assert_eq!(
        ids(&records(&admin, &q, "figure=status&key=closed").await),
        vec![a.clone()]
    );
    // Every status row drills to as many orders as it counts: an open
    // status by `label:<label>`, so a status named "closed" is not the
    // closed bucket.
    let report = json_ok(
        admin.get(&format!("/api/v1/reports/operations?{q}")).await,
        200,
    )
    .await;
    for row in report["by_status"].as_array().unwrap() {
        let key = match (row["closed"].as_bool().unwrap(), row["status"].as_str()) {
            (true, _) => "closed".to_string(),
            (false, Some(label)) => format!("label:{label}"),
            (false, None) => "none".to_string(),
        };
        let listed = records(
            &admin,
            &q,
            format!(
                "figure=status&key={}",
                url::form_urlencoded::byte_serialize(key.as_bytes()).collect::<String>()
            ),
        )
        .await;
        assert_eq!(listed["total"], row["orders"], "{key}: {listed}");
    }
    // The day before today holds none of them.
    let yesterday = today() - TimeDelta::days(1);
    assert_eq!(
        records(
            &admin,
            &q,
            format!("figure=opened&start={yesterday}&end={yesterday}")
        )
        .await["total"],
        0
    );
    let mut two = vec![a.clone(), b.clone()];
    two.sort();
    assert_eq!(
        ids(&records(&admin, &q, format!("figure=technician_assigned&key={tech}")).await),
        two
    );
    assert_eq!(
        ids(&records(&admin, &q, format!("figure=technician_closed&key={tech}")).await),
        vec![a.clone()]
    );
    assert_eq!(
        ids(&records(&admin, &q, format!("figure=technician_parts&key={tech}")).await),
        vec![b.clone()]
    );
    assert_eq!(
        records(&admin, &q, format!("figure=technician_tasks&key={tech}")).await["total"],
        2
    );
    // A technician drills only into their own work.
    assert_eq!(records(&technician, &q, "figure=opened").await["total"], 2);
    assert_eq!(
        records(
            &technician,
            &q,
            format!("figure=technician_assigned&key={}", admin.user_id())
        )
        .await["total"],
        0
    );
    let p = assert_problem(
        admin
            .get(&format!(
                "/api/v1/reports/operations/records?{q}&figure=technician_parts"
            ))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["field"], "key");
    assert_problem(
        app.login_as("customer")
            .await
            .get("/api/v1/reports/operations/records?figure=opened")
            .await,
        403,
        "forbidden",
    )
    .await;

    // The export: a date cell, a count cell, the technician's row.
    let bytes = admin
        .get(&format!(
            "/api/v1/reports/operations/export?format=xlsx&{q}"
        ))
        .await
        .bytes()
        .await
        .unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.worksheet_range("Operaciones").unwrap();
    assert!(matches!(sheet.get((1, 0)), Some(Data::DateTime(_))));
    assert_eq!(
        sheet.get((7, 3)),
        Some(&Data::Float(3.0)),
        "today's row: 3 opened"
    );
    let last = sheet.height() - 1;
    assert_eq!(
        sheet.get((last, 3)),
        Some(&Data::Float(2.0)),
        "the technician's assigned"
    );
    assert_eq!(sheet.get((last, 6)), Some(&Data::Float(1.0)), "parts");
}

/// The operations report is live: an open report follows `staff:orders`,
/// where every change of an order itself is published (office roles only;
/// sellers, technicians and customers are refused it).
async fn order_changes_reach_the_office_feed(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let technician = app.login_as("technician").await;
    let mut office = Ws::connect_as(&app, &app.login_as("operator").await).await;
    let reply = office
        .command(json!({"subscribe": {"channel": "staff:orders"}}))
        .await;
    assert!(reply.get("subscribe").is_some(), "{reply}");
    for role in ["seller", "technician", "customer"] {
        let s = app.login_as(role).await;
        let mut ws = Ws::connect_as(&app, &s).await;
        let reply = ws
            .command(json!({"subscribe": {"channel": "staff:orders"}}))
            .await;
        assert!(reply.get("error").is_some(), "{role}: {reply}");
        let reply = ws
            .command(json!({"publish": {"channel": "staff:orders", "data": {"type": "x"}}}))
            .await;
        assert!(reply.get("error").is_some(), "{role}: {reply}");
    }
    let c = json_ok(
        admin
            .post(
                "/api/v1/customers",
                json!({"name": "Informe en Vivo C.A.", "tax_id": rif(17_320_508)}),
            )
            .await,
        201,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let order = json_ok(
        admin
            .post(
                "/api/v1/orders",
                json!({"customer_id": c, "reason": "Revisión", "service_value": "0"}),
            )
            .await,
        201,
    )
    .await;
    let id = order["id"].as_str().unwrap().to_string();
    let created = office.next_of_type("order.created").await;
    assert_eq!(created["order"]["id"], id.as_str(), "{created}");
    json_ok(
        admin
            .put(
                &format!("/api/v1/orders/{id}/technicians"),
                json!({"technician_ids": [technician.user_id()]}),
            )
            .await,
        200,
    )
    .await;
    office.next_of_type("order.technicians_changed").await;
    json_ok(
        admin
            .post(&format!("/api/v1/orders/{id}/close"), json!({}))
            .await,
        200,
    )
    .await;
    let closed = office.next_of_type("order.closed").await;
    assert_eq!(closed["order_id"], id.as_str(), "{closed}");
}
