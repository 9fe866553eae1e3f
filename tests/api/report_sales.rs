//! The sales report (issue 17: "funnel and conversion by period and
//! seller, win rate, pipeline value") against four deals with a known
//! stage history, a seller's confinement, the drill-down and the refusals.

use chrono::{TimeDelta, TimeZone, Utc};
use faena::domain::crm::Stage;
use faena::domain::{CustomerId, Money, OpportunityId, Timestamp, UserId};
use faena::store::crm::opportunities::OpportunityData;
use serde_json::{Value, json};

use crate::customers::rif;
use crate::helpers::*;

both_backends!(sales_figures_match_the_hand_computed_set);

fn at(day: i64) -> Timestamp {
    Timestamp::from(Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap() + TimeDelta::days(day))
}

/// Writes one deal owned by `owner` with `history` as (stage, day).
async fn deal(app: &TestApp, owner: &str, customer: &str, value: &str, history: &[(Stage, i64)]) {
    let owner: UserId = owner.parse().unwrap();
    let mut tx = app.services.store.begin().await.unwrap();
    let id = OpportunityId::new();
    let (first, created) = history[0];
    let data = OpportunityData {
        title: format!("Trato {value}"),
        customer_id: customer.parse::<CustomerId>().unwrap(),
        contact_id: None,
        value: Money::parse(value, 2).unwrap(),
        probability: first.default_probability(),
        expected_close: None,
        owner_id: owner,
        source: String::new(),
        equipment_interest: String::new(),
        notes: String::new(),
        next_step: String::new(),
        next_step_due: None,
    };
    tx.insert_opportunity(id, &data, first, owner, at(created))
        .await
        .unwrap();
    let mut from = first;
    for (stage, day) in &history[1..] {
        let reason = (*stage == Stage::Lost).then_some("price");
        tx.set_opportunity_stage(id, *stage, stage.default_probability(), reason, at(*day))
            .await
            .unwrap();
        tx.insert_stage_change(id, Some(from), *stage, reason, owner, at(*day))
            .await
            .unwrap();
        from = *stage;
    }
    tx.commit().await.unwrap();
}

fn figures(v: &Value) -> (i64, i64, i64, i64) {
    (
        v["created"].as_i64().unwrap(),
        v["open"].as_i64().unwrap(),
        v["won"].as_i64().unwrap(),
        v["lost"].as_i64().unwrap(),
    )
}

