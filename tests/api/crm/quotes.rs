//! The CRM and billing meet: "desde una oportunidad en propuesta, crear
//! presupuesto", and an approved quote marks the opportunity won — in the
//! approval's transaction, with its stage history row and the board's
//! publication. Refusals: an opportunity not yet (or no longer) at proposal
//! or negotiation (409), one of another customer (409), one outside the
//! caller's scope (404, as if it did not exist).

use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, UNOWNED_DEMO, customer_id};
use crate::helpers::*;
use crate::ws::Ws;

fn lines() -> Value {
    json!([{"kind": "service", "description": "Reparación de transmisión",
            "quantity": "1", "unit_price": "12000", "tax_exempt": true}])
}

async fn opportunity(s: &Session, customer: &str, title: &str) -> String {
    let o = json_ok(
        s.post(
            "/api/v1/crm/opportunities",
            json!({"title": title, "customer_id": customer, "value": "12000.00"}),
        )
        .await,
        201,
    )
    .await;
    o["id"].as_str().unwrap().to_string()
}

async fn move_to(s: &Session, id: &str, to: &str) {
    json_ok(
        s.post(
            &format!("/api/v1/crm/opportunities/{id}/move"),
            json!({"to": to}),
        )
        .await,
        200,
    )
    .await;
}

async fn quotes_of(s: &Session, opportunity: &str) -> Vec<Value> {
    json_ok(
        s.get(&format!("/api/v1/quotes?opportunity_id={opportunity}"))
            .await,
        200,
    )
    .await["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn an_approved_quote_wins_its_opportunity(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let opp = opportunity(&admin, &first, "Reparación de transmisión D8T").await;

    // A prospect is not quoted yet: 409, the field named, nothing stored.
    let r = admin
        .post(
            "/api/v1/quotes",
            json!({"opportunity_id": opp, "lines": lines()}),
        )
        .await;
    let body = assert_problem(r, 409, "opportunity_not_quotable").await;
    assert_eq!(body["field"], "opportunity_id");
    assert!(quotes_of(&admin, &opp).await.is_empty());

    move_to(&admin, &opp, "qualified").await;
    move_to(&admin, &opp, "proposal").await;
    // The opportunity decides the customer.
    let q = json_ok(
        admin
            .post(
                "/api/v1/quotes",
                json!({"opportunity_id": opp, "lines": lines()}),
            )
            .await,
        201,
    )
    .await;
    let qid = q["quote"]["id"].as_str().unwrap().to_string();
    assert_eq!(q["quote"]["customer_id"], first.as_str());
    assert_eq!(q["quote"]["opportunity_id"], opp.as_str());
    let listed = quotes_of(&admin, &opp).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], qid.as_str());
    json_ok(
        admin
            .post(&format!("/api/v1/quotes/{qid}/send"), json!({}))
            .await,
        200,
    )
    .await;

    // The customer never sees the CRM: no opportunity on their quote.
    let theirs = json_ok(customer.get(&format!("/api/v1/quotes/{qid}")).await, 200).await;
    assert!(theirs["quote"]["opportunity_id"].is_null(), "{theirs}");

    // An admin watching the board sees the approval win the opportunity.
    let mut board = Ws::connect_as(&app, &admin).await;
    let sub = board
        .command(json!({"subscribe": {"channel": "staff:crm"}}))
        .await;
    assert!(sub.get("error").is_none(), "{sub}");
    json_ok(
        customer
            .post(
                &format!("/api/v1/quotes/{qid}/answer"),
                json!({"answer": "approve"}),
            )
            .await,
        200,
    )
    .await;
    let push = board.publication().await;
    assert_eq!(push["pub"]["data"]["type"], "opportunity.moved");
    assert_eq!(push["pub"]["data"]["opportunity"]["id"], opp.as_str());
    assert_eq!(push["pub"]["data"]["from"], "proposal");
    assert_eq!(push["pub"]["data"]["to"], "won");

    let detail = json_ok(
        admin.get(&format!("/api/v1/crm/opportunities/{opp}")).await,
        200,
    )
    .await;
    assert_eq!(detail["opportunity"]["stage"], "won");
    assert_eq!(detail["opportunity"]["probability"], 100);
    let history = detail["history"].as_array().unwrap();
    let last = history.last().unwrap();
    assert_eq!(last["from_stage"], "proposal");
    assert_eq!(last["to_stage"], "won");
    assert_eq!(last["by"], customer.user_id());

    // Won, it takes no new quote.
    let r = admin
        .post(
            "/api/v1/quotes",
            json!({"opportunity_id": opp, "lines": lines()}),
        )
        .await;
    assert_problem(r, 409, "opportunity_not_quotable").await;
}

async fn a_quote_for_an_opportunity_is_refused_outside_its_scope(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let technician = app.login_as("technician").await;
    let customer = app.login_as("customer").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let unowned = customer_id(&admin, UNOWNED_DEMO).await;
    let on_first = opportunity(&admin, &first, "En cliente del vendedor").await;
    let hidden = opportunity(&admin, &unowned, "Cliente sin vendedor").await;
    for id in [&on_first, &hidden] {
        move_to(&admin, id, "proposal").await;
    }

    // Another customer than the opportunity's: 409 on the opportunity.
    let r = admin
        .post(
            "/api/v1/quotes",
            json!({"customer_id": unowned, "opportunity_id": on_first, "lines": lines()}),
        )
        .await;
    let body = assert_problem(r, 409, "conflict").await;
    assert_eq!(body["field"], "opportunity_id");
    // A seller cannot quote an opportunity outside their scope: to them it
    // does not exist.
    let r = seller
        .post(
            "/api/v1/quotes",
            json!({"opportunity_id": hidden, "lines": lines()}),
        )
        .await;
    let body = assert_problem(r, 404, "not_found").await;
    assert_eq!(body["field"], "opportunity_id");
    // Technicians and customers make no quotes at all.
    for who in [&technician, &customer] {
        let r = who
            .post(
                "/api/v1/quotes",
                json!({"opportunity_id": on_first, "lines": lines()}),
            )
            .await;
        assert_problem(r, 403, "forbidden").await;
    }
    assert!(quotes_of(&admin, &on_first).await.is_empty());
    assert!(quotes_of(&admin, &hidden).await.is_empty());

    // The seller quotes the opportunity on their own customer.
    let q = json_ok(
        seller
            .post(
                "/api/v1/quotes",
                json!({"opportunity_id": on_first, "lines": lines()}),
            )
            .await,
        201,
    )
    .await;
    assert_eq!(q["quote"]["opportunity_id"], on_first.as_str());
    assert_eq!(quotes_of(&seller, &on_first).await.len(), 1);
}

both_backends!(
    an_approved_quote_wins_its_opportunity,
    a_quote_for_an_opportunity_is_refused_outside_its_scope,
);
