//! Support tickets (PQR) and chat attachments: a customer contact raises
//! tickets only for their own company, each role sees only its tickets
//! (seller: own customers'; technician: assigned), the state machine
//! open → in_progress / pending → closed → (office) reopen is enforced, closing
//! stamps the resolution time, only the office assigns, and every change is a
//! publication in the ticket's channel with gap-free offsets. Attachments
//! follow the channel's permissions and are recognized by content.

use reqwest::Response;
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, SECOND_DEMO, UNOWNED_DEMO, customer_id};
use crate::helpers::*;
use crate::ws::Ws;

// --- helpers -----------------------------------------------------------------

async fn raise(s: &Session, body: Value) -> Response {
    s.post("/api/v1/tickets", body).await
}

/// Raises a ticket for `customer` (`""` for a customer contact's own
/// company); returns it.
async fn ticket_for(s: &Session, customer: &str, subject: &str) -> Value {
    let customer = if customer.is_empty() {
        Value::Null
    } else {
        json!(customer)
    };
    let r = raise(
        s,
        json!({"customer_id": customer, "type": "technical_support", "subject": subject,
               "description": "La excavadora no arranca"}),
    )
    .await;
    json_ok(r, 201).await
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

async fn get_ticket(s: &Session, id: &str) -> Response {
    s.get(&format!("/api/v1/tickets/{id}")).await
}

async fn set_state(s: &Session, id: &str, state: &str) -> Response {
    s.put(
        &format!("/api/v1/tickets/{id}/state"),
        json!({ "state": state }),
    )
    .await
}

async fn assign(s: &Session, id: &str, assignee: Value) -> Response {
    s.put(
        &format!("/api/v1/tickets/{id}/assignee"),
        json!({ "assignee_id": assignee }),
    )
    .await
}

/// Subjects of the tickets `s` sees with the query `query`, newest first.
async fn subjects(s: &Session, query: &str) -> Vec<String> {
    let page = json_ok(s.get(&format!("/api/v1/tickets?{query}")).await, 200).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["subject"].as_str().unwrap().to_string())
        .collect()
}

/// Every event of a ticket, oldest first.
async fn events(s: &Session, id: &str) -> Vec<Value> {
    let page = json_ok(s.get(&format!("/api/v1/tickets/{id}/events")).await, 200).await;
    page["items"].as_array().unwrap().clone()
}

fn event_types(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["data"]["type"].as_str().unwrap().to_string())
        .collect()
}

