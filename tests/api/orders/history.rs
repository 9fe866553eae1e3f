//! Editing and deleting keep history (issue 10, seed 001: "Se pueden editar
//! o eliminar partes, piezas o repuestos de las Órdenes de Servicio";
//! "…Estatus … editarlos o eliminarlos"): a changed part or timeline post
//! carries who changed it and when, the previous versions are kept, a deleted
//! one stays visible to staff only, and none of it reaches a customer or the
//! QR page.

use serde_json::{Value, json};

use super::*;

async fn history(s: &Session, path: &str) -> Response {
    s.get(&format!("{path}/history")).await
}

fn list(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap()
}

async fn parts_keep_who_changed_them_and_their_earlier_versions(app: TestApp) {
    let c = cast(&app).await;
    let tech = c.technician.user_id();
    let order = order_for(&c.admin, &c.first, "Cambio de aceite", &[&tech]).await;
    let id = id_of(&order);
    let part = json_ok(
        add_part(
            &c.technician,
            &id,
            json!({"description": "Filtro de aire", "quantity": "1", "unit_price": "80.00",
                   "warranty_days": 30}),
        )
        .await,
        201,
    )
    .await;
    let path = format!("/api/v1/orders/{id}/parts/{}", id_of(&part));
    // A new part has no history yet.
    assert!(list(&json_ok(history(&c.admin, &path).await, 200).await).is_empty());
    assert!(part["edited_at"].is_null());

    // The technician fixes a wrong part: who and when are stamped.
    let edited = json_ok(
        c.technician
            .put(
                &path,
                json!({"description": "Filtro de aceite", "quantity": "2", "unit_price": "85.00",
                       "warranty_days": 90}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(edited["total"], "170.00");
    assert!(edited["edited_at"].is_string());
    assert_eq!(edited["edited_by_name"], "Tomás Técnico");
    // The customer sees the corrected line, but not who corrected it.
    let mine = json_ok(get_order(&c.customer, &id).await, 200).await;
    assert_eq!(mine["parts"][0]["description"], "Filtro de aceite");
    assert!(mine["parts"][0]["edited_by_name"].is_null());
    assert!(mine["parts"][0]["edited_at"].is_null());
    // The office deletes it: it leaves the balance, stays for staff, marked.
    assert_eq!(delete(&c.admin, &path).await.status(), 204);
    let staff = json_ok(get_order(&c.admin, &id).await, 200).await;
    let line = &staff["parts"][0];
    assert_eq!(line["description"], "Filtro de aceite");
    assert!(line["deleted_at"].is_string());
    assert_eq!(line["deleted_by_name"], "Ana Administradora");
    // (An empty sum is written "0" today; compare the number.)
    let parts_total: f64 = staff["balance"]["parts_total"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(parts_total, 0.0);
    // A deleted part can no longer be edited or deleted.
    assert_problem(
        c.admin
            .put(
                &path,
                json!({"description": "x", "quantity": "1", "unit_price": "1"}),
            )
            .await,
        404,
        "not_found",
    )
    .await;

    // Its history, newest first, with the fields as they were.
    let h = json_ok(history(&c.operator, &path).await, 200).await;
    let h = list(&h);
    assert_eq!(h.len(), 2, "{h:?}");
    assert_eq!(h[0]["action"], "deleted");
    assert_eq!(h[0]["by_name"], "Ana Administradora");
    assert_eq!(h[0]["previous"]["description"], "Filtro de aceite");
    assert_eq!(h[0]["previous"]["unit_price"], "85.00");
    assert_eq!(h[1]["action"], "edited");
    assert_eq!(h[1]["by_name"], "Tomás Técnico");
    assert_eq!(h[1]["previous"]["description"], "Filtro de aire");
    assert_eq!(h[1]["previous"]["quantity"], "1");
    assert_eq!(h[1]["previous"]["warranty_days"], 30);
    // The assigned technician reads it too.
    assert_eq!(
        list(&json_ok(history(&c.technician, &path).await, 200).await).len(),
        2
    );

    // Never a customer: not the history, not the deleted line, not in the
    // parts view or on the QR page.
    assert_problem(history(&c.customer, &path).await, 403, "forbidden").await;
    let mine = json_ok(get_order(&c.customer, &id).await, 200).await;
    assert!(list(&mine["parts"]).is_empty());
    assert!(!all_text(&mine).contains("Filtro"));
    let public = json_ok(
        public_view(&app, order["qr_token"].as_str().unwrap()).await,
        200,
    )
    .await;
    assert!(!all_text(&public).contains("Filtro"));
    let view = json_ok(
        c.admin.get(&format!("/api/v1/parts?order_id={id}")).await,
        200,
    )
    .await;
    assert!(list(&view["items"]).is_empty());
    // Not outside one's scope: the seller's customers only, and 404 for
    // another order's part.
    let other = id_of(&order_for(&c.admin, &c.unowned, "Frenos", &[]).await);
    assert_problem(
        history(
            &c.seller,
            &format!("/api/v1/orders/{other}/parts/{}", id_of(&part)),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        history(
            &c.admin,
            &format!("/api/v1/orders/{other}/parts/{}", id_of(&part)),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        history(&app.anonymous(), &path).await,
        401,
        "unauthenticated",
    )
    .await;
}

async fn posts_keep_who_changed_them_and_their_earlier_versions(app: TestApp) {
    let c = cast(&app).await;
    let tech = c.technician.user_id();
    let order = order_for(&c.admin, &c.first, "No enciende", &[&tech]).await;
    let id = id_of(&order);
    let post =
        |visibility: &str, comment: &str| json!({"visibility": visibility, "comment": comment});
    let public = json_ok(
        post_event(&c.technician, &id, post("public", "Revisamos el motor")).await,
        201,
    )
    .await;
    let internal = json_ok(
        post_event(
            &c.technician,
            &id,
            post("internal", "Cliente no pagó la última vez"),
        )
        .await,
        201,
    )
    .await;
    let public_path = format!("/api/v1/orders/{id}/events/{}", id_of(&public));
    let internal_path = format!("/api/v1/orders/{id}/events/{}", id_of(&internal));

    let edited = json_ok(
        c.technician
            .patch(
                &public_path,
                json!({"comment": "Revisamos el motor y la batería"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(edited["edited_by_name"], "Tomás Técnico");
    assert_eq!(delete(&c.admin, &internal_path).await.status(), 204);

    // Staff see both, with who changed them.
    let staff = json_ok(get_order(&c.admin, &id).await, 200).await;
    let by_id = |eid: String| {
        list(&staff["timeline"])
            .iter()
            .find(|e| e["id"] == eid.as_str())
            .unwrap()
            .clone()
    };
    let p = by_id(id_of(&public));
    assert_eq!(p["comment"], "Revisamos el motor y la batería");
    assert_eq!(p["edited_by_name"], "Tomás Técnico");
    let i = by_id(id_of(&internal));
    assert!(i["deleted_at"].is_string());
    assert_eq!(i["deleted_by_name"], "Ana Administradora");

    let h = json_ok(history(&c.admin, &public_path).await, 200).await;
    assert_eq!(list(&h).len(), 1);
    assert_eq!(h[0]["action"], "edited");
    assert_eq!(h[0]["previous"]["comment"], "Revisamos el motor");
    let h = json_ok(history(&c.admin, &internal_path).await, 200).await;
    assert_eq!(h[0]["action"], "deleted");
    assert_eq!(h[0]["previous"]["comment"], "Cliente no pagó la última vez");

    // The customer sees the current public text only: no history, no
    // earlier text, nothing internal, no "edited by".
    for path in [&public_path, &internal_path] {
        assert_problem(history(&c.customer, path).await, 403, "forbidden").await;
    }
    let mine = json_ok(get_order(&c.customer, &id).await, 200).await;
    let text = all_text(&mine);
    assert!(text.contains("Revisamos el motor y la batería"));
    let shown = list(&mine["timeline"])
        .iter()
        .find(|e| e["id"] == id_of(&public).as_str())
        .unwrap()
        .clone();
    assert!(shown["edited_by_name"].is_null(), "{shown}");
    assert!(shown["edited_by"].is_null(), "{shown}");
    assert!(!text.contains("pagó"));
    let qr = json_ok(
        public_view(&app, order["qr_token"].as_str().unwrap()).await,
        200,
    )
    .await;
    assert!(!all_text(&qr).contains("pagó"));
}

both_backends!(
    parts_keep_who_changed_them_and_their_earlier_versions,
    posts_keep_who_changed_them_and_their_earlier_versions,
);
