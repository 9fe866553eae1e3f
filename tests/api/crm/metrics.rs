//! Metrics and the dashboard against figures worked out by hand from a
//! stage history written with known times (the same four deals as the
//! domain's unit test), read through the API on both backends.

use chrono::{TimeDelta, TimeZone, Utc};
use faena::domain::crm::Stage;
use faena::domain::{CustomerId, Money, OpportunityId, Timestamp, UserId};
use faena::store::crm::opportunities::OpportunityData;
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, customer_id};
use crate::helpers::*;

const DAY: i64 = 86_400;

fn at(day: i64) -> Timestamp {
    Timestamp::from(Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap() + TimeDelta::days(day))
}

/// Writes one deal owned by `owner` with `history` as (stage, day).
async fn deal(
    app: &TestApp,
    owner: UserId,
    customer: CustomerId,
    value: &str,
    history: &[(Stage, i64)],
) {
    let mut tx = app.services.store.begin().await.unwrap();
    let id = OpportunityId::new();
    let (first, created) = history[0];
    let data = OpportunityData {
        title: format!("Trato {value}"),
        customer_id: customer,
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

fn reached(m: &Value) -> Vec<i64> {
    m["funnel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reached"].as_i64().unwrap())
        .collect()
}

async fn metrics_match_the_hand_computation(app: TestApp) {
    use Stage::*;
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let operator = app.login_as("operator").await;
    let owner: UserId = operator.user_id().parse().unwrap();
    let customer: CustomerId = customer_id(&admin, FIRST_DEMO).await.parse().unwrap();
    // A: won after 9 days; B: lost; C: skipped qualified, open; D: February.
    deal(
        &app,
        owner,
        customer,
        "1000.00",
        &[(Prospect, 0), (Qualified, 2), (Proposal, 5), (Won, 9)],
    )
    .await;
    deal(
        &app,
        owner,
        customer,
        "2000.00",
        &[(Prospect, 0), (Qualified, 4), (Lost, 6)],
    )
    .await;
    deal(
        &app,
        owner,
        customer,
        "3000.00",
        &[(Prospect, 1), (Proposal, 3)],
    )
    .await;
    deal(&app, owner, customer, "4000.00", &[(Prospect, 40)]).await;

    let q = format!("?owner_id={owner}");
    let m = json_ok(admin.get(&format!("/api/v1/crm/metrics{q}")).await, 200).await;
    let overall = &m["overall"];
    assert_eq!(overall["opportunities"], 4);
    assert_eq!(
        (
            overall["open"].as_i64(),
            overall["won"].as_i64(),
            overall["lost"].as_i64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(overall["win_rate_pct"], 50.0);
    assert_eq!(reached(overall), [4, 3, 2, 1, 1]);
    let from_previous: Vec<Value> = overall["funnel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["from_previous_pct"].clone())
        .collect();
    assert_eq!(
        from_previous,
        [
            Value::Null,
            json!(75.0),
            json!(66.7),
            json!(50.0),
            json!(100.0)
        ]
    );
    let prospect = &overall["time_in_stage"][0];
    assert_eq!(prospect["stage"], "prospect");
    assert_eq!(prospect["time"]["count"], 3);
    assert_eq!(prospect["time"]["average_seconds"], 8 * DAY / 3);
    assert_eq!(prospect["time"]["median_seconds"], 2 * DAY);
    assert_eq!(
        overall["time_in_stage"][1]["time"]["average_seconds"],
        5 * DAY / 2
    );
    assert_eq!(
        overall["time_in_stage"][2]["time"]["average_seconds"],
        4 * DAY
    );
    assert_eq!(overall["time_in_stage"][3]["time"]["count"], 0);
    assert_eq!(overall["cycle"]["average_seconds"], 9 * DAY);
    assert_eq!(m["by_owner"].as_array().unwrap().len(), 1);
    let months: Vec<&str> = m["by_cohort"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2026-01", "2026-02"]);
    assert_eq!(m["by_cohort"][0]["metrics"]["won"], 1);
    assert_eq!(m["by_cohort"][1]["metrics"]["open"], 1);

    // The dashboard: money from current values, funnel from the history.
    let d = json_ok(admin.get(&format!("/api/v1/crm/dashboard{q}")).await, 200).await;
    assert_eq!(d["active_opportunities"], 2);
    assert_eq!(d["potential_value"], "7000.00");
    // 3000 × 50% + 4000 × 10%.
    assert_eq!(d["weighted_value"], "1900.00");
    assert_eq!(d["conversion_rate_pct"], 25.0);
    assert_eq!(d["win_rate_pct"], 50.0);
    assert_eq!(reached(&d), [4, 3, 2, 1, 1]);
    let by_stage: Vec<(String, i64)> = d["by_stage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["stage"].as_str().unwrap().to_string(),
                s["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by_stage,
        [
            ("prospect", 1),
            ("qualified", 0),
            ("proposal", 1),
            ("negotiation", 0),
            ("won", 1),
            ("lost", 1)
        ]
        .map(|(s, n)| (s.to_string(), n))
    );
    let seller = &d["by_seller"][0];
    assert_eq!(seller["owner_name"], "Olga Operadora");
    assert_eq!(seller["won_value"], "1000.00");
    assert_eq!(seller["open_value"], "7000.00");
    assert_eq!(d["trend"][0]["month"], "2026-01");
    assert_eq!(d["trend"][0]["created"], 3);
    assert_eq!(d["customers"], 3);
    // The dashboard counts the funnel in the database, the metrics walk the
    // whole history: the same figures, with and without the owner filter
    // (everything in scope reads the covering index alone).
    assert_eq!(d["funnel"], m["overall"]["funnel"]);
    let whole = json_ok(admin.get("/api/v1/crm/dashboard").await, 200).await;
    let all = json_ok(admin.get("/api/v1/crm/metrics").await, 200).await;
    assert_eq!(whole["funnel"], all["overall"]["funnel"]);
    assert_eq!(whole["win_rate_pct"], all["overall"]["win_rate_pct"]);
    let cohorts: Vec<(Value, Value, Value)> = all["by_cohort"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let m = &c["metrics"];
            (
                c["month"].clone(),
                m["opportunities"].clone(),
                m["won"].clone(),
            )
        })
        .collect();
    let trend: Vec<(Value, Value, Value)> = whole["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["month"].clone(), t["created"].clone(), t["won"].clone()))
        .collect();
    assert_eq!(trend, cohorts);

    // A seller's dashboard counts their own customers and deals only: the
    // operator's deals are on the seller's customer, so they are included.
    let seller = app.login_as("seller").await;
    let d = json_ok(seller.get(&format!("/api/v1/crm/dashboard{q}")).await, 200).await;
    assert_eq!(d["customers"], 2);
    assert_eq!(reached(&d), [4, 3, 2, 1, 1]);

    // The board's sums: value and probability-weighted per column.
    let board = json_ok(admin.get(&format!("/api/v1/crm/board{q}")).await, 200).await;
    let proposal = &board["columns"][2];
    assert_eq!(proposal["stage"], "proposal");
    assert_eq!(proposal["count"], 1);
    assert_eq!(proposal["sum"], "3000.00");
    assert_eq!(proposal["weighted_sum"], "1500.00");
}

both_backends!(metrics_match_the_hand_computation);