/// `POST /api/v1/attachments?channel=…` with `bytes` as the multipart field `file`.
async fn upload(s: &Session, channel: &str, file_name: &str, bytes: Vec<u8>) -> Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string());
    // Raw UTF-8 file names, as browsers send them.
    let form = reqwest::multipart::Form::new()
        .percent_encode_noop()
        .part("file", part);
    s.client
        .post(format!("{}/api/v1/attachments", s.base))
        .query(&[("channel", channel)])
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// A PNG of random pixels: it does not compress, so its size is predictable.
fn noisy_png(w: u32, h: u32) -> Vec<u8> {
    let mut seed: u32 = 0x2545_f491;
    let img = image::RgbImage::from_fn(w, h, |_, _| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let b = seed.to_be_bytes();
        image::Rgb([b[0], b[1], b[2]])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn time(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(text).unwrap()
}

fn header(r: &Response, name: &str) -> String {
    r.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

// --- stories -----------------------------------------------------------------

async fn customer_raises_tickets_only_for_their_company(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let unowned = customer_id(&admin, UNOWNED_DEMO).await;

    // The customer names another company: the ticket is theirs anyway.
    let r = raise(
        &customer,
        json!({"customer_id": unowned, "type": "billing", "subject": "Factura duplicada"}),
    )
    .await;
    let mine = json_ok(r, 201).await;
    assert_eq!(mine["customer_id"], first.as_str());
    assert_eq!(mine["customer_name"], FIRST_DEMO);
    assert_eq!(mine["number"], "PQR-000001");
    assert_eq!(mine["type"], "billing");
    assert_eq!(mine["priority"], "medium", "the default priority");
    assert_eq!(mine["state"], "open");
    assert_eq!(mine["created_by"], customer.user_id().as_str());
    assert!(mine["assignee_id"].is_null());
    assert!(mine["first_response_at"].is_null());
    assert!(mine["resolved_at"].is_null());
    assert_eq!(
        json_ok(get_ticket(&customer, &id_of(&mine)).await, 200).await,
        mine
    );
    // Without naming a company at all.
    let r = raise(
        &customer,
        json!({"type": "suggestion", "subject": "Portal en inglés", "priority": "low"}),
    )
    .await;
    let second = json_ok(r, 201).await;
    assert_eq!(second["customer_id"], first.as_str());
    assert_eq!(second["number"], "PQR-000002");
    assert_eq!(second["priority"], "low");

    // Another company's ticket does not exist for them.
    let theirs = ticket_for(&admin, &unowned, "Cobro de flete").await;
    assert_eq!(theirs["number"], "PQR-000003");
    assert_problem(
        get_ticket(&customer, &id_of(&theirs)).await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        customer
            .get(&format!("/api/v1/tickets/{}/events", id_of(&theirs)))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        subjects(&customer, "").await,
        ["Portal en inglés", "Factura duplicada"]
    );
    // Filtering by another company finds nothing, rather than leaking.
    assert!(
        subjects(&customer, &format!("customer_id={unowned}"))
            .await
            .is_empty()
    );
    assert_eq!(subjects(&admin, "").await.len(), 3);

    // The creation is the first event of the ticket's channel.
    let history = events(&customer, &id_of(&mine)).await;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["offset"], 1);
    let data = &history[0]["data"];
    assert_eq!(data["type"], "ticket.created");
    assert_eq!(data["ticket"], mine);
    assert_eq!(data["by"]["id"], customer.user_id().as_str());
    assert_eq!(data["by"]["role"], "customer");
    assert_eq!(data["by"]["name"], "Carla Cliente");
    assert_eq!(history[0]["user_id"], customer.user_id().as_str());

    // Staff must name the customer, and one within their scope.
    let r = raise(&admin, json!({"type": "billing", "subject": "Sin cliente"})).await;
    assert_eq!(
        assert_problem(r, 422, "validation_failed").await["field"],
        "customer_id"
    );
    let seller = app.login_as("seller").await;
    let r = raise(
        &seller,
        json!({"customer_id": unowned, "type": "billing", "subject": "Ajeno"}),
    )
    .await;
    assert_problem(r, 404, "not_found").await;
    // Technicians do not raise tickets.
    let tech = app.login_as("technician").await;
    let r = raise(
        &tech,
        json!({"customer_id": first, "type": "billing", "subject": "Técnico"}),
    )
    .await;
    assert_problem(r, 403, "forbidden").await;
    assert_problem(
        app.anonymous().get("/api/v1/tickets").await,
        401,
        "unauthenticated",
    )
    .await;
    assert_eq!(
        subjects(&admin, "").await.len(),
        3,
        "refusals created nothing"
    );
}

async fn seller_and_technician_see_only_their_tickets(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let tech = app.login_as("technician").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let second = customer_id(&admin, SECOND_DEMO).await;
    let unowned = customer_id(&admin, UNOWNED_DEMO).await;
    let a = ticket_for(&admin, &first, "Andes: ruido en motor").await;
    let b = ticket_for(&seller, &second, "Callao: cotización").await;
    let c = ticket_for(&admin, &unowned, "Orinoco: garantía").await;
    let d = ticket_for(&admin, &unowned, "Orinoco: factura").await;

    // The seller owns the first two demo customers.
    assert_eq!(
        subjects(&seller, "").await,
        ["Callao: cotización", "Andes: ruido en motor"]
    );
    json_ok(get_ticket(&seller, &id_of(&a)).await, 200).await;
    assert_problem(get_ticket(&seller, &id_of(&c)).await, 404, "not_found").await;

    // A technician sees nothing until a ticket is assigned to them.
    assert!(subjects(&tech, "").await.is_empty());
    assert_problem(get_ticket(&tech, &id_of(&c)).await, 404, "not_found").await;
    json_ok(assign(&admin, &id_of(&c), json!(tech.user_id())).await, 200).await;
    assert_eq!(subjects(&tech, "").await, ["Orinoco: garantía"]);
    let seen = json_ok(get_ticket(&tech, &id_of(&c)).await, 200).await;
    assert_eq!(seen["assignee_id"], tech.user_id().as_str());
    assert_eq!(seen["assignee_name"], "Tomás Técnico");
    assert_problem(get_ticket(&tech, &id_of(&d)).await, 404, "not_found").await;
    assert_problem(get_ticket(&tech, &id_of(&a)).await, 404, "not_found").await;
    // Unassigned again, it is out of their sight.
    json_ok(assign(&admin, &id_of(&c), Value::Null).await, 200).await;
    assert!(subjects(&tech, "").await.is_empty());

    // Staff also see what is assigned to them, even outside their customers.
    json_ok(
        assign(&admin, &id_of(&d), json!(seller.user_id())).await,
        200,
    )
    .await;
    assert_eq!(
        subjects(&seller, "").await,
        [
            "Orinoco: factura",
            "Callao: cotización",
            "Andes: ruido en motor"
        ]
    );
    assert_problem(get_ticket(&seller, &id_of(&c)).await, 404, "not_found").await;

    // Filters, for the office.
    json_ok(set_state(&admin, &id_of(&a), "in_progress").await, 200).await;
    json_ok(
        admin
            .put(
                &format!("/api/v1/tickets/{}/priority", id_of(&b)),
                json!({"priority": "high"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(
        subjects(&admin, "state=in_progress").await,
        ["Andes: ruido en motor"]
    );
    assert_eq!(
        subjects(&admin, "priority=high").await,
        ["Callao: cotización"]
    );
    assert_eq!(
        subjects(&admin, &format!("customer_id={unowned}")).await,
        ["Orinoco: factura", "Orinoco: garantía"]
    );
    assert_eq!(
        subjects(&admin, &format!("assignee_id={}", seller.user_id())).await,
        ["Orinoco: factura"]
    );
    assert_eq!(subjects(&admin, "q=GARANT").await, ["Orinoco: garantía"]);
    assert_eq!(
        subjects(&admin, "q=pqr-000001").await,
        ["Andes: ruido en motor"]
    );
    assert_eq!(subjects(&admin, "q=100%25").await, Vec::<String>::new());
    assert_eq!(subjects(&admin, "type=technical_support").await.len(), 4);
    assert!(subjects(&admin, "type=complaint").await.is_empty());
    // Nothing here is closed: "not closed" is every ticket, and it combines.
    let all = subjects(&admin, "").await.len();
    assert_eq!(subjects(&admin, "not_closed=true").await.len(), all);
    assert_eq!(
        subjects(&admin, "not_closed=true&state=in_progress").await,
        ["Andes: ruido en motor"]
    );
    assert!(
        subjects(&admin, "not_closed=true&state=closed")
            .await
            .is_empty()
    );
    let r = admin.get("/api/v1/tickets?state=reopened").await;
    assert_problem(r, 400, "malformed_request").await;

    // Keyset pagination, newest first, every ticket exactly once.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            None => "/api/v1/tickets?limit=3".to_string(),
            Some(c) => format!("/api/v1/tickets?limit=3&cursor={c}"),
        };
        let page = json_ok(admin.get(&url).await, 200).await;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 3);
        seen.extend(items.iter().map(id_of));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!(seen, [id_of(&d), id_of(&c), id_of(&b), id_of(&a)]);
    let r = admin.get("/api/v1/tickets?cursor=not-a-cursor").await;
    assert_problem(r, 422, "invalid_cursor").await;
}

async fn state_machine_is_enforced(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let operator = app.login_as("operator").await;
    let tech = app.login_as("technician").await;
    let customer = app.login_as("customer").await;
    let t = ticket_for(&customer, "", "Fuga hidráulica").await;
    let id = id_of(&t);
    json_ok(assign(&operator, &id, json!(tech.user_id())).await, 200).await;

    // The customer does not move tickets.
    assert_problem(set_state(&customer, &id, "closed").await, 403, "forbidden").await;

    let moved = json_ok(set_state(&tech, &id, "in_progress").await, 200).await;
    assert_eq!(moved["state"], "in_progress");
    assert!(moved["resolved_at"].is_null());
    // Back to open is not a transition; nor is staying put.
    let body = assert_problem(
        set_state(&tech, &id, "open").await,
        422,
        "invalid_transition",
    )
    .await;
    assert_eq!(body["field"], "state");
    assert!(
        body["detail"].as_str().unwrap().contains("in_progress"),
        "{body}"
    );
    assert_problem(
        set_state(&tech, &id, "in_progress").await,
        422,
        "invalid_transition",
    )
    .await;
    json_ok(set_state(&tech, &id, "pending").await, 200).await;
    json_ok(set_state(&tech, &id, "in_progress").await, 200).await;
    json_ok(set_state(&tech, &id, "pending").await, 200).await;

    let closed = json_ok(set_state(&tech, &id, "closed").await, 200).await;
    assert_eq!(closed["state"], "closed");
    let resolved = closed["resolved_at"]
        .as_str()
        .expect("closing stamps resolved_at");
    assert!(time(resolved) >= time(closed["created_at"].as_str().unwrap()));
    assert_eq!(closed["updated_at"], resolved);
    // Closed only reopens, and only by the office.
    assert_problem(
        set_state(&admin, &id, "pending").await,
        422,
        "invalid_transition",
    )
    .await;
    assert_problem(
        set_state(&admin, &id, "in_progress").await,
        422,
        "invalid_transition",
    )
    .await;
    assert_problem(set_state(&tech, &id, "open").await, 403, "forbidden").await;
    let still = json_ok(get_ticket(&admin, &id).await, 200).await;
    assert_eq!(still, closed, "refusals change nothing");

    let reopened = json_ok(set_state(&operator, &id, "open").await, 200).await;
    assert_eq!(reopened["state"], "open");
    assert!(
        reopened["resolved_at"].is_null(),
        "reopening clears resolved_at"
    );
    // Open straight to closed, by an admin this time.
    let closed = json_ok(set_state(&admin, &id, "closed").await, 200).await;
    assert!(closed["resolved_at"].is_string());

    // Bad bodies are refused before anything happens.
    let before = json_ok(get_ticket(&admin, &id).await, 200).await;
    let n = events(&admin, &id).await.len();
    let r = set_state(&admin, &id, "reopened").await;
    assert_problem(r, 422, "validation_failed").await;
    let r = admin
        .put(
            &format!("/api/v1/tickets/{id}/state"),
            json!({"status": "open"}),
        )
        .await;
    assert_problem(r, 422, "validation_failed").await;
    let r = admin
        .client
        .put(format!("{}/api/v1/tickets/{id}/state", admin.base))
        .header("content-type", "application/json")
        .body("{\"state\": ")
        .send()
        .await
        .unwrap();
    assert_problem(r, 400, "malformed_json").await;
    let r = admin
        .put(
            &format!("/api/v1/tickets/{id}/priority"),
            json!({"priority": "urgent"}),
        )
        .await;
    assert_problem(r, 422, "validation_failed").await;
    assert_problem(
        set_state(&admin, "00000000-0000-0000-0000-000000000000", "closed").await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        set_state(&admin, "not-a-uuid", "closed").await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(json_ok(get_ticket(&admin, &id).await, 200).await, before);
    assert_eq!(events(&admin, &id).await.len(), n, "no event for a refusal");
}

async fn only_the_office_assigns(app: TestApp) {
    app.load_demo().await;
    let master = app.login_as("master").await;
    let operator = app.login_as("operator").await;
    let seller = app.login_as("seller").await;
    let customer = app.login_as("customer").await;
    let tech = app.login_as("technician").await;
    let t = ticket_for(&customer, "", "Repuesto equivocado").await;
    let id = id_of(&t);

    for (who, s) in [
        ("seller", &seller),
        ("customer", &customer),
        ("technician", &tech),
    ] {
        let r = assign(s, &id, json!(tech.user_id())).await;
        assert_eq!(r.status(), 403, "{who}");
        assert_problem(r, 403, "forbidden").await;
    }
    let assigned = json_ok(assign(&operator, &id, json!(tech.user_id())).await, 200).await;
    assert_eq!(assigned["assignee_id"], tech.user_id().as_str());
    assert_eq!(assigned["assignee_name"], "Tomás Técnico");
    // The same assignee again changes nothing (and publishes nothing).
    let n = events(&operator, &id).await.len();
    assert_eq!(
        json_ok(assign(&operator, &id, json!(tech.user_id())).await, 200).await,
        assigned
    );
    assert_eq!(events(&operator, &id).await.len(), n);

    // Only active staff can be assigned.
    let r = assign(&operator, &id, json!(customer.user_id())).await;
    assert_eq!(
        assert_problem(r, 422, "validation_failed").await["field"],
        "assignee_id"
    );
    let r = assign(
        &operator,
        &id,
        json!("00000000-0000-0000-0000-000000000000"),
    )
    .await;
    assert_problem(r, 422, "validation_failed").await;
    let r = master
        .put(
            &format!("/api/v1/users/{}/active", seller.user_id()),
            json!({"active": false}),
        )
        .await;
    json_ok(r, 200).await;
    let r = assign(&operator, &id, json!(seller.user_id())).await;
    assert_problem(r, 422, "validation_failed").await;
    let r = assign(&operator, &id, json!(12)).await;
    assert_problem(r, 422, "validation_failed").await;
    assert_eq!(
        json_ok(get_ticket(&operator, &id).await, 200).await,
        assigned
    );

    let cleared = json_ok(assign(&master, &id, Value::Null).await, 200).await;
    assert!(cleared["assignee_id"].is_null());
    assert!(cleared["assignee_name"].is_null());
}

async fn every_change_is_an_ordered_event(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let operator = app.login_as("operator").await;
    let tech = app.login_as("technician").await;
    let customer = app.login_as("customer").await;
    let t = ticket_for(&customer, "", "Motor recalienta").await;
    let id = id_of(&t);
    let other = ticket_for(&customer, "", "Otro asunto").await;

    let prio = json_ok(
        operator
            .put(
                &format!("/api/v1/tickets/{id}/priority"),
                json!({"priority": "high"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(prio["priority"], "high");
    json_ok(assign(&operator, &id, json!(tech.user_id())).await, 200).await;
    json_ok(set_state(&tech, &id, "in_progress").await, 200).await;
    json_ok(set_state(&tech, &id, "closed").await, 200).await;
    let last = json_ok(set_state(&admin, &id, "open").await, 200).await;
    // The same priority again is not a change.
    json_ok(
        operator
            .put(
                &format!("/api/v1/tickets/{id}/priority"),
                json!({"priority": "high"}),
            )
            .await,
        200,
    )
    .await;

    let history = events(&customer, &id).await;
    let offsets: Vec<i64> = history
        .iter()
        .map(|e| e["offset"].as_i64().unwrap())
        .collect();
    assert_eq!(offsets, [1, 2, 3, 4, 5, 6], "gap-free, oldest first");
    assert_eq!(
        event_types(&history),
        [
            "ticket.created",
            "ticket.priority_changed",
            "ticket.assigned",
            "ticket.state_changed",
            "ticket.state_changed",
            "ticket.state_changed",
        ]
    );
    let by: Vec<&str> = history
        .iter()
        .map(|e| e["data"]["by"]["role"].as_str().unwrap())
        .collect();
    assert_eq!(
        by,
        [
            "customer",
            "operator",
            "operator",
            "technician",
            "technician",
            "admin"
        ]
    );
    assert_eq!(history[1]["data"]["from"], "medium");
    assert_eq!(history[1]["data"]["ticket"]["priority"], "high");
    assert!(history[2]["data"]["from"].is_null());
    assert_eq!(
        history[2]["data"]["ticket"]["assignee_id"],
        tech.user_id().as_str()
    );
    let states: Vec<(&str, &str)> = history[3..]
        .iter()
        .map(|e| {
            (
                e["data"]["from"].as_str().unwrap(),
                e["data"]["ticket"]["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("open", "in_progress"),
            ("in_progress", "closed"),
            ("closed", "open")
        ]
    );
    assert!(history[4]["data"]["ticket"]["resolved_at"].is_string());
    assert_eq!(
        history[5]["data"]["ticket"], last,
        "each event carries the full ticket"
    );
    assert_eq!(history[3]["user_id"], tech.user_id().as_str());

    // Paging with `after` and `limit`.
    let page = json_ok(
        customer
            .get(&format!("/api/v1/tickets/{id}/events?after=2&limit=2"))
            .await,
        200,
    )
    .await;
    let got: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["offset"].as_i64().unwrap())
        .collect();
    assert_eq!(got, [3, 4]);
    assert_eq!(page["next_after"], 4);
    let page = json_ok(
        customer
            .get(&format!("/api/v1/tickets/{id}/events?after=4&limit=2"))
            .await,
        200,
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert!(page["next_after"].is_null(), "{page}");
    let page = json_ok(
        customer
            .get(&format!("/api/v1/tickets/{id}/events?after=6"))
            .await,
        200,
    )
    .await;
    assert!(page["items"].as_array().unwrap().is_empty());

    // Another ticket has its own stream.
    let theirs = events(&customer, &id_of(&other)).await;
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0]["offset"], 1);
}

async fn may_access_ticket_per_role(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let unowned = customer_id(&admin, UNOWNED_DEMO).await;
    let tech = app.login_as("technician").await;
    let own = ticket_for(&admin, &first, "De Los Andes").await;
    let assigned = ticket_for(&admin, &unowned, "Asignado al técnico").await;
    let hidden = ticket_for(&admin, &unowned, "De Orinoco").await;
    json_ok(
        assign(&admin, &id_of(&assigned), json!(tech.user_id())).await,
        200,
    )
    .await;
    let missing = "00000000-0000-0000-0000-000000000000".to_string();

    // Columns: own company / seller's customer, assigned to the technician, hidden, missing.
    #[rustfmt::skip]
    let matrix: [(&str, [bool; 4]); 6] = [
        ("master",     [true,  true,  true,  false]),
        ("admin",      [true,  true,  true,  false]),
        ("operator",   [true,  true,  true,  false]),
        ("seller",     [true,  false, false, false]),
        ("technician", [false, true,  false, false]),
        ("customer",   [true,  false, false, false]),
    ];
    let tickets = [id_of(&own), id_of(&assigned), id_of(&hidden), missing];
    for (role, expected) in matrix {
        let s = app.login_as(role).await;
        let who = app
            .services
            .authenticate(s.token.as_deref().unwrap())
            .await
            .unwrap()
            .unwrap();
        for (ticket, want) in tickets.iter().zip(expected) {
            let got = app
                .services
                .may_access_ticket(&who, ticket.parse().unwrap())
                .await
                .unwrap();
            assert_eq!(got, want, "{role} on {ticket}");
            // The REST API agrees.
            let status = get_ticket(&s, ticket).await.status().as_u16();
            assert_eq!(status, if want { 200 } else { 404 }, "{role} GET {ticket}");
        }
    }
}

async fn attachments_follow_the_ticket_room(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;
    let tech = app.login_as("technician").await;
    let unowned = customer_id(&admin, UNOWNED_DEMO).await;
    let mine = ticket_for(&customer, "", "Foto del daño").await;
    let channel = format!("ticket:{}", id_of(&mine));
    let theirs = ticket_for(&admin, &unowned, "Ajeno").await;
    let their_channel = format!("ticket:{}", id_of(&theirs));

    let png = png_bytes(40, 30);
    let r = upload(&customer, &channel, "daño.png", png.clone()).await;
    let info = json_ok(r, 201).await;
    assert_eq!(info["channel"], channel.as_str());
    assert_eq!(info["file_name"], "daño.png");
    assert_eq!(info["content_type"], "image/png");
    assert_eq!(info["size_bytes"], png.len());
    assert_eq!(info["uploader_id"], customer.user_id().as_str());
    let url = info["url"].as_str().unwrap().to_string();
    assert_eq!(url, format!("/api/v1/attachments/{}", id_of(&info)));

    // Staff download it as uploaded, inline since it is an image.
    let r = admin.get(&url).await;
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "content-type"), "image/png");
    assert!(
        header(&r, "content-disposition").starts_with("inline"),
        "{}",
        header(&r, "content-disposition")
    );
    assert_eq!(header(&r, "x-content-type-options"), "nosniff");
    assert_eq!(r.bytes().await.unwrap().to_vec(), png);
    assert_eq!(customer.get(&url).await.status(), 200);
    // A technician not assigned to the ticket cannot see it.
    assert_problem(tech.get(&url).await, 404, "not_found").await;
    assert_problem(app.anonymous().get(&url).await, 401, "unauthenticated").await;

    // A PDF (by content, whatever its name) is offered as a download.
    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    let info = json_ok(
        upload(&customer, &channel, "informe", pdf.clone()).await,
        201,
    )
    .await;
    assert_eq!(info["content_type"], "application/pdf");
    assert_eq!(info["file_name"], "informe.pdf");
    let r = admin.get(info["url"].as_str().unwrap()).await;
    assert_eq!(header(&r, "content-type"), "application/pdf");
    let cd = header(&r, "content-disposition");
    assert!(
        cd.starts_with("attachment") && cd.contains("informe.pdf"),
        "{cd}"
    );
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);
    // Plain text named .txt.
    let txt = "Horómetro: 4200 h\nRevisar filtro.\n".as_bytes().to_vec();
    let info = json_ok(
        upload(&admin, &channel, "notas.txt", txt.clone()).await,
        201,
    )
    .await;
    assert_eq!(info["content_type"], "text/plain; charset=utf-8");
    let r = customer.get(info["url"].as_str().unwrap()).await;
    assert!(header(&r, "content-disposition").starts_with("attachment"));
    assert_eq!(r.bytes().await.unwrap().to_vec(), txt);

    // Another company's ticket: refused, and its files are invisible.
    let r = upload(&customer, &their_channel, "x.png", png.clone()).await;
    assert_problem(r, 403, "forbidden").await;
    let info = json_ok(
        upload(&admin, &their_channel, "x.png", png.clone()).await,
        201,
    )
    .await;
    assert_problem(
        customer.get(info["url"].as_str().unwrap()).await,
        404,
        "not_found",
    )
    .await;
    // Channels: unknown, or not open to uploads.
    assert_problem(
        upload(&customer, "news:1", "x.png", png.clone()).await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        upload(
            &customer,
            "ticket:00000000-0000-0000-0000-000000000000",
            "x.png",
            png.clone(),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let inbox = format!("user:{}", customer.user_id());
    assert_problem(
        upload(&customer, &inbox, "x.png", png.clone()).await,
        403,
        "forbidden",
    )
    .await;

    // Executables, archives and disguised files are refused by content.
    let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0".to_vec();
    assert_problem(
        upload(&customer, &channel, "tool", elf.clone()).await,
        415,
        "unsupported_media_type",
    )
    .await;
    assert_problem(
        upload(&customer, &channel, "tool.txt", elf).await,
        415,
        "unsupported_media_type",
    )
    .await;
    let zip = b"PK\x03\x04\x14\0\0\0\x08\0\0\0!\0".to_vec();
    assert_problem(
        upload(&customer, &channel, "fotos.zip", zip.clone()).await,
        415,
        "unsupported_media_type",
    )
    .await;
    assert_problem(
        upload(&customer, &channel, "fotos.png", zip).await,
        415,
        "unsupported_media_type",
    )
    .await;
    let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0".to_vec();
    assert_problem(
        upload(&customer, &channel, "setup.exe", exe).await,
        415,
        "unsupported_media_type",
    )
    .await;
    let script = b"#!/bin/sh\necho hola\n".to_vec();
    assert_problem(
        upload(&customer, &channel, "run.sh", script).await,
        415,
        "unsupported_media_type",
    )
    .await;
    // A PNG signature followed by garbage does not decode.
    let mut fake = b"\x89PNG\r\n\x1a\n".to_vec();
    fake.extend_from_slice(&[7u8; 200]);
    assert_problem(
        upload(&customer, &channel, "fake.png", fake).await,
        422,
        "invalid_image",
    )
    .await;
    assert_problem(
        upload(&customer, &channel, "empty.txt", Vec::new()).await,
        422,
        "validation_failed",
    )
    .await;
    // A form without the `file` field, with one it does not take: the
    // refusal names that one.
    let form = reqwest::multipart::Form::new().text("other", "x");
    let r = customer
        .client
        .post(format!("{}/api/v1/attachments", customer.base))
        .query(&[("channel", channel.as_str())])
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        assert_problem(r, 422, "validation_failed").await["field"],
        "other"
    );
    assert_problem(
        admin
            .get("/api/v1/attachments/00000000-0000-0000-0000-000000000000")
            .await,
        404,
        "not_found",
    )
    .await;
}

async fn oversized_attachment_is_refused(app: TestApp) {
    let app = spawn_app_with(app.backend, |s| s.uploads.max_attachment_bytes = 5_000).await;
    app.load_demo().await;
    let customer = app.login_as("customer").await;
    let t = ticket_for(&customer, "", "Adjuntos grandes").await;
    let channel = format!("ticket:{}", id_of(&t));

    let small = png_bytes(8, 8);
    assert!(small.len() < 5_000);
    json_ok(upload(&customer, &channel, "small.png", small).await, 201).await;
    let big = noisy_png(100, 100);
    assert!(big.len() > 5_000, "{} bytes", big.len());
    assert_problem(
        upload(&customer, &channel, "big.png", big).await,
        413,
        "payload_too_large",
    )
    .await;
    let text = "a".repeat(5_001).into_bytes();
    assert_problem(
        upload(&customer, &channel, "big.txt", text).await,
        413,
        "payload_too_large",
    )
    .await;
    let exact = "b".repeat(5_000).into_bytes();
    json_ok(upload(&customer, &channel, "exact.txt", exact).await, 201).await;
}

async fn bad_input_creates_nothing(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    for body in [
        json!({"customer_id": first, "type": "pregunta", "subject": "Tipo desconocido"}),
        json!({"customer_id": first, "type": "billing", "priority": "urgent", "subject": "Prioridad"}),
        json!({"customer_id": first, "subject": "Sin tipo"}),
        json!({"customer_id": first, "type": "billing"}),
        json!({"customer_id": "no-uuid", "type": "billing", "subject": "Id malo"}),
        json!({"customer_id": first, "type": "billing", "subject": 5}),
    ] {
        assert_problem(raise(&admin, body).await, 422, "validation_failed").await;
    }
    let r = raise(
        &admin,
        json!({"customer_id": first, "type": "billing", "subject": "   "}),
    )
    .await;
    assert_eq!(
        assert_problem(r, 422, "validation_failed").await["field"],
        "subject"
    );
    let r = raise(
        &admin,
        json!({"customer_id": first, "type": "billing", "subject": "x".repeat(201)}),
    )
    .await;
    assert_eq!(
        assert_problem(r, 422, "validation_failed").await["field"],
        "subject"
    );
    let r = raise(
        &admin,
        json!({"customer_id": "00000000-0000-0000-0000-000000000000", "type": "billing", "subject": "Nadie"}),
    )
    .await;
    assert_problem(r, 404, "not_found").await;
    let r = admin
        .post_raw(
            "/api/v1/tickets",
            "application/json",
            "{\"type\": \"billing\",",
        )
        .await;
    assert_problem(r, 400, "malformed_json").await;
    let r = admin
        .post_raw("/api/v1/tickets", "text/plain", "subject=hola")
        .await;
    assert_problem(r, 415, "unsupported_media_type").await;
    assert!(subjects(&admin, "").await.is_empty(), "nothing was created");

    // Nor was a ticket number used up.
    let t = ticket_for(&admin, &first, "Primero de verdad").await;
    assert_eq!(t["number"], "PQR-000001");
    assert_eq!(t["subject"], "Primero de verdad");
    assert_eq!(t["description"], "La excavadora no arranca");
    assert_eq!(t["type"], "technical_support");

    // The API documents the endpoints.
    let doc = json_ok(admin.get("/api/openapi.json").await, 200).await;
    for path in [
        "/api/v1/tickets",
        "/api/v1/tickets/{id}",
        "/api/v1/tickets/{id}/state",
        "/api/v1/tickets/{id}/assignee",
        "/api/v1/tickets/{id}/priority",
        "/api/v1/tickets/{id}/events",
        "/api/v1/attachments",
        "/api/v1/attachments/{id}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is not documented");
    }
    let params: Vec<&str> = doc["paths"]["/api/v1/tickets"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(params.contains(&"type"), "{params:?}");
}

async fn first_staff_reply_stamps_the_first_response(app: TestApp) {
    use faena::domain::channel::Channel;
    use faena::services::chat::ChatPost;

    app.load_demo().await;
    let customer = app.login_as("customer").await;
    let operator = app.login_as("operator").await;
    let t = ticket_for(&customer, "", "¿Cuándo llega el técnico?").await;
    let id = id_of(&t);
    let channel = Channel::Ticket(id.parse().unwrap());
    let principal = |s: &Session| {
        let token = s.token.clone().unwrap();
        let services = app.services.clone();
        async move { services.authenticate(&token).await.unwrap().unwrap() }
    };
    let post = |text: &str| ChatPost {
        text: text.to_string(),
        attachments: Vec::new(),
        client_msg_id: None,
    };

    // The customer writing more does not count as a response.
    let who = principal(&customer).await;
    app.services
        .post_chat(&who, &channel, post("¿Alguien?"))
        .await
        .unwrap();
    let now = json_ok(get_ticket(&customer, &id).await, 200).await;
    assert!(now["first_response_at"].is_null());
    let (customer_email, _) = demo_credentials("customer");
    let replies_to_customer = || {
        app.emails()
            .into_iter()
            .filter(|m| {
                m.to_lowercase().contains(&format!("to: {customer_email}"))
                    && m.contains("respuesta en tu ticket")
            })
            .collect::<Vec<_>>()
    };
    assert!(
        replies_to_customer().is_empty(),
        "the customer's own message notifies nobody"
    );

    let who = principal(&operator).await;
    app.services
        .post_chat(&who, &channel, post("Mañana a las 8."))
        .await
        .unwrap();
    let answered = json_ok(get_ticket(&customer, &id).await, 200).await;
    let first = answered["first_response_at"]
        .as_str()
        .expect("the first staff reply stamps first_response_at")
        .to_string();
    assert!(time(&first) >= time(t["created_at"].as_str().unwrap()));
    // The staff reply reaches the customer by e-mail, quoting it and
    // linking to the ticket…
    let mails = replies_to_customer();
    assert_eq!(mails.len(), 1, "one e-mail for the reply");
    assert!(mails[0].contains("Mañana a las 8."), "{}", mails[0]);
    assert!(mails[0].contains(&format!("/tickets/{id}")), "{}", mails[0]);
    app.services
        .post_chat(&who, &channel, post("Confirmado."))
        .await
        .unwrap();
    // …but a conversation is not one e-mail per line: the next reply within
    // the quiet window (ticket_reply_quiet_minutes) sends nothing more.
    assert_eq!(replies_to_customer().len(), 1);
    let later = json_ok(get_ticket(&customer, &id).await, 200).await;
    assert_eq!(
        later["first_response_at"],
        first.as_str(),
        "only the first reply counts"
    );

    // The chat is part of the ticket's history, in order with its changes.
    let history = events(&customer, &id).await;
    let offsets: Vec<i64> = history
        .iter()
        .map(|e| e["offset"].as_i64().unwrap())
        .collect();
    assert_eq!(offsets, [1, 2, 3, 4]);
    assert_eq!(history[0]["data"]["type"], "ticket.created");
    assert_eq!(history[2]["data"]["text"], "Mañana a las 8.");
}

crate::both_backends!(
    customer_raises_tickets_only_for_their_company,
    seller_and_technician_see_only_their_tickets,
    state_machine_is_enforced,
    only_the_office_assigns,
    every_change_is_an_ordered_event,
    may_access_ticket_per_role,
    attachments_follow_the_ticket_room,
    oversized_attachment_is_refused,
    bad_input_creates_nothing,
    first_staff_reply_stamps_the_first_response,
    the_office_desk_hears_of_new_portal_items_live,
);

/// The in-app (and push) rows of `kind` about one record, as `(user, channel)`.
async fn notices(app: &TestApp, subject_type: &str, id: &str, kind: &str) -> Vec<(String, String)> {
    let rows = app
        .services
        .store
        .conn()
        .await
        .unwrap()
        .deliveries_of(subject_type, id)
        .await
        .unwrap();
    rows.into_iter()
        .map(|d| serde_json::to_value(faena::services::views::outbox::Delivery::from(d)).unwrap())
        .filter(|d| d["kind"] == kind)
        .map(|d| {
            (
                d["recipient_user_id"].as_str().unwrap_or("").to_string(),
                d["channel"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Issue 10 bug 6: a ticket or maintenance request from the portal shows up
/// in the office's open lists without a reload (`staff:tickets`,
/// `staff:maintenance`, for office roles only) and the office desk gets an
/// in-app notification (and push).
async fn the_office_desk_hears_of_new_portal_items_live(app: TestApp) {
    app.load_demo().await;
    let customer = app.login_as("customer").await;
    let operator = app.login_as("operator").await;
    let admin = app.login_as("admin").await;
    let technician = app.login_as("technician").await;
    let seller = app.login_as("seller").await;

    // Only office roles may follow the desk's channels; nobody publishes there.
    for who in [&customer, &technician, &seller] {
        let mut ws = Ws::connect_as(&app, who).await;
        for channel in ["staff:tickets", "staff:maintenance"] {
            let sub = ws.command(json!({"subscribe": {"channel": channel}})).await;
            assert_eq!(
                sub["error"]["code"], 103,
                "{} {channel}: {sub}",
                who.user["role"]
            );
        }
    }
    let mut anon = Ws::connect_anonymous(&app).await;
    let sub = anon
        .command(json!({"subscribe": {"channel": "staff:tickets"}}))
        .await;
    assert_eq!(sub["error"]["code"], 103, "{sub}");

    let mut desk = Ws::connect_as(&app, &operator).await;
    for channel in ["staff:tickets", "staff:maintenance"] {
        let sub = desk
            .command(json!({"subscribe": {"channel": channel}}))
            .await;
        assert!(sub.get("error").is_none(), "{channel}: {sub}");
    }
    let publish = desk
        .command(json!({"publish": {"channel": "staff:tickets", "data": {"text": "hola", "client_msg_id": "s-1"}}}))
        .await;
    assert_eq!(publish["error"]["code"], 103, "{publish}");

    // A ticket from the portal: live in the list, and a notice for the desk.
    let ticket = json_ok(
        raise(
            &customer,
            json!({"type": "technical_support", "subject": "La bomba pierde presión", "description": "Desde hoy"}),
        )
        .await,
        201,
    )
    .await;
    let tid = id_of(&ticket);
    let push = desk.publication().await;
    assert_eq!(push["channel"], "staff:tickets");
    assert_eq!(push["pub"]["data"]["type"], "ticket.created");
    assert_eq!(push["pub"]["data"]["ticket"]["id"], tid.as_str());
    let told = notices(&app, "ticket", &tid, "ticket_opened").await;
    for user in [&operator, &admin] {
        assert!(
            told.contains(&(user.user_id(), "in_app".to_string())),
            "{} told in the app: {told:?}",
            user.user["role"]
        );
    }
    for user in [&customer, &technician, &seller] {
        assert!(!told.iter().any(|(u, _)| *u == user.user_id()), "{told:?}");
    }
    assert!(
        !told.iter().any(|(_, c)| c == "email"),
        "no e-mail: {told:?}"
    );

    // A ticket staff open themselves is listed live but raises no alert.
    let first = customer_id(&admin, FIRST_DEMO).await;
    let own = ticket_for(&admin, &first, "Llamada del cliente").await;
    let push = desk.publication().await;
    assert_eq!(push["pub"]["data"]["ticket"]["id"], id_of(&own).as_str());
    assert!(
        notices(&app, "ticket", &id_of(&own), "ticket_opened")
            .await
            .is_empty()
    );

    // A maintenance request from the portal.
    let machines = json_ok(
        admin
            .get(&format!("/api/v1/customers/{first}/equipment"))
            .await,
        200,
    )
    .await;
    let machine = machines[0]["id"].as_str().unwrap();
    let request = json_ok(
        customer
            .post(
                "/api/v1/maintenance-requests",
                json!({"equipment_id": machine, "description": "Cambio de aceite de las 500 horas"}),
            )
            .await,
        201,
    )
    .await;
    let rid = id_of(&request);
    let push = desk.publication().await;
    assert_eq!(push["channel"], "staff:maintenance");
    assert_eq!(push["pub"]["data"]["type"], "maintenance.request_created");
    assert_eq!(push["pub"]["data"]["request"]["id"], rid.as_str());
    let told = notices(&app, "maintenance_request", &rid, "maintenance_requested").await;
    assert!(
        told.contains(&(admin.user_id(), "in_app".to_string())),
        "{told:?}"
    );
    assert!(
        !told.iter().any(|(u, _)| *u == customer.user_id()),
        "{told:?}"
    );
}
