//! Opportunities: the stage rules, bad input, scopes and the board's
//! publications.

use faena::domain::UserId;
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, UNOWNED_DEMO, customer_id};
use crate::helpers::*;
use crate::ws::Ws;

async fn create(s: &Session, body: Value) -> Value {
    json_ok(s.post("/api/v1/crm/opportunities", body).await, 201).await
}

async fn move_to(s: &Session, id: &str, body: Value) -> reqwest::Response {
    s.post(&format!("/api/v1/crm/opportunities/{id}/move"), body)
        .await
}

async fn count(s: &Session) -> usize {
    let page = json_ok(s.get("/api/v1/crm/opportunities?limit=200").await, 200).await;
    page["items"].as_array().unwrap().len()
}

/// Every publication of `channel`, parsed.
async fn publications(app: &TestApp, channel: &str) -> Vec<Value> {
    let mut c = app.services.store.conn().await.unwrap();
    c.publications_after(channel, 0, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|p| serde_json::from_str(&p.data).unwrap())
        .collect()
}

async fn stages_and_history(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let o = create(
        &admin,
        json!({"title": "Overhaul 320D", "customer_id": first, "value": "10000.00",
               "source": "Feria", "equipment_interest": "320D"}),
    )
    .await;
    let id = o["id"].as_str().unwrap().to_string();
    assert_eq!(o["stage"], "prospect");
    assert_eq!(o["probability"], 10);
    assert_eq!(o["weighted_value"], "1000.00");
    assert_eq!(o["owner_id"], admin.user_id());

    for (to, p) in [("qualified", 25), ("proposal", 50), ("negotiation", 75)] {
        let moved = json_ok(move_to(&admin, &id, json!({"to": to})).await, 200).await;
        assert_eq!(moved["stage"], to);
        assert_eq!(moved["probability"], p);
    }
    // Lost needs a reason from the catalog; nothing changes without one.
    assert_problem(
        move_to(&admin, &id, json!({"to": "lost"})).await,
        422,
        "invalid_transition",
    )
    .await;
    let r = move_to(
        &admin,
        &id,
        json!({"to": "lost", "lost_reason": "no_such_reason"}),
    )
    .await;
    let body = assert_problem(r, 422, "validation_failed").await;
    assert_eq!(body["field"], "lost_reason");
    let reasons = json_ok(admin.get("/api/v1/crm/lost-reasons").await, 200).await;
    assert!(
        reasons
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == "price")
    );

    let won = json_ok(move_to(&admin, &id, json!({"to": "won"})).await, 200).await;
    assert_eq!(won["probability"], 100);
    // won → prospect without reopening is refused, and changes nothing.
    let r = move_to(&admin, &id, json!({"to": "prospect"})).await;
    let body = assert_problem(r, 422, "invalid_transition").await;
    assert_eq!(body["field"], "to");
    let detail = json_ok(
        admin.get(&format!("/api/v1/crm/opportunities/{id}")).await,
        200,
    )
    .await;
    assert_eq!(detail["opportunity"]["stage"], "won");
    // Reopening goes back to an open stage only.
    let r = admin
        .post(
            &format!("/api/v1/crm/opportunities/{id}/reopen"),
            json!({"to": "lost"}),
        )
        .await;
    assert_problem(r, 422, "invalid_transition").await;
    let reopened = json_ok(
        admin
            .post(
                &format!("/api/v1/crm/opportunities/{id}/reopen"),
                json!({"to": "negotiation"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(reopened["stage"], "negotiation");
    let lost = json_ok(
        move_to(&admin, &id, json!({"to": "lost", "lost_reason": "price"})).await,
        200,
    )
    .await;
    assert_eq!(lost["lost_reason"], "price");

    // The history: creation, three moves, won, reopen, lost — who, from, to.
    let detail = json_ok(
        admin.get(&format!("/api/v1/crm/opportunities/{id}")).await,
        200,
    )
    .await;
    let history = detail["history"].as_array().unwrap();
    let steps: Vec<(Value, Value)> = history
        .iter()
        .map(|h| (h["from_stage"].clone(), h["to_stage"].clone()))
        .collect();
    assert_eq!(
        steps,
        [
            (Value::Null, json!("prospect")),
            (json!("prospect"), json!("qualified")),
            (json!("qualified"), json!("proposal")),
            (json!("proposal"), json!("negotiation")),
            (json!("negotiation"), json!("won")),
            (json!("won"), json!("negotiation")),
            (json!("negotiation"), json!("lost")),
        ]
    );
    assert!(history.iter().all(|h| h["by_name"] == "Ana Administradora"));
    assert_eq!(history[6]["lost_reason"], "price");

    // The history is append-only in the database itself.
    use sqlx::Connection;
    let refused = match app.backend {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&app.database_url)
                .await
                .unwrap();
            sqlx::query("DELETE FROM crm_stage_history")
                .execute(&mut c)
                .await
                .is_err()
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&app.database_url)
                .await
                .unwrap();
            sqlx::query("UPDATE crm_stage_history SET to_stage = 'won'")
                .execute(&mut c)
                .await
                .is_err()
        }
    };
    assert!(refused, "the stage history refused the change");
}

