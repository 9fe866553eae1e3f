//! Service orders: gap-free numbers, the customer (and machine) created
//! inline, each role seeing only its orders (technician: assigned; seller:
//! own customers'; customer contact: own company's; QR holder: that one
//! order's public view), the status catalogs, the public and internal
//! timeline with photos, parts and the parts view, the QR link and its
//! rotation, and — over REST and over the socket — internal events never
//! reaching a customer or a QR holder.

use std::time::Duration;

use reqwest::Response;
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, SECOND_DEMO, UNOWNED_DEMO, customer_id, rif};
use crate::helpers::*;
use crate::ws::Ws;

// --- helpers -----------------------------------------------------------------

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

async fn create(s: &Session, body: Value) -> Response {
    s.post("/api/v1/orders", body).await
}

/// Creates an order for `customer` with these technicians; returns it.
async fn order_for(s: &Session, customer: &str, reason: &str, technicians: &[&str]) -> Value {
    let r = create(
        s,
        json!({"customer_id": customer, "reason": reason, "technician_ids": technicians,
               "service_value": "100.00"}),
    )
    .await;
    json_ok(r, 201).await
}

async fn get_order(s: &Session, id: &str) -> Response {
    s.get(&format!("/api/v1/orders/{id}")).await
}

/// Numbers of the orders `s` sees with `query`, newest first.
async fn numbers(s: &Session, query: &str) -> Vec<String> {
    let page = json_ok(s.get(&format!("/api/v1/orders?{query}")).await, 200).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["number"].as_str().unwrap().to_string())
        .collect()
}

