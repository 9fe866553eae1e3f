//! Parts recorded on orders and the parts view across orders.

use serde_json::{Value, json};

use super::*;
use crate::customers::UNOWNED_DEMO;

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

    // What the customer sees: the shown line; the hidden one is internal and
    // not billed, so the parts total is the sum of the lines shown.
    let view = json_ok(get_order(&c.customer, &a_id).await, 200).await;
    let parts: Vec<&str> = view["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["description"].as_str().unwrap())
        .collect();
    assert_eq!(parts, ["Filtro de aceite CAT 1R-0750"]);
    assert_eq!(view["balance"]["service_value"], "100.00");
    assert_eq!(view["balance"]["parts_total"], "24.50");
    let public = json_ok(
        public_view(&app, a["qr_token"].as_str().unwrap()).await,
        200,
    )
    .await;
    assert_eq!(public["parts"].as_array().unwrap().len(), 1);
    assert_eq!(public["parts"][0]["total"], "24.50");
    assert!(!public.to_string().contains("Traslado"));
    assert_eq!(public["balance"]["balance"], "124.50");
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
    // Deleting is soft: staff still see the line, marked; it no longer counts.
    let view = json_ok(get_order(&c.admin, &a_id).await, 200).await;
    assert_eq!(view["parts"].as_array().unwrap().len(), 2);
    assert!(view["parts"][0]["deleted_at"].is_string());
    // (The hidden line left is internal and not billed: nothing counts.)
    assert_eq!(view["balance"]["parts_total"], "0");
}

both_backends!(parts_are_recorded_and_listed_across_orders,);
