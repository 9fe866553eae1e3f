//! Every order endpoint checks the role and the scope (a matrix).

use reqwest::Response;
use serde_json::json;

use super::*;
use crate::ws::Ws;

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

both_backends!(every_order_endpoint_checks_the_role_and_the_scope,);
