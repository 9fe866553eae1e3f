//! Creating, reading, listing and editing orders, and their changes reaching the room.

use serde_json::json;

use super::*;
use crate::customers::{FIRST_DEMO, rif};
use crate::ws::Ws;

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

both_backends!(
    orders_are_numbered_without_gaps_and_create_customers_inline,
    each_role_sees_only_its_orders,
    orders_start_at_a_status_and_are_filtered_by_status,
    order_changes_reach_the_room_without_internal_fields,
);