async fn bad_input_changes_nothing(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let before = count(&admin).await;
    let base = json!({"title": "Repuestos", "customer_id": first, "value": "100"});
    let with = |patch: Value| {
        let mut b = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    for (patch, status, code, field) in [
        (
            json!({"probability": 101}),
            422,
            "validation_failed",
            "probability",
        ),
        (
            json!({"probability": -1}),
            422,
            "validation_failed",
            "probability",
        ),
        (json!({"value": "-5"}), 422, "invalid_money", "value"),
        (json!({"value": "1.005"}), 422, "invalid_money", "value"),
        (
            json!({"owner_id": UserId::new()}),
            422,
            "validation_failed",
            "owner_id",
        ),
        (json!({"title": "  "}), 422, "validation_failed", "title"),
        (json!({"stage": "won"}), 422, "validation_failed", "stage"),
        (
            json!({"customer_id": UserId::new()}),
            404,
            "not_found",
            "customer_id",
        ),
    ] {
        let r = admin
            .post("/api/v1/crm/opportunities", with(patch.clone()))
            .await;
        let body = assert_problem(r, status, code).await;
        assert_eq!(body["field"], field, "{patch}");
    }
    // A technician is no owner.
    let tech = app.login_as("technician").await;
    let r = admin
        .post(
            "/api/v1/crm/opportunities",
            with(json!({"owner_id": tech.user_id()})),
        )
        .await;
    assert_problem(r, 422, "validation_failed").await;
    assert_eq!(count(&admin).await, before);

    // A bad probability on a move changes nothing either.
    let o = create(&admin, base.clone()).await;
    let id = o["id"].as_str().unwrap();
    let r = move_to(&admin, id, json!({"to": "qualified", "probability": 150})).await;
    assert_problem(r, 422, "validation_failed").await;
    let r = move_to(&admin, id, json!({"to": "prospect"})).await;
    assert_problem(r, 422, "invalid_transition").await;
    let detail = json_ok(
        admin.get(&format!("/api/v1/crm/opportunities/{id}")).await,
        200,
    )
    .await;
    assert_eq!(detail["opportunity"]["stage"], "prospect");
    assert_eq!(detail["history"].as_array().unwrap().len(), 1);
    // Filters that make no sense.
    let r = admin
        .get("/api/v1/crm/opportunities?value_min=10&value_max=5")
        .await;
    assert_problem(r, 422, "validation_failed").await;
    let r = admin.get("/api/v1/crm/opportunities?cursor=nope").await;
    assert_problem(r, 422, "invalid_cursor").await;
}

async fn scopes_and_refusals(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let unowned = customer_id(&admin, UNOWNED_DEMO).await;

    // A seller creates for their own customers only, owned by themselves.
    let mine = create(
        &seller,
        json!({"title": "Mía", "customer_id": first, "value": "500"}),
    )
    .await;
    assert_eq!(mine["owner_id"], seller.user_id());
    let r = seller
        .post(
            "/api/v1/crm/opportunities",
            json!({"title": "Ajena", "customer_id": unowned, "value": "1"}),
        )
        .await;
    assert_problem(r, 404, "not_found").await;
    let r = seller
        .post(
            "/api/v1/crm/opportunities",
            json!({"title": "Para otro", "customer_id": first, "value": "1", "owner_id": admin.user_id()}),
        )
        .await;
    assert_problem(r, 422, "validation_failed").await;

    // Office deals: one on the seller's customer (the seller sees it), one
    // on an unowned customer (the seller does not).
    let on_mine = create(
        &admin,
        json!({"title": "Oficina en cliente del vendedor", "customer_id": first, "value": "10"}),
    )
    .await;
    let hidden = create(
        &admin,
        json!({"title": "Oficina", "customer_id": unowned, "value": "10"}),
    )
    .await;
    let hidden_id = hidden["id"].as_str().unwrap();
    let page = json_ok(seller.get("/api/v1/crm/opportunities?limit=200").await, 200).await;
    let titles: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"Mía") && titles.contains(&"Oficina en cliente del vendedor"));
    assert!(!titles.contains(&"Oficina"));
    let r = seller
        .get(&format!("/api/v1/crm/opportunities/{hidden_id}"))
        .await;
    assert_problem(r, 404, "not_found").await;
    let r = move_to(&seller, hidden_id, json!({"to": "qualified"})).await;
    assert_problem(r, 404, "not_found").await;
    let r = seller
        .put(
            &format!("/api/v1/crm/opportunities/{hidden_id}"),
            json!({"title": "x", "customer_id": unowned, "value": "1"}),
        )
        .await;
    assert_problem(r, 404, "not_found").await;
    // The seller moves a deal of their customer.
    let on_mine_id = on_mine["id"].as_str().unwrap();
    json_ok(
        move_to(&seller, on_mine_id, json!({"to": "qualified"})).await,
        200,
    )
    .await;
    // Filters in the list: by owner and stage together.
    let q = format!(
        "/api/v1/crm/opportunities?owner_id={}&stage=qualified",
        admin.user_id()
    );
    let page = json_ok(admin.get(&q).await, 200).await;
    let items = page["items"].as_array().unwrap();
    assert!(items.iter().any(|o| o["id"] == on_mine["id"]));
    assert!(
        items
            .iter()
            .all(|o| o["stage"] == "qualified" && o["owner_id"] == admin.user_id())
    );
    let page = json_ok(
        admin
            .get(&format!(
                "/api/v1/crm/opportunities?customer_id={unowned}&value_min=5&value_max=20"
            ))
            .await,
        200,
    )
    .await;
    assert!(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["id"] == hidden["id"])
    );

    // The board's columns only hold what the seller may see.
    let board = json_ok(seller.get("/api/v1/crm/board").await, 200).await;
    let cards: Vec<&Value> = board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["cards"].as_array().unwrap())
        .collect();
    assert!(cards.iter().all(|c| c["id"] != hidden["id"]));
    assert!(cards.iter().any(|c| c["id"] == mine["id"]));

    // Technicians and customer contacts have no CRM at all.
    for role in ["technician", "customer"] {
        let s = app.login_as(role).await;
        for path in [
            "/api/v1/crm/opportunities",
            "/api/v1/crm/board",
            "/api/v1/crm/metrics",
            "/api/v1/crm/dashboard",
            "/api/v1/crm/lost-reasons",
            "/api/v1/crm/opportunities/export?format=csv",
            "/api/v1/customers/export?format=csv",
        ] {
            assert_problem(s.get(path).await, 403, "forbidden").await;
        }
        let r = s
            .post(
                "/api/v1/crm/opportunities",
                json!({"title": "x", "customer_id": first, "value": "1"}),
            )
            .await;
        assert_problem(r, 403, "forbidden").await;
        let r = move_to(&s, on_mine_id, json!({"to": "proposal"})).await;
        assert_problem(r, 403, "forbidden").await;
        let r = s
            .post(
                &format!("/api/v1/crm/opportunities/{on_mine_id}/reopen"),
                json!({"to": "prospect"}),
            )
            .await;
        assert_problem(r, 403, "forbidden").await;
    }
}

