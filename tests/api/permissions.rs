//! The permission matrix: every role (and an anonymous caller) against every
//! family of endpoints, with the exact status expected, derived from
//! `src/domain/role.rs` (`Role::allows`, `CustomerScope`) and the services.
//! Refusals are also checked to change nothing.
//!
//! Reading the table: 2xx = allowed; 403 = the role lacks the permission
//! (`forbidden`); 401 = not signed in (`unauthenticated`); 404 = the role may
//! do it in general, but the row is outside its scope (`not_found`, so a
//! seller or a customer contact cannot even tell the row exists).

use reqwest::Response;
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, UNOWNED_DEMO, customer_id, rif, visible_customers};
use crate::helpers::*;

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

#[derive(Debug, Clone, Copy)]
enum Action {
    /// GET /api/v1/users
    ListUsers,
    /// POST /api/v1/users
    CreateUser,
    /// GET /api/v1/audit
    ReadAudit,
    /// GET /api/v1/settings/company
    ReadSettings,
    /// PUT /api/v1/settings/company
    UpdateSettings,
    /// GET /api/v1/customers
    ListCustomers,
    /// POST /api/v1/customers
    CreateCustomer,
    /// PUT /api/v1/customers/{first demo}/active {"active": false}
    DeactivateCustomer,
    /// POST /api/v1/contacts/{contact of the first demo customer}/invite
    InviteContact,
    /// GET /api/v1/equipment/{machine of the first demo customer}
    ReadEquipment,
    /// GET /api/v1/customers/{unowned demo customer}
    ReadHiddenCustomer,
    /// POST /api/v1/contacts/{contact of the unowned demo customer}/invite
    InviteHiddenContact,
    /// GET /api/v1/equipment/{machine of the unowned demo customer}
    ReadHiddenEquipment,
}
use Action::*;

/// The first demo customer is owned by the seller and is the demo contact's
/// company; the third is owned by nobody, so it is visible only to office roles.
#[rustfmt::skip]
const MATRIX: &[(Action, [u16; 7])] = &[
    //                        master admin tech oper seller cust anon
    (ListUsers,              [200,  200,  403, 200, 200,   403, 401]),
    (CreateUser,             [201,  403,  403, 403, 403,   403, 401]),
    (ReadAudit,              [200,  403,  403, 403, 403,   403, 401]),
    (ReadSettings,           [200,  200,  200, 200, 200,   200, 401]),
    (UpdateSettings,         [200,  200,  403, 403, 403,   403, 401]),
    (ListCustomers,          [200,  200,  403, 200, 200,   200, 401]),
    (CreateCustomer,         [201,  201,  403, 201, 201,   403, 401]),
    (DeactivateCustomer,     [200,  200,  403, 403, 403,   403, 401]),
    (InviteContact,          [200,  200,  403, 200, 200,   403, 401]),
    (ReadEquipment,          [200,  200,  403, 200, 200,   200, 401]),
    (ReadHiddenCustomer,     [200,  200,  403, 200, 404,   404, 401]),
    (InviteHiddenContact,    [200,  200,  403, 200, 404,   403, 401]),
    (ReadHiddenEquipment,    [200,  200,  403, 200, 404,   404, 401]),
];

/// Demo rows the actions work on, and office sessions to inspect the data.
struct World {
    master: Session,
    admin: Session,
    first: String,
    unowned: String,
    first_machine: String,
    unowned_machine: String,
}

async fn first_machine_of(admin: &Session, customer: &str) -> String {
    let list = json_ok(
        admin
            .get(&format!("/api/v1/customers/{customer}/equipment"))
            .await,
        200,
    )
    .await;
    list[0]["id"].as_str().expect("demo equipment").to_string()
}

/// A fresh contact with an e-mail on `customer`, so every invitation starts clean.
async fn new_contact(w: &World, customer: &str, caller: &str) -> String {
    let r = w
        .admin
        .post(
            &format!("/api/v1/customers/{customer}/contacts"),
            json!({"name": format!("Contacto para {caller}"), "email": format!("invite-{caller}-{customer}@example.com")}),
        )
        .await;
    json_ok(r, 201).await["id"].as_str().unwrap().to_string()
}

/// What a refused `action` must leave unchanged, read by the office.
async fn snapshot(action: Action, w: &World, customer_of_contact: &str) -> Value {
    match action {
        CreateUser => json_ok(w.master.get("/api/v1/users").await, 200).await,
        UpdateSettings => json_ok(w.admin.get("/api/v1/settings/company").await, 200).await,
        CreateCustomer => Value::Array(visible_customers(&w.admin).await),
        DeactivateCustomer => {
            json_ok(
                w.admin.get(&format!("/api/v1/customers/{}", w.first)).await,
                200,
            )
            .await
        }
        InviteContact | InviteHiddenContact => {
            let contacts = json_ok(
                w.admin
                    .get(&format!("/api/v1/customers/{customer_of_contact}/contacts"))
                    .await,
                200,
            )
            .await;
            json!({"contacts": contacts, "staff": json_ok(w.master.get("/api/v1/users").await, 200).await})
        }
        // Reads change nothing by construction.
        ListUsers | ReadAudit | ReadSettings | ListCustomers | ReadEquipment
        | ReadHiddenCustomer | ReadHiddenEquipment => Value::Null,
    }
}