/// The set, for a customer nobody owns: the seller's 1,000 won in January
/// and 500 lost in January; the admin's 2,000 still qualified (created in
/// February) and 300 won (created in March, skipping "qualified").
async fn sales_figures_match_the_hand_computed_set(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let c = json_ok(
        admin
            .post(
                "/api/v1/customers",
                json!({"name": "Ventas del Informe C.A.", "tax_id": rif(27_182_818),
                       "category": "Canteras"}),
            )
            .await,
        201,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, a) = (seller.user_id(), admin.user_id());
    use Stage::*;
    deal(
        &app,
        &s,
        &c,
        "1000",
        &[(Prospect, 0), (Qualified, 5), (Proposal, 10), (Won, 20)],
    )
    .await;
    deal(&app, &s, &c, "500", &[(Prospect, 3), (Lost, 8)]).await;
    deal(&app, &a, &c, "2000", &[(Prospect, 40), (Qualified, 45)]).await;
    deal(
        &app,
        &a,
        &c,
        "300",
        &[(Prospect, 70), (Proposal, 72), (Negotiation, 75), (Won, 80)],
    )
    .await;

    let q = format!("customer_id={c}&from=2026-01-01&to=2026-03-31&granularity=month");
    let r = json_ok(admin.get(&format!("/api/v1/reports/sales?{q}")).await, 200).await;
    let t = &r["totals"];
    assert_eq!(figures(t), (4, 1, 2, 1), "{r}");
    assert_eq!(t["win_rate_pct"], 66.7);
    assert_eq!(t["conversion_pct"], 50.0);
    assert_eq!(t["won_value"], "1300.00");
    assert_eq!(t["pipeline_value"], "2000.00");
    let weighted = 2000 * i64::from(Qualified.default_probability()) / 100;
    assert_eq!(t["weighted_value"], format!("{weighted}.00"));
    let periods = r["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 3);
    assert_eq!(figures(&periods[0]["figures"]), (2, 0, 1, 1));
    assert_eq!(periods[0]["figures"]["win_rate_pct"], 50.0);
    assert_eq!(figures(&periods[1]["figures"]), (1, 1, 0, 0));
    assert_eq!(periods[1]["figures"]["win_rate_pct"], Value::Null);
    assert_eq!(figures(&periods[2]["figures"]), (1, 0, 1, 0));
    // Reached (or passed): all four prospects; qualified by 1, 3 and 4
    // (4 skipped it); proposal, negotiation and won by 1 and 4.
    let reached: Vec<i64> = r["funnel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reached"].as_i64().unwrap())
        .collect();
    assert_eq!(reached, vec![4, 3, 2, 2, 2]);
    let sellers = r["by_seller"].as_array().unwrap();
    assert_eq!(sellers.len(), 2);
    assert_eq!(
        sellers[0]["seller_id"],
        s.as_str(),
        "largest won value first"
    );
    assert_eq!(figures(&sellers[0]["figures"]), (2, 0, 1, 1));
    assert_eq!(sellers[0]["figures"]["won_value"], "1000.00");
    assert_eq!(figures(&sellers[1]["figures"]), (2, 1, 1, 0));

    // A period outside the deals: nothing.
    let empty = json_ok(
        admin
            .get(&format!(
                "/api/v1/reports/sales?customer_id={c}&from=2025-01-01&to=2025-12-31"
            ))
            .await,
        200,
    )
    .await;
    assert_eq!(figures(&empty["totals"]), (0, 0, 0, 0));

    // Drill-down: the opportunities behind a figure.
    let records = |extra: String| {
        let admin = &admin;
        let path = format!("/api/v1/reports/sales/records?{q}&{extra}");
        async move { json_ok(admin.get(&path).await, 200).await }
    };
    let won = records("figure=won".into()).await;
    assert_eq!(won["total"], 2, "{won}");
    assert_eq!(won["items"][0]["kind"], "opportunity");
    assert_eq!(won["items"][0]["amount"], "300.00", "newest first");
    assert_eq!(won["items"][0]["number"], "Ventas del Informe C.A.");
    assert_eq!(records(format!("figure=won&key={s}")).await["total"], 1);
    assert_eq!(
        records("figure=created&start=2026-02-01&end=2026-02-28".into()).await["total"],
        1
    );
    assert_eq!(
        records("figure=reached&key=proposal".into()).await["total"],
        2
    );
    assert_eq!(records("figure=open".into()).await["total"], 1);
    let paged = records("figure=created&limit=3".into()).await;
    assert_eq!(paged["items"].as_array().unwrap().len(), 3);
    let cursor = paged["next_cursor"].as_str().unwrap().to_string();
    let rest = records(format!("figure=created&limit=3&cursor={cursor}")).await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert_eq!(rest["next_cursor"], Value::Null);
    let p = assert_problem(
        admin
            .get(&format!(
                "/api/v1/reports/sales/records?{q}&figure=reached&key=later"
            ))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["field"], "key");
    assert_problem(
        admin
            .get(&format!(
                "/api/v1/reports/sales/records?{q}&figure=won&cursor=nope"
            ))
            .await,
        422,
        "invalid_cursor",
    )
    .await;

    // A seller sees only their own deals (the customer is nobody's), even
    // when asking for someone else's.
    let own = json_ok(seller.get(&format!("/api/v1/reports/sales?{q}")).await, 200).await;
    assert_eq!(figures(&own["totals"]), (2, 0, 1, 1), "{own}");
    let others = json_ok(
        seller
            .get(&format!("/api/v1/reports/sales?{q}&seller_id={a}"))
            .await,
        200,
    )
    .await;
    assert_eq!(figures(&others["totals"]), (0, 0, 0, 0));
    assert_eq!(
        json_ok(
            seller
                .get(&format!("/api/v1/reports/sales/records?{q}&figure=created"))
                .await,
            200
        )
        .await["total"],
        2
    );
    for role in ["technician", "customer"] {
        let who = app.login_as(role).await;
        for path in [
            "/api/v1/reports/sales",
            "/api/v1/reports/sales/records?figure=won",
            "/api/v1/reports/sales/export?format=xlsx",
        ] {
            assert_problem(who.get(path).await, 403, "forbidden").await;
        }
    }
    // The export: the periods, the sellers and the total.
    let csv = admin
        .get(&format!("/api/v1/reports/sales/export?format=csv&{q}"))
        .await
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 3 + 2 + 1, "{csv}");
    assert!(
        lines[1].starts_with("2026-01-01,2026-01-31,,2,0,1,1,50"),
        "{csv}"
    );
    assert!(lines[6].ends_with(",1300.00,2000.00"), "{csv}");
}