async fn moves_are_published_to_every_board(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let o = create(
        &seller,
        json!({"title": "En vivo", "customer_id": first, "value": "2000"}),
    )
    .await;
    let id = o["id"].as_str().unwrap();
    json_ok(
        move_to(&seller, id, json!({"to": "negotiation"})).await,
        200,
    )
    .await;
    for channel in ["staff:crm".to_string(), format!("crm:{}", seller.user_id())] {
        let events = publications(&app, &channel).await;
        let mine: Vec<&Value> = events
            .iter()
            .filter(|e| e["opportunity"]["id"] == o["id"])
            .collect();
        assert_eq!(mine.len(), 2, "{channel}");
        assert_eq!(mine[0]["type"], "opportunity.created");
        assert_eq!(mine[1]["type"], "opportunity.moved");
        assert_eq!(mine[1]["from"], "prospect");
        assert_eq!(mine[1]["to"], "negotiation");
        assert_eq!(mine[1]["by"]["name"], "Víctor Vendedor");
    }
}

/// A card a seller moves moves on an admin's board, live; only the office
/// follows `staff:crm`, only its user follows `crm:<user>`.
async fn an_admin_watching_the_board_sees_a_sellers_move(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let technician = app.login_as("technician").await;
    let customer = app.login_as("customer").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let o = create(
        &seller,
        json!({"title": "Tablero", "customer_id": first, "value": "900"}),
    )
    .await;

    for who in [&seller, &technician, &customer] {
        let mut ws = Ws::connect_as(&app, who).await;
        let sub = ws
            .command(json!({"subscribe": {"channel": "staff:crm"}}))
            .await;
        assert_eq!(sub["error"]["code"], 103, "{}: {sub}", who.user["role"]);
    }
    let sellers_board = format!("crm:{}", seller.user_id());
    for who in [&admin, &technician, &customer] {
        let mut ws = Ws::connect_as(&app, who).await;
        let sub = ws
            .command(json!({"subscribe": {"channel": sellers_board}}))
            .await;
        assert_eq!(sub["error"]["code"], 103, "{}: {sub}", who.user["role"]);
    }
    let mut own = Ws::connect_as(&app, &seller).await;
    let sub = own
        .command(json!({"subscribe": {"channel": sellers_board}}))
        .await;
    assert!(sub.get("error").is_none(), "{sub}");

    let mut board = Ws::connect_as(&app, &admin).await;
    let sub = board
        .command(json!({"subscribe": {"channel": "staff:crm"}}))
        .await;
    assert!(sub.get("error").is_none(), "{sub}");
    let id = o["id"].as_str().unwrap();
    json_ok(
        move_to(&seller, id, json!({"to": "negotiation"})).await,
        200,
    )
    .await;
    let push = board.publication().await;
    assert_eq!(push["channel"], "staff:crm");
    assert_eq!(push["pub"]["data"]["type"], "opportunity.moved");
    assert_eq!(push["pub"]["data"]["opportunity"]["id"], o["id"]);
    assert_eq!(push["pub"]["data"]["to"], "negotiation");
    let push = own.publication().await;
    assert_eq!(push["channel"], sellers_board.as_str());
    assert_eq!(push["pub"]["data"]["type"], "opportunity.moved");
}

both_backends!(
    stages_and_history,
    bad_input_changes_nothing,
    scopes_and_refusals,
    moves_are_published_to_every_board,
    an_admin_watching_the_board_sees_a_sellers_move,
);