/// Performs `action` as `caller` (whose session is `s`); `contact` is the
/// contact to invite for the invitation actions.
async fn attempt(
    action: Action,
    caller: &str,
    s: &Session,
    w: &World,
    contact: &str,
    n: usize,
) -> Response {
    match action {
        ListUsers => s.get("/api/v1/users").await,
        CreateUser => {
            s.post("/api/v1/users", json!({"email": format!("new-{caller}@faena.demo"), "name": "Nuevo", "role": "technician"}))
                .await
        }
        ReadAudit => s.get("/api/v1/audit").await,
        ReadSettings => s.get("/api/v1/settings/company").await,
        UpdateSettings => {
            let body = json!({"company_name": format!("Empresa de {caller}"), "currency": "USD", "tax_rate": "16",
                              "tax_id_country": "VE", "time_zone": "America/Caracas"});
            s.put("/api/v1/settings/company", body).await
        }
        ListCustomers => s.get("/api/v1/customers").await,
        CreateCustomer => {
            s.post("/api/v1/customers", json!({"name": format!("Cliente de {caller}"), "tax_id": rif(60_000_000 + n as u32)}))
                .await
        }
        DeactivateCustomer => s.put(&format!("/api/v1/customers/{}/active", w.first), json!({"active": false})).await,
        InviteContact | InviteHiddenContact => s.post(&format!("/api/v1/contacts/{contact}/invite"), json!({})).await,
        ReadEquipment => s.get(&format!("/api/v1/equipment/{}", w.first_machine)).await,
        ReadHiddenCustomer => s.get(&format!("/api/v1/customers/{}", w.unowned)).await,
        ReadHiddenEquipment => s.get(&format!("/api/v1/equipment/{}", w.unowned_machine)).await,
    }
}

/// Undoes an allowed action that would change what later cells see.
async fn undo(action: Action, w: &World) {
    if let DeactivateCustomer = action {
        let r = w
            .admin
            .put(
                &format!("/api/v1/customers/{}/active", w.first),
                json!({"active": true}),
            )
            .await;
        assert_eq!(r.status(), 200);
    }
}

fn code_for(status: u16) -> Option<&'static str> {
    match status {
        401 => Some("unauthenticated"),
        403 => Some("forbidden"),
        404 => Some("not_found"),
        _ => None,
    }
}

async fn permission_matrix(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let unowned = customer_id(&admin, UNOWNED_DEMO).await;
    let world = World {
        master: app.login_as("master").await,
        first_machine: first_machine_of(&admin, &first).await,
        unowned_machine: first_machine_of(&admin, &unowned).await,
        admin,
        first,
        unowned,
    };
    let mut sessions = Vec::new();
    for caller in CALLERS {
        sessions.push(if caller == "anonymous" {
            app.anonymous()
        } else {
            app.login_as(caller).await
        });
    }

    let mut failures = Vec::new();
    let mut n = 0;
    for (action, expected) in MATRIX {
        for (col, caller) in CALLERS.iter().enumerate() {
            n += 1;
            let want = expected[col];
            let cell = format!("{action:?} as {caller}");
            let contact_owner = match action {
                InviteHiddenContact => world.unowned.clone(),
                _ => world.first.clone(),
            };
            let contact = match action {
                InviteContact | InviteHiddenContact => {
                    new_contact(&world, &contact_owner, caller).await
                }
                _ => String::new(),
            };
            let before = snapshot(*action, &world, &contact_owner).await;
            let mails_before = app.emails().len();

            let r = attempt(*action, caller, &sessions[col], &world, &contact, n).await;
            let got = r.status().as_u16();
            let body: Value = r.json().await.unwrap_or(Value::Null);
            if got != want {
                failures.push(format!("{cell}: expected {want}, got {got} {body}"));
                continue;
            }
            if let Some(code) = code_for(want) {
                if body["code"] != code {
                    failures.push(format!("{cell}: expected code {code}, got {body}"));
                }
                // A refusal changes nothing and sends nothing.
                let after = snapshot(*action, &world, &contact_owner).await;
                if after != before {
                    failures.push(format!("{cell}: refused, yet the data changed:\n  before {before}\n  after  {after}"));
                }
                if app.emails().len() != mails_before {
                    failures.push(format!("{cell}: refused, yet an e-mail was sent"));
                }
            } else {
                undo(*action, &world).await;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cells of the permission matrix differ:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // Allowed actions really happened: one user made by master, one customer
    // per creating role, the settings saved by the last allowed editor.
    let staff = json_ok(world.master.get("/api/v1/users").await, 200).await;
    assert!(
        staff
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["email"] == "new-master@faena.demo")
    );
    let customers = visible_customers(&world.admin).await;
    assert_eq!(customers.len(), 3 + 4);
    let settings = json_ok(world.admin.get("/api/v1/settings/company").await, 200).await;
    assert_eq!(settings["company_name"], "Empresa de admin");
    let first = json_ok(
        world
            .admin
            .get(&format!("/api/v1/customers/{}", world.first))
            .await,
        200,
    )
    .await;
    assert_eq!(first["active"], true);
}

// The scheduler is off: its own e-mails (an onboarding reminder due today for a
// customer the matrix creates) would be counted against a refused cell.
crate::quiet_backends!(permission_matrix);
