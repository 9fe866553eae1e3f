//! Customer interactions (issue 16; seed 004's `interacciones_cliente`):
//! calls and visits recorded by hand, the contacts the product sees
//! recorded once by themselves (a ticket and a maintenance request opened
//! in the portal, a visit done), the timeline newest first with its
//! cursor, the live announcement on the CRM streams, and every refusal.

use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, UNOWNED_DEMO, customer_id};
use crate::helpers::*;
use crate::ws::Ws;

both_backends!(
    people_record_calls_and_visits_and_read_one_timeline,
    the_product_records_the_contacts_it_sees_once,
    interactions_refuse_bad_input_and_other_roles,
    a_chat_conversation_on_a_day_is_one_interaction,
);

async fn timeline(s: &Session, customer: &str) -> Vec<Value> {
    json_ok(
        s.get(&format!("/api/v1/customers/{customer}/interactions"))
            .await,
        200,
    )
    .await["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn record(s: &Session, customer: &str, body: Value) -> reqwest::Response {
    s.post(&format!("/api/v1/customers/{customer}/interactions"), body)
        .await
}

async fn people_record_calls_and_visits_and_read_one_timeline(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let first = customer_id(&admin, FIRST_DEMO).await;

    // The office follows staff:crm, the customer's seller their own stream.
    let mut office = Ws::connect_as(&app, &admin).await;
    let sub = office
        .command(json!({"subscribe": {"channel": "staff:crm"}}))
        .await;
    assert!(sub.get("error").is_none(), "{sub}");
    let mut own = Ws::connect_as(&app, &seller).await;
    let sub = own
        .command(json!({"subscribe": {"channel": format!("crm:{}", seller.user_id())}}))
        .await;
    assert!(sub.get("error").is_none(), "{sub}");

    let call = json_ok(
        record(
            &admin,
            &first,
            json!({"channel": "phone", "direction": "outbound", "initiative": "proactive",
                   "reason": "Seguimiento tras el cambio de correa",
                   "outcome": "Cliente conforme; pide cotización de filtros",
                   "occurred_at": "2026-11-30T14:00:00Z"}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(call["user_name"], "Ana Administradora");
    assert_eq!(call["automatic"], false);
    for ws in [&mut office, &mut own] {
        let push = ws.publication().await;
        assert_eq!(push["pub"]["data"]["type"], "interaction.recorded");
        assert_eq!(push["pub"]["data"]["interaction"]["id"], call["id"]);
    }

    // The seller of the customer records a visit (now, by default).
    let visit = json_ok(
        record(
            &seller,
            &first,
            json!({"channel": "visit", "direction": "outbound", "initiative": "reactive",
                   "reason": "Revisión de la excavadora en obra"}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(visit["outcome"], "");

    let items = timeline(&seller, &first).await;
    let reasons: Vec<&str> = items
        .iter()
        .map(|i| i["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        [
            "Revisión de la excavadora en obra",
            "Seguimiento tras el cambio de correa"
        ],
        "newest first"
    );
    assert_eq!(items[1]["channel"], "phone");
    assert_eq!(items[1]["initiative"], "proactive");
    assert_eq!(items[1]["occurred_at"], "2026-11-30T14:00:00Z");

    // Pages of 50 with a cursor.
    for i in 0..50 {
        json_ok(
            record(
                &admin,
                &first,
                json!({"channel": "email", "direction": "inbound", "initiative": "reactive",
                       "reason": format!("Correo {i}"), "occurred_at": "2026-10-01T12:00:00Z"}),
            )
            .await,
            201,
        )
        .await;
    }
    let page = json_ok(
        admin
            .get(&format!("/api/v1/customers/{first}/interactions"))
            .await,
        200,
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 50);
    let cursor = page["next_cursor"].as_str().unwrap();
    let rest = json_ok(
        admin
            .get(&format!(
                "/api/v1/customers/{first}/interactions?cursor={cursor}"
            ))
            .await,
        200,
    )
    .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 2);
    assert!(rest["next_cursor"].is_null());
}

async fn the_product_records_the_contacts_it_sees_once(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let machine = json_ok(
        admin
            .get(&format!("/api/v1/customers/{first}/equipment"))
            .await,
        200,
    )
    .await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let ticket = json_ok(
        customer
            .post(
                "/api/v1/tickets",
                json!({"type": "complaint", "subject": "La máquina no arranca", "description": "Desde ayer"}),
            )
            .await,
        201,
    )
    .await;
    let request = json_ok(
        customer
            .post(
                "/api/v1/maintenance-requests",
                json!({"equipment_id": machine, "description": "Pierde aceite hidráulico",
                       "preferred_dates": []}),
            )
            .await,
        201,
    )
    .await;
    // A ticket the office opens (on the phone with the customer) is not a
    // contact the product saw: people record the call.
    json_ok(
        admin
            .post(
                "/api/v1/tickets",
                json!({"type": "general_information", "subject": "Cotizar filtros", "customer_id": first}),
            )
            .await,
        201,
    )
    .await;
    let start = chrono::Utc::now() + chrono::TimeDelta::days(2);
    let appointment = json_ok(
        admin
            .post(
                "/api/v1/appointments",
                json!({"customer_id": first, "equipment_id": machine,
                       "starts_at": start, "ends_at": start + chrono::TimeDelta::hours(1),
                       "place": "Obra Norte", "notes": "Cambio de filtros"}),
            )
            .await,
        201,
    )
    .await;
    let aid = appointment["id"].as_str().unwrap();
    json_ok(
        admin
            .post(&format!("/api/v1/appointments/{aid}/complete"), json!({}))
            .await,
        200,
    )
    .await;

    let items = timeline(&admin, &first).await;
    assert_eq!(items.len(), 3, "{items:#?}");
    assert!(items.iter().all(|i| i["automatic"] == true));
    let visit = &items[0];
    assert_eq!(
        (
            visit["channel"].as_str(),
            visit["direction"].as_str(),
            visit["initiative"].as_str()
        ),
        (Some("visit"), Some("outbound"), Some("reactive"))
    );
    assert_eq!(visit["reason"], "Visita técnica");
    assert_eq!(visit["outcome"], "Cambio de filtros");
    assert_eq!(visit["subject_type"], "appointment");
    assert_eq!(visit["subject_id"], aid);
    assert_eq!(visit["user_name"], "Ana Administradora");
    let req = &items[1];
    assert_eq!(req["subject_type"], "maintenance_request");
    assert_eq!(req["subject_id"], request["id"]);
    assert_eq!(req["channel"], "portal");
    assert_eq!(req["direction"], "inbound");
    assert!(
        req["reason"]
            .as_str()
            .unwrap()
            .starts_with("Solicitud de mantenimiento de ")
    );
    assert!(req["user_id"].is_null(), "nobody of the company yet");
    let opened = &items[2];
    assert_eq!(opened["subject_type"], "ticket");
    assert_eq!(opened["subject_id"], ticket["id"]);
    assert_eq!(opened["reason"], "La máquina no arranca");
    assert_eq!(opened["initiative"], "reactive");
}

async fn interactions_refuse_bad_input_and_other_roles(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let unowned = customer_id(&admin, UNOWNED_DEMO).await;
    let good = json!({"channel": "phone", "direction": "inbound", "initiative": "reactive",
                      "reason": "Consulta de repuestos"});
    let cases = [
        (
            json!({"channel": "phone", "direction": "inbound", "initiative": "reactive", "reason": "  "}),
            "reason",
        ),
        (
            json!({"channel": "phone", "direction": "inbound", "initiative": "reactive",
                   "reason": "x", "subject": {"type": "order", "id": " "}}),
            "subject.id",
        ),
    ];
    for (body, field) in cases {
        let p = assert_problem(
            record(&admin, &first, body.clone()).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["field"], field, "{body}");
    }
    // After the server's clock: 409, naming the field.
    let p = assert_problem(
        record(
            &admin,
            &first,
            json!({"channel": "phone", "direction": "inbound", "initiative": "reactive",
                   "reason": "x", "occurred_at": "2099-01-01T00:00:00Z"}),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(p["field"], "occurred_at");
    assert!(
        timeline(&admin, &first).await.is_empty(),
        "nothing was stored"
    );

    // A seller only for their own customers; technicians and customer
    // contacts never (interactions are internal).
    let seller = app.login_as("seller").await;
    assert_problem(
        record(&seller, &unowned, good.clone()).await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        seller
            .get(&format!("/api/v1/customers/{unowned}/interactions"))
            .await,
        404,
        "not_found",
    )
    .await;
    for role in ["technician", "customer"] {
        let s = app.login_as(role).await;
        assert_problem(record(&s, &first, good.clone()).await, 403, "forbidden").await;
        assert_problem(
            s.get(&format!("/api/v1/customers/{first}/interactions"))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    assert_problem(
        admin
            .get(&format!(
                "/api/v1/customers/{first}/interactions?cursor=nonsense"
            ))
            .await,
        422,
        "invalid_cursor",
    )
    .await;
    assert_problem(
        record(&admin, &uuid::Uuid::now_v7().to_string(), good).await,
        404,
        "not_found",
    )
    .await;
}

/// Issue 16: "a chat conversation on a day" is an interaction the product
/// sees: the first message of the day in a ticket's room records it
/// (inbound when the customer wrote first), the rest of the day's messages
/// add nothing.
async fn a_chat_conversation_on_a_day_is_one_interaction(app: TestApp) {
    use faena::domain::channel::Channel;
    use faena::services::chat::ChatPost;

    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let customer = app.login_as("customer").await;
    let operator = app.login_as("operator").await;
    let ticket = json_ok(
        customer
            .post(
                "/api/v1/tickets",
                json!({"type": "technical_support", "subject": "Consulta por chat"}),
            )
            .await,
        201,
    )
    .await;
    let company = ticket["customer_id"].as_str().unwrap().to_string();
    let channel = Channel::Ticket(ticket["id"].as_str().unwrap().parse().unwrap());
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
    let who = principal(&customer).await;
    let staff = principal(&operator).await;
    for (w, text) in [(&who, "Hola"), (&staff, "Buenos días"), (&who, "Gracias")] {
        app.services
            .post_chat(w, &channel, post(text))
            .await
            .unwrap();
    }
    let chats: Vec<Value> = timeline(&admin, &company)
        .await
        .into_iter()
        .filter(|i| {
            i["reason"]
                .as_str()
                .unwrap_or("")
                .starts_with("Conversación por chat")
        })
        .collect();
    assert_eq!(chats.len(), 1, "{chats:?}");
    assert_eq!(chats[0]["channel"], "portal");
    assert_eq!(chats[0]["direction"], "inbound");
    assert_eq!(chats[0]["subject_type"], "ticket");
    assert!(
        chats[0]["reason"]
            .as_str()
            .unwrap()
            .contains(ticket["number"].as_str().unwrap()),
        "{chats:?}"
    );
}