/// The id of the active label `label` of a catalog.
async fn status_id(s: &Session, visibility: &str, label: &str) -> String {
    let list = json_ok(
        s.get(&format!("/api/v1/order-statuses?visibility={visibility}"))
            .await,
        200,
    )
    .await;
    list.as_array()
        .unwrap()
        .iter()
        .find(|st| st["label"] == label)
        .unwrap_or_else(|| panic!("no {visibility} status {label}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn post_event(s: &Session, order: &str, body: Value) -> Response {
    s.post(&format!("/api/v1/orders/{order}/events"), body)
        .await
}

/// Posts an event as a multipart form: text fields and photos (field `photos`).
async fn post_event_form(
    s: &Session,
    order: &str,
    fields: &[(&str, &str)],
    photos: Vec<(&str, Vec<u8>)>,
) -> Response {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    for (file_name, bytes) in photos {
        form = form.part(
            "photos",
            reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string()),
        );
    }
    s.client
        .post(format!("{}/api/v1/orders/{order}/events", s.base))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn delete(s: &Session, path: &str) -> Response {
    s.client
        .delete(format!("{}{path}", s.base))
        .send()
        .await
        .unwrap()
}

async fn add_part(s: &Session, order: &str, body: Value) -> Response {
    s.post(&format!("/api/v1/orders/{order}/parts"), body).await
}

async fn public_view(app: &TestApp, token: &str) -> Response {
    app.anonymous()
        .get(&format!("/api/v1/public/orders/{token}"))
        .await
}

/// The first machine of a customer.
async fn machine_of(s: &Session, customer: &str) -> String {
    let list = json_ok(
        s.get(&format!("/api/v1/customers/{customer}/equipment"))
            .await,
        200,
    )
    .await;
    id_of(&list[0])
}

fn labels(timeline: &Value) -> Vec<String> {
    timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["label"].as_str().unwrap().to_string())
        .collect()
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

fn header(r: &Response, name: &str) -> String {
    r.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// Every string anywhere inside a JSON value.
fn all_text(v: &Value) -> String {
    v.to_string()
}

struct Cast {
    master: Session,
    admin: Session,
    operator: Session,
    technician: Session,
    seller: Session,
    customer: Session,
    /// The first demo customer: owned by the seller, the portal contact's company.
    first: String,
    /// The second demo customer: owned by the seller.
    second: String,
    /// The third demo customer: owned by nobody.
    unowned: String,
}

async fn cast(app: &TestApp) -> Cast {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let second = customer_id(&admin, SECOND_DEMO).await;
    let unowned = customer_id(&admin, UNOWNED_DEMO).await;
    Cast {
        master: app.login_as("master").await,
        admin,
        operator: app.login_as("operator").await,
        technician: app.login_as("technician").await,
        seller: app.login_as("seller").await,
        customer: app.login_as("customer").await,
        first,
        second,
        unowned,
    }
}

// --- stories -----------------------------------------------------------------

async fn orders_are_numbered_without_gaps_and_create_customers_inline(app: TestApp) {
    let c = cast(&app).await;
    let tech = c.technician.user_id();
    let machine = machine_of(&c.admin, &c.first).await;

    let r = create(
        &c.operator,
        json!({"customer_id": c.first, "equipment_id": machine, "reason": "No arranca en frío",
               "technician_ids": [tech], "service_value": "1500.50",
               "promised_at": "2030-01-15T15:00:00Z"}),
    )
    .await;
    let first = json_ok(r, 201).await;
    assert_eq!(first["number"], "OS-000001");
    assert_eq!(first["customer_name"], FIRST_DEMO);
    assert_eq!(first["equipment_brand"], "Caterpillar");
    assert_eq!(first["service_value"], "1500.50");
    assert_eq!(first["state"], "open");
    assert_eq!(first["active"], true);
    assert_eq!(first["technicians"][0]["id"], tech.as_str());
    assert_eq!(first["technicians"][0]["name"], "Tomás Técnico");
    assert!(first["public_status"].is_null());
    assert_eq!(first["created_by"], c.operator.user_id().as_str());
    let token = first["qr_token"].as_str().unwrap();
    assert_eq!(token.len(), 22, "128 bits in URL-safe base64");
    assert!(
        token
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
    );

    let customers_before =
        json_ok(c.admin.get("/api/v1/customers?limit=200").await, 200).await["items"]
            .as_array()
            .unwrap()
            .len();
    // An inline customer with a bad RIF: refused, and nothing is left behind.
    let r = create(
        &c.operator,
        json!({"customer": {"name": "Grúas del Sur C.A.", "tax_id": "J-12345678-0"},
               "reason": "Revisión"}),
    )
    .await;
    let problem = assert_problem(r, 422, "invalid_tax_id").await;
    assert_eq!(problem["field"], "tax_id");
    // A taken RIF: refused too.
    let taken = json_ok(
        c.admin.get(&format!("/api/v1/customers/{}", c.first)).await,
        200,
    )
    .await["tax_id"]
        .clone();
    let r = create(
        &c.operator,
        json!({"customer": {"name": "Copia", "tax_id": taken}, "reason": "Revisión"}),
    )
    .await;
    assert_problem(r, 409, "tax_id_taken").await;
    // Negative or over-precise values, a machine of another customer, a
    // non-technician, both customer forms: all refused.
    for (body, status, code) in [
        (
            json!({"customer_id": c.first, "reason": "x", "service_value": "-1"}),
            422,
            "invalid_money",
        ),
        (
            json!({"customer_id": c.first, "reason": "x", "service_value": "10.505"}),
            422,
            "invalid_money",
        ),
        (
            json!({"customer_id": c.second, "reason": "x", "equipment_id": machine}),
            422,
            "validation_failed",
        ),
        (
            json!({"customer_id": c.first, "reason": "x", "technician_ids": [c.seller.user_id()]}),
            422,
            "validation_failed",
        ),
        (
            json!({"customer_id": c.first, "customer": {"name": "N", "tax_id": rif(40_000_001)}, "reason": "x"}),
            422,
            "validation_failed",
        ),
        (json!({"reason": "x"}), 422, "validation_failed"),
        (
            json!({"customer_id": c.first, "reason": "   "}),
            422,
            "validation_failed",
        ),
        (
            json!({"customer_id": c.first, "reason": "x", "service_value": 10.5}),
            422,
            "validation_failed",
        ),
    ] {
        let problem = assert_problem(create(&c.operator, body.clone()).await, status, code).await;
        if code == "invalid_money" {
            assert_eq!(problem["field"], "service_value", "{body}");
        }
    }
    let customers_after =
        json_ok(c.admin.get("/api/v1/customers?limit=200").await, 200).await["items"]
            .as_array()
            .unwrap()
            .len();
    assert_eq!(customers_after, customers_before, "no customer was created");
    assert_eq!(numbers(&c.admin, "").await, ["OS-000001"]);

    // A valid inline customer and machine: created with the order, and the
    // order takes the very next number.
    let r = create(
        &c.operator,
        json!({"customer": {"name": "Grúas del Sur C.A.", "tax_id": rif(40_000_001),
                            "phone": "+58 261 555 0000"},
               "equipment": {"brand": "Liebherr", "model": "LTM 1100", "serial": "LH1100X",
                             "engine_hours": 1200},
               "reason": "Fuga hidráulica"}),
    )
    .await;
    let second = json_ok(r, 201).await;
    assert_eq!(second["number"], "OS-000002", "no number was skipped");
    assert_eq!(second["customer_name"], "Grúas del Sur C.A.");
    assert_eq!(second["equipment_brand"], "Liebherr");
    assert_eq!(second["service_value"], "0", "the value defaults to zero");
    let customer = json_ok(
        c.admin
            .get(&format!(
                "/api/v1/customers/{}",
                second["customer_id"].as_str().unwrap()
            ))
            .await,
        200,
    )
    .await;
    assert_eq!(customer["tax_id"], rif(40_000_001));
    let machines = json_ok(
        c.admin
            .get(&format!(
                "/api/v1/customers/{}/equipment",
                second["customer_id"].as_str().unwrap()
            ))
            .await,
        200,
    )
    .await;
    assert_eq!(machines[0]["id"], second["equipment_id"]);
    assert_eq!(machines[0]["engine_hours"], 1200);
    assert_ne!(second["qr_token"], first["qr_token"]);

    // A seller's inline customer is theirs.
    let r = create(
        &c.seller,
        json!({"customer": {"name": "Agro Llanos C.A.", "tax_id": rif(40_000_002)}, "reason": "Mantención 500 h"}),
    )
    .await;
    let third = json_ok(r, 201).await;
    assert_eq!(third["number"], "OS-000003");
    let mine = json_ok(
        c.seller
            .get(&format!(
                "/api/v1/customers/{}",
                third["customer_id"].as_str().unwrap()
            ))
            .await,
        200,
    )
    .await;
    assert_eq!(mine["owner_id"], c.seller.user_id().as_str());
}

async fn each_role_sees_only_its_orders(app: TestApp) {
    let c = cast(&app).await;
    let tech = c.technician.user_id();
    // A: the contact's company, assigned; B: nobody's customer; C: the seller's other customer.
    let a = order_for(&c.admin, &c.first, "Motor recalentado", &[&tech]).await;
    let b = order_for(&c.admin, &c.unowned, "Cambio de frenos", &[]).await;
    let cc = order_for(&c.admin, &c.second, "Ruido en la transmisión", &[]).await;
    let (a_id, b_id, c_id) = (id_of(&a), id_of(&b), id_of(&cc));

    for office in [&c.master, &c.admin, &c.operator] {
        assert_eq!(
            numbers(office, "").await,
            ["OS-000003", "OS-000002", "OS-000001"]
        );
    }
    assert_eq!(numbers(&c.seller, "").await, ["OS-000003", "OS-000001"]);
    assert_eq!(numbers(&c.technician, "").await, ["OS-000001"]);
    assert_eq!(numbers(&c.customer, "").await, ["OS-000001"]);
    // Filtering by a customer outside one's scope finds nothing.
    assert!(
        numbers(&c.customer, &format!("customer_id={}", c.unowned))
            .await
            .is_empty()
    );
    assert_problem(
        app.anonymous().get("/api/v1/orders").await,
        401,
        "unauthenticated",
    )
    .await;

    // One order: visible in scope, "not found" outside it.
    for (who, visible) in [
        (&c.seller, [true, false, true]),
        (&c.technician, [true, false, false]),
        (&c.customer, [true, false, false]),
        (&c.operator, [true, true, true]),
    ] {
        for (id, expected) in [&a_id, &b_id, &c_id].into_iter().zip(visible) {
            let r = get_order(who, id).await;
            if expected {
                assert_eq!(r.status(), 200, "{}", who.user["role"]);
            } else {
                assert_problem(r, 404, "not_found").await;
            }
        }
    }

    // Creating: office and sellers (own customers only); not technicians or customers.
    assert_problem(
        create(&c.seller, json!({"customer_id": c.unowned, "reason": "x"})).await,
        404,
        "not_found",
    )
    .await;
    let d = json_ok(
        create(
            &c.seller,
            json!({"customer_id": c.second, "reason": "Inspección"}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(d["number"], "OS-000004");
    for who in [&c.technician, &c.customer] {
        assert_problem(
            create(who, json!({"customer_id": c.first, "reason": "x"})).await,
            403,
            "forbidden",
        )
        .await;
    }

    // Editing: office and sellers in scope.
    let edit = json!({"reason": "Motor recalentado y pérdida de potencia", "service_value": "250",
                      "equipment_id": null, "promised_at": null});
    for who in [&c.technician, &c.customer] {
        assert_problem(
            who.put(&format!("/api/v1/orders/{a_id}"), edit.clone())
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    assert_problem(
        c.seller
            .put(&format!("/api/v1/orders/{b_id}"), edit.clone())
            .await,
        404,
        "not_found",
    )
    .await;
    let edited = json_ok(
        c.seller
            .put(&format!("/api/v1/orders/{a_id}"), edit.clone())
            .await,
        200,
    )
    .await;
    assert_eq!(edited["service_value"], "250");
    assert_eq!(
        edited["technicians"][0]["id"],
        tech.as_str(),
        "technicians untouched when absent"
    );
    assert_problem(
        c.admin
            .put(
                &format!("/api/v1/orders/{a_id}"),
                json!({"reason": "x", "service_value": "1.001"}),
            )
            .await,
        422,
        "invalid_money",
    )
    .await;

    // The technician's phone: open assigned orders only.
    let mine = json_ok(c.technician.get("/api/v1/me/orders").await, 200).await;
    let mine: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["number"].as_str().unwrap())
        .collect();
    assert_eq!(mine, ["OS-000001"]);
    assert_problem(c.customer.get("/api/v1/me/orders").await, 403, "forbidden").await;
    let r = c
        .admin
        .put(
            &format!("/api/v1/orders/{b_id}/technicians"),
            json!({"technician_ids": [tech]}),
        )
        .await;
    let b2 = json_ok(r, 200).await;
    assert_eq!(b2["technicians"].as_array().unwrap().len(), 1);
    assert_eq!(numbers(&c.technician, "").await, ["OS-000002", "OS-000001"]);
    assert_eq!(
        numbers(&c.admin, &format!("technician_id={tech}")).await,
        ["OS-000002", "OS-000001"]
    );

    // Search and filters.
    assert_eq!(numbers(&c.admin, "q=os-000002").await, ["OS-000002"]);
    assert_eq!(numbers(&c.admin, "q=TRANSMISIÓN").await, ["OS-000003"]);
    assert_eq!(
        numbers(&c.admin, &format!("customer_id={}", c.second)).await,
        ["OS-000004", "OS-000003"]
    );
    // Cursor pagination.
    let page = json_ok(c.admin.get("/api/v1/orders?limit=3").await, 200).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    let cursor = page["next_cursor"].as_str().unwrap();
    assert_eq!(
        numbers(&c.admin, &format!("limit=3&cursor={cursor}")).await,
        ["OS-000001"]
    );
    assert_problem(
        c.admin.get("/api/v1/orders?cursor=nonsense").await,
        422,
        "invalid_cursor",
    )
    .await;

    // Deactivating: office only; the order leaves the default list, keeps its history.
    for who in [&c.seller, &c.technician, &c.customer] {
        assert_problem(
            who.put(
                &format!("/api/v1/orders/{c_id}/active"),
                json!({"active": false}),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
    }
    let off = json_ok(
        c.operator
            .put(
                &format!("/api/v1/orders/{c_id}/active"),
                json!({"active": false}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(off["state"], "deactivated");
    assert_eq!(
        numbers(&c.admin, "").await,
        ["OS-000004", "OS-000002", "OS-000001"]
    );
    assert_eq!(numbers(&c.admin, "state=deactivated").await, ["OS-000003"]);
    assert_eq!(
        numbers(&c.admin, "state=open").await,
        ["OS-000004", "OS-000002", "OS-000001"]
    );
    assert!(numbers(&c.admin, "state=closed").await.is_empty());
    assert_eq!(get_order(&c.seller, &c_id).await.status(), 200);
    assert_problem(
        c.admin
            .put(&format!("/api/v1/orders/{c_id}"), edit.clone())
            .await,
        409,
        "order_inactive",
    )
    .await;
}

async fn orders_start_at_a_status_and_are_filtered_by_status(app: TestApp) {
    let c = cast(&app).await;
    let tech = c.technician.user_id();
    let received = status_id(&c.admin, "public", "Recibido").await;
    let diagnosing = status_id(&c.admin, "public", "En diagnóstico").await;
    let waiting = status_id(&c.admin, "internal", "Esperando repuesto").await;

    // A first status: recorded like a public status event posted right after
    // creation — the order's public status, a timeline entry, the customer told.
    let r = create(
        &c.operator,
        json!({"customer_id": c.first, "reason": "No enciende", "technician_ids": [tech],
               "status_id": received}),
    )
    .await;
    let a = json_ok(r, 201).await;
    assert_eq!(a["number"], "OS-000001");
    assert_eq!(a["public_status_id"], received.as_str());
    assert_eq!(a["public_status"], "Recibido");
    assert!(a["internal_status_id"].is_null());
    let a_id = id_of(&a);
    let detail = json_ok(get_order(&c.operator, &a_id).await, 200).await;
    assert_eq!(labels(&detail["timeline"]), ["Recibido"]);
    let first_event = &detail["timeline"][0];
    assert_eq!(first_event["visibility"], "public");
    assert_eq!(first_event["status_id"], received.as_str());
    assert_eq!(first_event["comment"], "");
    assert_eq!(first_event["author_id"], c.operator.user_id().as_str());
    assert_eq!(first_event["created_at"], a["created_at"]);
    // The customer's contact sees it, on the portal and on the QR page.
    let theirs = json_ok(get_order(&c.customer, &a_id).await, 200).await;
    assert_eq!(theirs["public_status"], "Recibido");
    assert_eq!(labels(&theirs["timeline"]), ["Recibido"]);
    let public = json_ok(
        public_view(&app, a["qr_token"].as_str().unwrap()).await,
        200,
    )
    .await;
    assert!(all_text(&public).contains("Recibido"), "{public}");
    let (contact_email, _) = demo_credentials("customer");
    let mail = app.last_email_to(contact_email);
    assert!(mail.contains("OS-000001"), "{mail}");
    assert!(mail.contains("Recibido"), "{mail}");

    // B: nobody's customer, in diagnosis; C: the seller's other customer, no status yet.
    let b = json_ok(
        create(
            &c.admin,
            json!({"customer_id": c.unowned, "reason": "Frenos", "status_id": diagnosing}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(b["public_status"], "En diagnóstico");
    let cc = order_for(&c.admin, &c.second, "Transmisión", &[]).await;
    assert!(cc["public_status_id"].is_null());
    assert_eq!(
        labels(&json_ok(get_order(&c.admin, &id_of(&cc)).await, 200).await["timeline"]),
        Vec::<String>::new(),
        "no status, no event"
    );
    // A later event moves the status the first one set.
    json_ok(
        post_event(
            &c.admin,
            &a_id,
            json!({"visibility": "internal", "status_id": waiting}),
        )
        .await,
        201,
    )
    .await;
    json_ok(
        post_event(
            &c.admin,
            &id_of(&cc),
            json!({"visibility": "public", "status_id": received}),
        )
        .await,
        201,
    )
    .await;

    // The filters, for the office.
    for (query, expected) in [
        (
            format!("status_id={received}"),
            vec!["OS-000003", "OS-000001"],
        ),
        (format!("status_id={diagnosing}"), vec!["OS-000002"]),
        (format!("internal_status_id={waiting}"), vec!["OS-000001"]),
        (
            format!("status_id={received}&internal_status_id={waiting}"),
            vec!["OS-000001"],
        ),
        (
            format!("state=open&status_id={received}"),
            vec!["OS-000003", "OS-000001"],
        ),
        (format!("state=closed&status_id={received}"), vec![]),
        (
            format!("status_id={received}&customer_id={}", c.second),
            vec!["OS-000003"],
        ),
        (
            format!("status_id={diagnosing}&q=frenos"),
            vec!["OS-000002"],
        ),
        (format!("status_id={waiting}"), vec![]),
    ] {
        assert_eq!(numbers(&c.admin, &query).await, expected, "{query}");
    }
    // The keyset cursor keeps the filter.
    let page = json_ok(
        c.admin
            .get(&format!("/api/v1/orders?status_id={received}&limit=1"))
            .await,
        200,
    )
    .await;
    assert_eq!(page["items"][0]["number"], "OS-000003");
    let cursor = page["next_cursor"].as_str().unwrap();
    let page = json_ok(
        c.admin
            .get(&format!(
                "/api/v1/orders?status_id={received}&limit=1&cursor={cursor}"
            ))
            .await,
        200,
    )
    .await;
    assert_eq!(page["items"][0]["number"], "OS-000001");
    assert!(page["next_cursor"].is_null());

    // Within each role's scope only: the filters never widen it.
    for (who, query, expected) in [
        (
            &c.seller,
            format!("status_id={received}"),
            vec!["OS-000003", "OS-000001"],
        ),
        (&c.seller, format!("status_id={diagnosing}"), vec![]),
        (
            &c.seller,
            format!("internal_status_id={waiting}"),
            vec!["OS-000001"],
        ),
        (
            &c.technician,
            format!("status_id={received}"),
            vec!["OS-000001"],
        ),
        (&c.technician, format!("status_id={diagnosing}"), vec![]),
        (
            &c.customer,
            format!("status_id={received}"),
            vec!["OS-000001"],
        ),
        (&c.customer, format!("status_id={diagnosing}"), vec![]),
    ] {
        assert_eq!(
            numbers(who, &query).await,
            expected,
            "{} {query}",
            who.user["role"]
        );
    }
    // Internal statuses are not the customer's to filter by (not even to
    // learn which of their orders carry one).
    let problem = assert_problem(
        c.customer
            .get(&format!("/api/v1/orders?internal_status_id={waiting}"))
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(problem["field"], "internal_status_id");
    assert_problem(
        c.admin.get("/api/v1/orders?status_id=nonsense").await,
        400,
        "malformed_request",
    )
    .await;

    // Refused first statuses: an internal label, a deactivated one, one
    // that does not exist. Nothing is created and no number is used.
    let retired = id_of(
        &json_ok(
            c.admin
                .post(
                    "/api/v1/order-statuses",
                    json!({"visibility": "public", "label": "Retirado"}),
                )
                .await,
            201,
        )
        .await,
    );
    json_ok(
        c.admin
            .put(
                &format!("/api/v1/order-statuses/{retired}"),
                json!({"active": false}),
            )
            .await,
        200,
    )
    .await;
    let customers_before =
        json_ok(c.admin.get("/api/v1/customers?limit=200").await, 200).await["items"]
            .as_array()
            .unwrap()
            .len();
    for bad in [
        waiting.clone(),
        retired,
        "0190a0a0-0000-7000-8000-000000000000".to_string(),
    ] {
        for body in [
            json!({"customer_id": c.first, "reason": "Revisión", "status_id": bad}),
            // An inline customer is not created either.
            json!({"customer": {"name": "Agro Llanos C.A.", "tax_id": rif(40_000_003)},
                   "reason": "Revisión", "status_id": bad}),
        ] {
            let problem =
                assert_problem(create(&c.operator, body).await, 422, "validation_failed").await;
            assert_eq!(problem["field"], "status_id", "{bad}");
        }
    }
    // A seller creates orders but does not post timeline events, so gives
    // no first status either.
    assert_problem(
        create(
            &c.seller,
            json!({"customer_id": c.second, "reason": "Revisión", "status_id": received}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let customers_after =
        json_ok(c.admin.get("/api/v1/customers?limit=200").await, 200).await["items"]
            .as_array()
            .unwrap()
            .len();
    assert_eq!(customers_after, customers_before, "no customer was created");
    assert_eq!(
        numbers(&c.admin, "").await,
        ["OS-000003", "OS-000002", "OS-000001"]
    );
    let next = json_ok(
        create(
            &c.operator,
            json!({"customer_id": c.first, "reason": "Revisión", "status_id": diagnosing}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(next["number"], "OS-000004", "no number was skipped");
}

async fn status_catalogs_are_managed_by_the_office(app: TestApp) {
    let c = cast(&app).await;
    // The demo catalogs, loaded once however often the demo is loaded.
    app.load_demo().await;
    let list = json_ok(c.technician.get("/api/v1/order-statuses").await, 200).await;
    let all: Vec<(String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["visibility"].as_str().unwrap().to_string(),
                s["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        all,
        [
            ("public", "Recibido"),
            ("public", "En diagnóstico"),
            ("public", "En reparación"),
            ("public", "Listo para retirar"),
            ("internal", "Esperando repuesto"),
            ("internal", "Control de calidad"),
        ]
        .map(|(v, l)| (v.to_string(), l.to_string()))
    );
    assert_problem(
        c.customer.get("/api/v1/order-statuses").await,
        403,
        "forbidden",
    )
    .await;

    let body = json!({"visibility": "public", "label": "Esperando aprobación"});
    for who in [&c.technician, &c.seller, &c.customer] {
        assert_problem(
            who.post("/api/v1/order-statuses", body.clone()).await,
            403,
            "forbidden",
        )
        .await;
    }
    let created = json_ok(c.operator.post("/api/v1/order-statuses", body).await, 201).await;
    assert_eq!(created["position"], 5);
    assert_eq!(created["active"], true);
    let sid = id_of(&created);
    assert_problem(
        c.admin
            .post(
                "/api/v1/order-statuses",
                json!({"visibility": "public", "label": "recibido"}),
            )
            .await,
        409,
        "conflict",
    )
    .await;
    // The same label may exist in the other catalog.
    json_ok(
        c.admin
            .post(
                "/api/v1/order-statuses",
                json!({"visibility": "internal", "label": "Recibido"}),
            )
            .await,
        201,
    )
    .await;

    // Rename, deactivate: gone from the default list and from choice.
    let renamed = json_ok(
        c.admin
            .put(
                &format!("/api/v1/order-statuses/{sid}"),
                json!({"label": "Presupuesto enviado"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(renamed["label"], "Presupuesto enviado");
    let order = order_for(&c.admin, &c.first, "Revisión", &[]).await;
    let event = json_ok(
        post_event(
            &c.admin,
            &id_of(&order),
            json!({"visibility": "public", "status_id": sid}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(event["label"], "Presupuesto enviado");
    json_ok(
        c.admin
            .put(
                &format!("/api/v1/order-statuses/{sid}"),
                json!({"active": false}),
            )
            .await,
        200,
    )
    .await;
    let public = json_ok(
        c.admin
            .get("/api/v1/order-statuses?visibility=public")
            .await,
        200,
    )
    .await;
    assert_eq!(public.as_array().unwrap().len(), 4);
    let with_inactive = json_ok(
        c.admin
            .get("/api/v1/order-statuses?visibility=public&include_inactive=true")
            .await,
        200,
    )
    .await;
    assert_eq!(with_inactive.as_array().unwrap().len(), 5);
    assert_problem(
        post_event(
            &c.admin,
            &id_of(&order),
            json!({"visibility": "public", "status_id": sid}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    // Past events keep their label.
    let detail = json_ok(get_order(&c.admin, &id_of(&order)).await, 200).await;
    assert_eq!(labels(&detail["timeline"]), ["Presupuesto enviado"]);

    // Reorder a whole catalog.
    let ids: Vec<String> = with_inactive
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(id_of)
        .collect();
    let reordered = json_ok(
        c.admin
            .put(
                "/api/v1/order-statuses/positions",
                json!({"visibility": "public", "ids": ids}),
            )
            .await,
        200,
    )
    .await;
    let got: Vec<String> = reordered.as_array().unwrap().iter().map(id_of).collect();
    assert_eq!(got, ids);
    assert_eq!(reordered[0]["position"], 1);
    assert_problem(
        c.admin
            .put(
                "/api/v1/order-statuses/positions",
                json!({"visibility": "public", "ids": &ids[1..]}),
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_problem(
        c.technician
            .put(
                "/api/v1/order-statuses/positions",
                json!({"visibility": "public", "ids": ids}),
            )
            .await,
        403,
        "forbidden",
    )
    .await;
}

async fn the_timeline_has_public_and_internal_events_with_photos(app: TestApp) {
    let c = cast(&app).await;
    let tech = c.technician.user_id();
    let order = order_for(&c.admin, &c.first, "Falla eléctrica", &[&tech]).await;
    let other = order_for(&c.admin, &c.unowned, "Otra", &[]).await;
    let (id, token) = (
        id_of(&order),
        order["qr_token"].as_str().unwrap().to_string(),
    );
    let diagnosing = status_id(&c.technician, "public", "En diagnóstico").await;
    let waiting = status_id(&c.technician, "internal", "Esperando repuesto").await;
    let photos_dir = app.services.settings.uploads.dir.join("orders");

    // The technician posts a public status with two photos from the phone.
    let r = post_event_form(
        &c.technician,
        &id,
        &[
            ("visibility", "public"),
            ("status_id", &diagnosing),
            ("comment", "Se revisa el alternador"),
        ],
        vec![
            ("a.png", png_bytes(1600, 900)),
            ("b.png", png_bytes(40, 30)),
        ],
    )
    .await;
    let public_event = json_ok(r, 201).await;
    assert_eq!(public_event["visibility"], "public");
    assert_eq!(public_event["label"], "En diagnóstico");
    assert_eq!(public_event["author_name"], "Tomás Técnico");
    assert_eq!(public_event["author_role"], "technician");
    assert_eq!(public_event["photos"].as_array().unwrap().len(), 2);
    assert_eq!(files_in(&photos_dir), 4, "two photos and two thumbnails");
    // An internal note with a photo, as JSON and as a form.
    let r = post_event(
        &c.technician,
        &id,
        json!({"visibility": "internal", "status_id": waiting,
               "comment": "Regulador dañado, pedir a proveedor X (costo 40)"}),
    )
    .await;
    let internal_event = json_ok(r, 201).await;
    let r = post_event_form(
        &c.technician,
        &id,
        &[
            ("visibility", "internal"),
            ("comment", "Foto del regulador quemado"),
        ],
        vec![("c.png", png_bytes(200, 200))],
    )
    .await;
    let internal_photo_event = json_ok(r, 201).await;

    // Staff see both, and the current statuses of both catalogs.
    let staff_view = json_ok(get_order(&c.operator, &id).await, 200).await;
    assert_eq!(staff_view["public_status"], "En diagnóstico");
    assert_eq!(staff_view["internal_status"], "Esperando repuesto");
    assert_eq!(staff_view["timeline"].as_array().unwrap().len(), 3);
    assert_eq!(
        staff_view["channels"],
        json!([format!("order:{id}"), format!("internal:order:{id}")])
    );
    // The customer sees the public event only, and no internal status.
    let customer_view = json_ok(get_order(&c.customer, &id).await, 200).await;
    assert_eq!(customer_view["public_status"], "En diagnóstico");
    assert!(customer_view.get("internal_status").is_none());
    assert!(customer_view.get("internal_status_id").is_none());
    assert_eq!(labels(&customer_view["timeline"]), ["En diagnóstico"]);
    assert_eq!(customer_view["channels"], json!([format!("order:{id}")]));
    let text = all_text(&customer_view);
    assert!(!text.contains("Regulador"), "{text}");
    assert!(!text.contains("Esperando repuesto"));
    assert!(!text.contains("@"), "no e-mail addresses: {text}");
    // So does the QR page — without authors.
    let public = json_ok(public_view(&app, &token).await, 200).await;
    assert_eq!(public["number"], "OS-000001");
    assert_eq!(public["customer_name"], FIRST_DEMO);
    assert_eq!(public["status"], "En diagnóstico");
    assert_eq!(public["timeline"].as_array().unwrap().len(), 1);
    assert_eq!(public["timeline"][0]["comment"], "Se revisa el alternador");
    assert!(public["timeline"][0].get("author_name").is_none());
    assert_eq!(public["channel"], format!("public:order:{token}"));
    let text = all_text(&public);
    assert!(!text.contains("Regulador") && !text.contains("Esperando repuesto"));
    assert!(!text.contains("Tomás") && !text.contains("@"), "{text}");

    // Photos: the customer and the QR holder get the public ones (and thumbnails).
    let photo_url = public_event["photos"][0]["url"].as_str().unwrap();
    let thumb_url = public_event["photos"][0]["thumb_url"].as_str().unwrap();
    let r = c.customer.get(photo_url).await;
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "content-type"), "image/jpeg");
    assert_eq!(header(&r, "x-content-type-options"), "nosniff");
    let full = image::load_from_memory(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(full.width(), 1024, "scaled to uploads.max_image_side");
    let thumb =
        image::load_from_memory(&c.customer.get(thumb_url).await.bytes().await.unwrap()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (320, 180));
    let public_photo = &public["timeline"][0]["photos"][0];
    let r = app
        .anonymous()
        .get(public_photo["thumb_url"].as_str().unwrap())
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "content-type"), "image/jpeg");
    // …but never an internal one.
    let internal_url = internal_photo_event["photos"][0]["url"].as_str().unwrap();
    assert_eq!(c.admin.get(internal_url).await.status(), 200);
    assert_problem(c.customer.get(internal_url).await, 404, "not_found").await;
    let internal_photo_id = internal_photo_event["photos"][0]["id"].as_str().unwrap();
    assert_problem(
        app.anonymous()
            .get(&format!(
                "/api/v1/public/orders/{token}/photos/{internal_photo_id}"
            ))
            .await,
        404,
        "not_found",
    )
    .await;
    // Nor a photo through another order's link.
    let other_token = other["qr_token"].as_str().unwrap();
    let public_photo_id = public_event["photos"][0]["id"].as_str().unwrap();
    assert_problem(
        app.anonymous()
            .get(&format!(
                "/api/v1/public/orders/{other_token}/photos/{public_photo_id}"
            ))
            .await,
        404,
        "not_found",
    )
    .await;
    // A seller of the customer sees the public photo; an outsider does not.
    assert_eq!(c.seller.get(photo_url).await.status(), 200);

    // Bad photos change nothing: not an image (415), a broken image (422),
    // too many photos (422).
    let before = json_ok(get_order(&c.admin, &id).await, 200).await;
    let r = post_event_form(
        &c.technician,
        &id,
        &[("visibility", "public"), ("comment", "con adjunto")],
        vec![("nota.txt", b"esto no es una foto".to_vec())],
    )
    .await;
    assert_problem(r, 415, "unsupported_media_type").await;
    let mut broken = png_bytes(50, 50);
    broken.truncate(60);
    let r = post_event_form(
        &c.technician,
        &id,
        &[("visibility", "public")],
        vec![("rota.png", broken)],
    )
    .await;
    assert_problem(r, 422, "invalid_image").await;
    let six = (0..6).map(|_| ("p.png", png_bytes(10, 10))).collect();
    let r = post_event_form(&c.technician, &id, &[("visibility", "public")], six).await;
    assert_problem(r, 422, "validation_failed").await;
    // A status of the other catalog, no content at all, no visibility.
    for body in [
        json!({"visibility": "public", "status_id": waiting}),
        json!({"visibility": "internal", "comment": "   "}),
        json!({"comment": "sin visibilidad"}),
    ] {
        assert_problem(
            post_event(&c.technician, &id, body).await,
            422,
            "validation_failed",
        )
        .await;
    }
    let after = json_ok(get_order(&c.admin, &id).await, 200).await;
    assert_eq!(after["timeline"], before["timeline"], "nothing changed");
    assert_eq!(files_in(&photos_dir), 6, "no stray files");

    // Who may post: office and the assigned technician; not sellers or customers.
    let note = json!({"visibility": "public", "comment": "hola"});
    for who in [&c.seller, &c.customer] {
        assert_problem(post_event(who, &id, note.clone()).await, 403, "forbidden").await;
    }
    assert_problem(
        post_event(&c.technician, &id_of(&other), note.clone()).await,
        404,
        "not_found",
    )
    .await;

    // Editing: the author or the office; stamped.
    let event_path = format!("/api/v1/orders/{id}/events/{}", id_of(&public_event));
    let repairing = status_id(&c.admin, "public", "En reparación").await;
    let edited = json_ok(
        c.technician
            .patch(
                &event_path,
                json!({"comment": "Alternador revisado", "status_id": repairing}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(edited["comment"], "Alternador revisado");
    assert_eq!(edited["label"], "En reparación");
    assert_eq!(edited["edited_by"], tech.as_str());
    assert!(edited["edited_at"].is_string());
    assert_eq!(edited["photos"].as_array().unwrap().len(), 2);
    let admin_note = json_ok(
        post_event(
            &c.admin,
            &id,
            json!({"visibility": "public", "comment": "Nota de oficina"}),
        )
        .await,
        201,
    )
    .await;
    let admin_path = format!("/api/v1/orders/{id}/events/{}", id_of(&admin_note));
    assert_problem(
        c.technician
            .patch(&admin_path, json!({"comment": "cambio"}))
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(delete(&c.technician, &admin_path).await, 403, "forbidden").await;
    assert_problem(
        c.customer.patch(&event_path, json!({"comment": "x"})).await,
        403,
        "forbidden",
    )
    .await;
    json_ok(
        c.operator
            .patch(&event_path, json!({"comment": "Revisado por oficina"}))
            .await,
        200,
    )
    .await;
    assert_eq!(
        json_ok(get_order(&c.admin, &id).await, 200).await["public_status"],
        "En reparación"
    );

    // Deleting: soft; the customer no longer sees it, staff see it marked,
    // and the current public status falls back.
    let r = delete(&c.technician, &event_path).await;
    assert_eq!(r.status(), 204);
    assert_problem(delete(&c.technician, &event_path).await, 404, "not_found").await;
    let customer_view = json_ok(get_order(&c.customer, &id).await, 200).await;
    assert_eq!(customer_view["timeline"].as_array().unwrap().len(), 1);
    assert_eq!(customer_view["timeline"][0]["comment"], "Nota de oficina");
    assert!(customer_view["public_status"].is_null());
    assert_problem(c.customer.get(photo_url).await, 404, "not_found").await;
    let staff_view = json_ok(get_order(&c.admin, &id).await, 200).await;
    let deleted = staff_view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == public_event["id"])
        .unwrap();
    assert_eq!(deleted["deleted_by"], tech.as_str());
    assert!(deleted["deleted_at"].is_string());
    let public = json_ok(public_view(&app, &token).await, 200).await;
    assert_eq!(public["timeline"].as_array().unwrap().len(), 1);
    let _ = internal_event;
}

async fn internal_events_never_reach_a_customer_or_a_qr_holder(app: TestApp) {
    let c = cast(&app).await;
    let tech = c.technician.user_id();
    let order = order_for(&c.admin, &c.first, "Revisión general", &[&tech]).await;
    let (id, token) = (
        id_of(&order),
        order["qr_token"].as_str().unwrap().to_string(),
    );
    let room = format!("order:{id}");
    let internal = format!("internal:order:{id}");
    let qr = format!("public:order:{token}");

    // The customer watches the order's room; an anonymous QR holder its public channel.
    let mut customer = Ws::connect_as(&app, &c.customer).await;
    let sub = customer
        .command(json!({"subscribe": {"channel": room}}))
        .await;
    let room_offset = sub["subscribe"]["offset"].as_u64().expect("subscribed");
    assert_eq!(room_offset, 1, "the creation is the first event: {sub}");
    let mut holder = Ws::connect_anonymous(&app).await;
    let sub = holder.command(json!({"subscribe": {"channel": qr}})).await;
    assert!(sub.get("subscribe").is_some(), "{sub}");
    assert_eq!(sub["subscribe"]["offset"].as_u64().unwrap_or(0), 0, "{sub}");
    // Staff (the technician) watch both streams.
    let mut staff = Ws::connect_as(&app, &c.technician).await;
    for channel in [&room, &internal] {
        let sub = staff
            .command(json!({"subscribe": {"channel": channel}}))
            .await;
        assert!(sub.get("subscribe").is_some(), "{sub}");
    }
    // Neither outsider may open the internal stream or the room.
    let reply = customer
        .command(json!({"subscribe": {"channel": internal}}))
        .await;
    assert_eq!(reply["error"]["code"], 103);
    let reply = customer
        .command(json!({"history": {"channel": internal, "limit": 10}}))
        .await;
    assert_eq!(reply["error"]["code"], 103);
    for channel in [&room, &internal] {
        let reply = holder
            .command(json!({"subscribe": {"channel": channel}}))
            .await;
        assert_eq!(reply["error"]["code"], 103, "{channel}");
    }

    // Staff post an internal status: it reaches staff only.
    let waiting = status_id(&c.admin, "internal", "Esperando repuesto").await;
    let r = post_event(
        &c.admin,
        &id,
        json!({"visibility": "internal", "status_id": waiting, "comment": "SECRETO: margen 40%"}),
    )
    .await;
    json_ok(r, 201).await;
    let push = staff.publication().await;
    assert_eq!(push["channel"], internal.as_str());
    assert_eq!(push["pub"]["data"]["type"], "order.event_added");
    assert_eq!(
        push["pub"]["data"]["event"]["comment"],
        "SECRETO: margen 40%"
    );
    assert!(
        customer
            .push_within(Duration::from_millis(500))
            .await
            .is_none(),
        "an internal event reached the customer"
    );
    assert!(
        holder
            .push_within(Duration::from_millis(500))
            .await
            .is_none(),
        "an internal event reached the QR holder"
    );
    // A part hidden from the customer is internal too.
    json_ok(
        add_part(
            &c.admin,
            &id,
            json!({"description": "Mano de obra extra", "quantity": "1", "unit_price": "10",
                   "shown_to_customer": false}),
        )
        .await,
        201,
    )
    .await;
    let push = staff.publication().await;
    assert_eq!(push["channel"], internal.as_str());
    assert_eq!(push["pub"]["data"]["type"], "order.part_added");
    assert!(
        customer
            .push_within(Duration::from_millis(500))
            .await
            .is_none()
    );

    // Then a technician posts a public status: every watcher gets it, in order.
    let started = std::time::Instant::now();
    let ready = status_id(&c.technician, "public", "Listo para retirar").await;
    json_ok(
        post_event(
            &c.technician,
            &id,
            json!({"visibility": "public", "status_id": ready, "comment": "Puede retirar su equipo"}),
        )
        .await,
        201,
    )
    .await;
    let push = customer.publication().await;
    assert_eq!(push["channel"], room.as_str());
    assert_eq!(
        push["pub"]["offset"].as_u64().unwrap(),
        room_offset + 1,
        "the next offset of the room: nothing internal was ever in it"
    );
    let data = &push["pub"]["data"];
    assert_eq!(data["type"], "order.event_added");
    assert_eq!(data["event"]["label"], "Listo para retirar");
    assert_eq!(data["by"]["name"], "Tomás Técnico");
    let push = holder.publication().await;
    assert_eq!(push["channel"], qr.as_str());
    assert_eq!(push["pub"]["offset"], 1);
    let data = &push["pub"]["data"];
    assert_eq!(data["type"], "order.event_added");
    assert_eq!(data["event"]["label"], "Listo para retirar");
    assert_eq!(data["event"]["comment"], "Puede retirar su equipo");
    assert!(data.get("by").is_none() && data["event"].get("author_id").is_none());
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "pushed within the second"
    );
    let push = staff.publication().await;
    assert_eq!(push["channel"], room.as_str());

    // Nothing internal anywhere in what the outsiders can read back.
    let history = customer
        .command(json!({"history": {"channel": room, "limit": 100}}))
        .await;
    let text = history.to_string();
    assert!(!text.contains("SECRETO") && !text.contains("Esperando repuesto"));
    assert!(!text.contains("Mano de obra extra"));
    assert!(
        !text.contains("qr_token") && !text.contains("internal_status"),
        "{text}"
    );
    let history = holder
        .command(json!({"history": {"channel": qr, "limit": 100}}))
        .await;
    assert_eq!(
        history["history"]["publications"].as_array().unwrap().len(),
        1
    );
    assert!(!history.to_string().contains("SECRETO"));
    // Over REST neither.
    let text = json_ok(get_order(&c.customer, &id).await, 200)
        .await
        .to_string();
    assert!(!text.contains("SECRETO") && !text.contains("Mano de obra extra"));
    let text = json_ok(public_view(&app, &token).await, 200)
        .await
        .to_string();
    assert!(!text.contains("SECRETO") && !text.contains("Mano de obra extra"));

    // The QR channel is read-only and shows no one.
    let reply = holder.command(json!({"presence": {"channel": qr}})).await;
    assert_eq!(reply["error"]["code"], 103);
    let reply = holder
        .command(
            json!({"publish": {"channel": qr, "data": {"text": "hola", "client_msg_id": "q"}}}),
        )
        .await;
    assert_eq!(reply["error"]["code"], 103);
    // The room is also the order's chat, customers included.
    let reply = customer
        .command(json!({"publish": {"channel": room, "data": {"text": "¿Cuándo lo retiro?", "client_msg_id": "c-1"}}}))
        .await;
    assert!(reply.get("publish").is_some(), "{reply}");
    let push = staff.publication().await;
    assert_eq!(push["pub"]["data"]["type"], "chat.message");
}

async fn rotating_the_qr_link_revokes_the_old_one(app: TestApp) {
    let c = cast(&app).await;
    let order = order_for(&c.admin, &c.first, "Revisión", &[]).await;
    let id = id_of(&order);
    let old = order["qr_token"].as_str().unwrap().to_string();
    assert_eq!(public_view(&app, &old).await.status(), 200);
    assert_problem(
        public_view(&app, "AAAAAAAAAAAAAAAAAAAAAA").await,
        404,
        "not_found",
    )
    .await;
    let mut watcher = Ws::connect_anonymous(&app).await;
    let sub = watcher
        .command(json!({"subscribe": {"channel": format!("public:order:{old}")}}))
        .await;
    assert!(sub.get("subscribe").is_some(), "{sub}");

    for who in [&c.technician, &c.seller, &c.customer] {
        assert_problem(
            who.post(&format!("/api/v1/orders/{id}/qr/rotate"), json!({}))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    let rotated = json_ok(
        c.operator
            .post(&format!("/api/v1/orders/{id}/qr/rotate"), json!({}))
            .await,
        200,
    )
    .await;
    let new = rotated["qr_token"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    // The old link: gone over REST and over the socket.
    assert_problem(public_view(&app, &old).await, 404, "not_found").await;
    assert_eq!(public_view(&app, &new).await.status(), 200);
    let push = watcher.publication().await;
    assert_eq!(push["pub"]["data"], json!({"type": "order.link_revoked"}));
    let mut late = Ws::connect_anonymous(&app).await;
    let reply = late
        .command(json!({"subscribe": {"channel": format!("public:order:{old}")}}))
        .await;
    assert_eq!(reply["error"]["code"], 102, "{reply}");
    let reply = late
        .command(json!({"history": {"channel": format!("public:order:{old}"), "limit": 10}}))
        .await;
    assert_eq!(reply["error"]["code"], 102, "{reply}");
    let reply = late
        .command(json!({"subscribe": {"channel": format!("public:order:{new}")}}))
        .await;
    assert!(reply.get("subscribe").is_some(), "{reply}");
    // Public events now go to the new channel only.
    json_ok(
        post_event(
            &c.admin,
            &id,
            json!({"visibility": "public", "comment": "Nuevo enlace"}),
        )
        .await,
        201,
    )
    .await;
    let push = late.publication().await;
    assert_eq!(push["pub"]["data"]["event"]["comment"], "Nuevo enlace");
    assert!(
        watcher
            .push_within(Duration::from_millis(300))
            .await
            .is_none()
    );

    // A deactivated order has no public view.
    json_ok(
        c.admin
            .put(
                &format!("/api/v1/orders/{id}/active"),
                json!({"active": false}),
            )
            .await,
        200,
    )
    .await;
    assert_problem(public_view(&app, &new).await, 404, "not_found").await;
    let reply = late
        .command(json!({"history": {"channel": format!("public:order:{new}"), "limit": 10}}))
        .await;
    assert_eq!(reply["error"]["code"], 102);
}

async fn the_public_view_is_rate_limited_per_ip(app: TestApp) {
    let app = spawn_app_with(app.backend, |s| {
        s.public.order_views_per_minute = 2;
        s.public.order_views_burst = 3;
    })
    .await;
    let c = cast(&app).await;
    let order = order_for(&c.admin, &c.first, "Revisión", &[]).await;
    let token = order["qr_token"].as_str().unwrap();
    assert_eq!(public_view(&app, token).await.status(), 200);
    // Unknown links count too.
    assert_eq!(
        public_view(&app, "BBBBBBBBBBBBBBBBBBBBBB").await.status(),
        404
    );
    assert_eq!(public_view(&app, token).await.status(), 200);
    let r = public_view(&app, token).await;
    let retry: u64 = header(&r, "retry-after").parse().unwrap();
    assert!((1..=30).contains(&retry), "Retry-After {retry}");
    assert_problem(r, 429, "too_many_attempts").await;
    // Signed-in routes are not affected.
    assert_eq!(get_order(&c.customer, &id_of(&order)).await.status(), 200);
}

async fn parts_are_recorded_and_listed_across_orders(app: TestApp) {
    let c = cast(&app).await;
    let tech = c.technician.user_id();
    let a = order_for(&c.admin, &c.first, "Cambio de aceite", &[&tech]).await;
    let b = order_for(&c.admin, &c.unowned, "Frenos", &[]).await;
    let (a_id, b_id) = (id_of(&a), id_of(&b));

    // The assigned technician adds a part from the phone.
    let filter = json!({"description": "Filtro de aceite CAT 1R-0750", "quantity": "2",
                        "unit_price": "12.25", "warranty_days": 90});
    let part = json_ok(add_part(&c.technician, &a_id, filter.clone()).await, 201).await;
    assert_eq!(part["quantity"], "2");
    assert_eq!(part["unit_price"], "12.25");
    assert_eq!(part["total"], "24.50");
    assert_eq!(part["added_by"], tech.as_str());
    assert_eq!(part["added_by_name"], "Tomás Técnico");
    assert_eq!(part["shown_to_customer"], true);
    assert_eq!(part["order_number"], "OS-000001");
    assert!(part["warranty_until"].is_string());
    // Not on an order they are not assigned to; not sellers or customers.
    assert_problem(
        add_part(&c.technician, &b_id, filter.clone()).await,
        404,
        "not_found",
    )
    .await;
    for who in [&c.seller, &c.customer] {
        assert_problem(add_part(who, &a_id, filter.clone()).await, 403, "forbidden").await;
    }
    // Bad input.
    for (body, code, field) in [
        (
            json!({"description": "x", "quantity": "0", "unit_price": "1"}),
            "validation_failed",
            "quantity",
        ),
        (
            json!({"description": "x", "quantity": "1.2345", "unit_price": "1"}),
            "validation_failed",
            "quantity",
        ),
        (
            json!({"description": "x", "quantity": "1", "unit_price": "-1"}),
            "invalid_money",
            "unit_price",
        ),
        (
            json!({"description": "x", "quantity": "1", "unit_price": "1.001"}),
            "invalid_money",
            "unit_price",
        ),
        (
            json!({"description": "", "quantity": "1", "unit_price": "1"}),
            "validation_failed",
            "description",
        ),
        (
            json!({"description": "x", "quantity": "1", "unit_price": "1", "warranty_days": -1}),
            "validation_failed",
            "warranty_days",
        ),
    ] {
        let problem =
            assert_problem(add_part(&c.admin, &a_id, body.clone()).await, 422, code).await;
        assert_eq!(problem["field"], field, "{body}");
    }
    // The office adds a line the customer does not see, and one on B.
    let hidden = json_ok(
        add_part(
            &c.admin,
            &a_id,
            json!({"description": "Traslado en grúa", "quantity": "1", "unit_price": "80.00",
                   "shown_to_customer": false}),
        )
        .await,
        201,
    )
    .await;
    json_ok(
        add_part(
            &c.operator,
            &b_id,
            json!({"description": "Pastillas de freno", "quantity": "1.5", "unit_price": "33.33"}),
        )
        .await,
        201,
    )
    .await;

    // What the customer sees: the shown line; the balance counts every line.
    let view = json_ok(get_order(&c.customer, &a_id).await, 200).await;
    let parts: Vec<&str> = view["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["description"].as_str().unwrap())
        .collect();
    assert_eq!(parts, ["Filtro de aceite CAT 1R-0750"]);
    assert_eq!(view["balance"]["service_value"], "100.00");
    assert_eq!(view["balance"]["parts_total"], "104.50");
    let public = json_ok(
        public_view(&app, a["qr_token"].as_str().unwrap()).await,
        200,
    )
    .await;
    assert_eq!(public["parts"].as_array().unwrap().len(), 1);
    assert_eq!(public["parts"][0]["total"], "24.50");
    assert!(!public.to_string().contains("Traslado"));
    assert_eq!(public["balance"]["balance"], "204.50");
    let staff = json_ok(get_order(&c.admin, &a_id).await, 200).await;
    assert_eq!(staff["parts"].as_array().unwrap().len(), 2);

    // The parts view across orders: office roles, filterable.
    let descriptions = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["description"].as_str().unwrap().to_string())
            .collect()
    };
    let all = json_ok(c.admin.get("/api/v1/parts").await, 200).await;
    assert_eq!(
        descriptions(all.clone()),
        [
            "Pastillas de freno",
            "Traslado en grúa",
            "Filtro de aceite CAT 1R-0750"
        ]
    );
    assert_eq!(all["items"][0]["total"], "50.00", "1.5 × 33.33 rounded");
    assert_eq!(all["items"][0]["customer_name"], UNOWNED_DEMO);
    assert_eq!(all["items"][0]["added_by_name"], "Olga Operadora");
    for (query, expected) in [
        (
            format!("order_id={a_id}"),
            vec!["Traslado en grúa", "Filtro de aceite CAT 1R-0750"],
        ),
        ("q=FILTRO".to_string(), vec!["Filtro de aceite CAT 1R-0750"]),
        (
            format!("added_by={tech}"),
            vec!["Filtro de aceite CAT 1R-0750"],
        ),
        (
            format!("technician_id={tech}"),
            vec!["Traslado en grúa", "Filtro de aceite CAT 1R-0750"],
        ),
        ("q=nada".to_string(), vec![]),
    ] {
        let page = json_ok(c.operator.get(&format!("/api/v1/parts?{query}")).await, 200).await;
        assert_eq!(descriptions(page), expected, "{query}");
    }
    let today = chrono::Utc::now().date_naive();
    let (yesterday, tomorrow) = (today.pred_opt().unwrap(), today.succ_opt().unwrap());
    let in_range = json_ok(
        c.admin
            .get(&format!("/api/v1/parts?from={yesterday}&to={tomorrow}"))
            .await,
        200,
    )
    .await;
    assert_eq!(in_range["items"].as_array().unwrap().len(), 3);
    let later = json_ok(
        c.admin
            .get(&format!("/api/v1/parts?from={tomorrow}&to={tomorrow}"))
            .await,
        200,
    )
    .await;
    assert!(later["items"].as_array().unwrap().is_empty());
    let earlier = json_ok(
        c.admin
            .get(&format!(
                "/api/v1/parts?to={}",
                yesterday.pred_opt().unwrap()
            ))
            .await,
        200,
    )
    .await;
    assert!(earlier["items"].as_array().unwrap().is_empty());
    let page = json_ok(c.admin.get("/api/v1/parts?limit=2").await, 200).await;
    let cursor = page["next_cursor"].as_str().unwrap().to_string();
    let rest = json_ok(
        c.admin
            .get(&format!("/api/v1/parts?limit=2&cursor={cursor}"))
            .await,
        200,
    )
    .await;
    assert_eq!(descriptions(rest), ["Filtro de aceite CAT 1R-0750"]);
    for who in [&c.technician, &c.seller, &c.customer] {
        assert_problem(who.get("/api/v1/parts").await, 403, "forbidden").await;
    }

    // Editing and deleting: whoever added it, or the office.
    let own = format!("/api/v1/orders/{a_id}/parts/{}", id_of(&part));
    let office = format!("/api/v1/orders/{a_id}/parts/{}", id_of(&hidden));
    let edited = json_ok(
        c.technician
            .put(
                &own,
                json!({"description": "Filtro de aceite CAT 1R-0750", "quantity": "3",
                              "unit_price": "12.25", "warranty_days": 90}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(edited["total"], "36.75");
    assert_problem(
        c.technician
            .put(
                &office,
                json!({"description": "x", "quantity": "1", "unit_price": "1"}),
            )
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(delete(&c.technician, &office).await, 403, "forbidden").await;
    assert_eq!(delete(&c.admin, &own).await.status(), 204);
    assert_problem(delete(&c.admin, &own).await, 404, "not_found").await;
    let view = json_ok(get_order(&c.admin, &a_id).await, 200).await;
    assert_eq!(view["parts"].as_array().unwrap().len(), 1);
    assert_eq!(view["balance"]["parts_total"], "80.00");
}

async fn order_changes_reach_the_room_without_internal_fields(app: TestApp) {
    let c = cast(&app).await;
    let tech = c.technician.user_id();
    let order = order_for(&c.admin, &c.first, "Revisión", &[]).await;
    let id = id_of(&order);
    let mut customer = Ws::connect_as(&app, &c.customer).await;
    customer
        .command(json!({"subscribe": {"channel": format!("order:{id}")}}))
        .await;
    // A technician not yet assigned may not watch; once assigned, may.
    let mut technician = Ws::connect_as(&app, &c.technician).await;
    let reply = technician
        .command(json!({"subscribe": {"channel": format!("order:{id}")}}))
        .await;
    assert_eq!(reply["error"]["code"], 103);

    let r = c
        .admin
        .put(
            &format!("/api/v1/orders/{id}"),
            json!({"reason": "Revisión y cambio de correa", "service_value": "320.00",
                   "technician_ids": [tech]}),
        )
        .await;
    json_ok(r, 200).await;
    let push = customer.publication().await;
    let data = &push["pub"]["data"];
    assert_eq!(data["type"], "order.updated");
    assert_eq!(data["order"]["service_value"], "320.00");
    assert_eq!(data["order"]["technicians"][0]["name"], "Tomás Técnico");
    assert_eq!(
        data["changed"],
        json!(["reason", "service_value", "technicians"])
    );
    assert!(data["order"].get("qr_token").is_none());
    assert!(data["order"].get("internal_status").is_none());
    assert!(!data.to_string().contains("@"));
    let reply = technician
        .command(json!({"subscribe": {"channel": format!("order:{id}")}}))
        .await;
    assert!(reply.get("subscribe").is_some(), "{reply}");

    // Deactivating is published; a deactivated order takes no events or parts.
    json_ok(
        c.admin
            .put(
                &format!("/api/v1/orders/{id}/active"),
                json!({"active": false}),
            )
            .await,
        200,
    )
    .await;
    for ws in [&mut customer, &mut technician] {
        let push = ws.publication().await;
        assert_eq!(push["pub"]["data"]["type"], "order.deactivated");
    }
    assert_problem(
        post_event(
            &c.technician,
            &id,
            json!({"visibility": "public", "comment": "x"}),
        )
        .await,
        409,
        "order_inactive",
    )
    .await;
    assert_problem(
        add_part(
            &c.technician,
            &id,
            json!({"description": "x", "quantity": "1", "unit_price": "1"}),
        )
        .await,
        409,
        "order_inactive",
    )
    .await;
    // History stays readable.
    let view = json_ok(get_order(&c.customer, &id).await, 200).await;
    assert_eq!(view["state"], "deactivated");
    json_ok(
        c.admin
            .put(
                &format!("/api/v1/orders/{id}/active"),
                json!({"active": true}),
            )
            .await,
        200,
    )
    .await;
    let push = customer.publication().await;
    assert_eq!(push["pub"]["data"]["type"], "order.reactivated");
}

/// The callers, in the column order of [`MATRIX`].
const CALLERS: [&str; 7] = [
    "master",
    "admin",
    "technician",
    "operator",
    "seller",
    "customer",
    "anonymous",
];

/// Order endpoints, on order A (the portal contact's company, owned by the
/// seller, assigned to the technician) or B (a customer owned by nobody,
/// no technician).
#[derive(Debug, Clone, Copy)]
enum Action {
    ListOrders,
    CreateOrder,
    ReadA,
    ReadB,
    EditA,
    EditB,
    ActivateA,
    AssignA,
    RotateA,
    EventOnA,
    EventOnB,
    PartOnA,
    PartOnB,
    PartsView,
    MyOrders,
    ListStatuses,
    CreateStatus,
    PublicViewA,
}
use Action::*;

#[rustfmt::skip]
const MATRIX: &[(Action, [u16; 7])] = &[
    //                 master admin tech oper seller cust anon
    (ListOrders,      [200,  200,  200, 200, 200,   200, 401]),
    (CreateOrder,     [201,  201,  403, 201, 201,   403, 401]),
    (ReadA,           [200,  200,  200, 200, 200,   200, 401]),
    (ReadB,           [200,  200,  404, 200, 404,   404, 401]),
    (EditA,           [200,  200,  403, 200, 200,   403, 401]),
    (EditB,           [200,  200,  403, 200, 404,   403, 401]),
    (ActivateA,       [200,  200,  403, 200, 403,   403, 401]),
    (AssignA,         [200,  200,  403, 200, 200,   403, 401]),
    (RotateA,         [200,  200,  403, 200, 403,   403, 401]),
    (EventOnA,        [201,  201,  201, 201, 403,   403, 401]),
    (EventOnB,        [201,  201,  404, 201, 403,   403, 401]),
    (PartOnA,         [201,  201,  201, 201, 403,   403, 401]),
    (PartOnB,         [201,  201,  404, 201, 403,   403, 401]),
    (PartsView,       [200,  200,  403, 200, 403,   403, 401]),
    (MyOrders,        [200,  200,  200, 200, 200,   403, 401]),
    (ListStatuses,    [200,  200,  200, 200, 200,   403, 401]),
    (CreateStatus,    [201,  201,  403, 201, 403,   403, 401]),
    (PublicViewA,     [200,  200,  200, 200, 200,   200, 200]),
];

/// The rows the matrix works on.
struct World<'a> {
    /// Order A and order B (see [`Action`]).
    a: &'a str,
    b: &'a str,
    /// The first demo customer (A's).
    first: &'a str,
    /// The demo technician's user id.
    tech: &'a str,
}

async fn perform(
    app: &TestApp,
    s: &Session,
    role: &str,
    action: Action,
    world: &World<'_>,
) -> Response {
    let World { a, b, first, tech } = *world;
    let edit = json!({"reason": format!("Editada por {role}"), "service_value": "10"});
    let event = json!({"visibility": "public", "comment": format!("Nota de {role}")});
    let part =
        json!({"description": format!("Repuesto de {role}"), "quantity": "1", "unit_price": "5"});
    match action {
        ListOrders => s.get("/api/v1/orders").await,
        CreateOrder => {
            create(
                s,
                json!({"customer_id": first, "reason": format!("Orden de {role}")}),
            )
            .await
        }
        ReadA => get_order(s, a).await,
        ReadB => get_order(s, b).await,
        EditA => s.put(&format!("/api/v1/orders/{a}"), edit).await,
        EditB => s.put(&format!("/api/v1/orders/{b}"), edit).await,
        ActivateA => {
            s.put(
                &format!("/api/v1/orders/{a}/active"),
                json!({"active": true}),
            )
            .await
        }
        AssignA => {
            s.put(
                &format!("/api/v1/orders/{a}/technicians"),
                json!({"technician_ids": [tech]}),
            )
            .await
        }
        RotateA => {
            s.post(&format!("/api/v1/orders/{a}/qr/rotate"), json!({}))
                .await
        }
        EventOnA => post_event(s, a, event).await,
        EventOnB => post_event(s, b, event).await,
        PartOnA => add_part(s, a, part).await,
        PartOnB => add_part(s, b, part).await,
        PartsView => s.get("/api/v1/parts").await,
        MyOrders => s.get("/api/v1/me/orders").await,
        ListStatuses => s.get("/api/v1/order-statuses").await,
        CreateStatus => {
            s.post(
                "/api/v1/order-statuses",
                json!({"visibility": "internal", "label": format!("Etiqueta de {role}")}),
            )
            .await
        }
        PublicViewA => {
            // The current token (rotations above change it), looked up by the office.
            let admin = app.login_as("admin").await;
            let token = json_ok(get_order(&admin, a).await, 200).await["qr_token"]
                .as_str()
                .unwrap()
                .to_string();
            public_view(app, &token).await
        }
    }
}

async fn every_order_endpoint_checks_the_role_and_the_scope(app: TestApp) {
    let c = cast(&app).await;
    let tech = c.technician.user_id();
    let a = id_of(&order_for(&c.admin, &c.first, "Orden A", &[&tech]).await);
    let b = id_of(&order_for(&c.admin, &c.unowned, "Orden B", &[]).await);
    let sessions = [
        &c.master,
        &c.admin,
        &c.technician,
        &c.operator,
        &c.seller,
        &c.customer,
    ];
    let anonymous = app.anonymous();
    let world = World {
        a: &a,
        b: &b,
        first: &c.first,
        tech: &tech,
    };
    for (action, expected) in MATRIX {
        for (i, role) in CALLERS.iter().enumerate() {
            let s = if i < 6 { sessions[i] } else { &anonymous };
            let r = perform(&app, s, role, *action, &world).await;
            let got = r.status().as_u16();
            let body = r.text().await.unwrap_or_default();
            assert_eq!(got, expected[i], "{action:?} as {role}: {body}");
        }
    }

    // The socket follows the same scope: the room for everyone who may read
    // the order, the internal stream for staff among them, nothing for anonymous.
    let mut anon = Ws::connect_anonymous(&app).await;
    for (who, room_a, room_b, internal_a) in [
        (&c.master, true, true, true),
        (&c.operator, true, true, true),
        (&c.technician, true, false, true),
        (&c.seller, true, false, true),
        (&c.customer, true, false, false),
    ] {
        let mut ws = Ws::connect_as(&app, who).await;
        for (channel, allowed) in [
            (format!("order:{a}"), room_a),
            (format!("order:{b}"), room_b),
            (format!("internal:order:{a}"), internal_a),
        ] {
            let reply = ws.command(json!({"subscribe": {"channel": channel}})).await;
            if allowed {
                assert!(
                    reply.get("subscribe").is_some(),
                    "{} {channel}: {reply}",
                    who.user["role"]
                );
            } else {
                assert_eq!(
                    reply["error"]["code"], 103,
                    "{} {channel}: {reply}",
                    who.user["role"]
                );
            }
            let reply = ws
                .command(json!({"history": {"channel": channel, "limit": 1}}))
                .await;
            assert_eq!(
                reply.get("history").is_some(),
                allowed,
                "{} history {channel}: {reply}",
                who.user["role"]
            );
        }
        ws.close().await;
    }
    for channel in [format!("order:{a}"), format!("internal:order:{a}")] {
        let reply = anon
            .command(json!({"subscribe": {"channel": channel}}))
            .await;
        assert_eq!(reply["error"]["code"], 103);
    }
}

both_backends!(
    orders_are_numbered_without_gaps_and_create_customers_inline,
    each_role_sees_only_its_orders,
    orders_start_at_a_status_and_are_filtered_by_status,
    status_catalogs_are_managed_by_the_office,
    the_timeline_has_public_and_internal_events_with_photos,
    internal_events_never_reach_a_customer_or_a_qr_holder,
    rotating_the_qr_link_revokes_the_old_one,
    the_public_view_is_rate_limited_per_ip,
    parts_are_recorded_and_listed_across_orders,
    order_changes_reach_the_room_without_internal_fields,
    every_order_endpoint_checks_the_role_and_the_scope,
);
