//! The public and internal timeline with photos; internal events never
//! reaching a customer or a QR holder.

use std::time::Duration;

use serde_json::json;

use super::*;
use crate::customers::FIRST_DEMO;
use crate::ws::Ws;

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

both_backends!(
    the_timeline_has_public_and_internal_events_with_photos,
    internal_events_never_reach_a_customer_or_a_qr_holder,
);
