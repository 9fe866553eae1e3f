//! The status catalogs, managed by the office.

use serde_json::json;

use super::*;

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

both_backends!(status_catalogs_are_managed_by_the_office,);
