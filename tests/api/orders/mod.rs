//! Service orders: gap-free numbers, the customer (and machine) created
//! inline, each role seeing only its orders (technician: assigned; seller:
//! own customers'; customer contact: own company's; QR holder: that one
//! order's public view), the status catalogs, the public and internal
//! timeline with photos, parts and the parts view, the QR link and its
//! rotation, and — over REST and over the socket — internal events never
//! reaching a customer or a QR holder.

use reqwest::Response;
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, SECOND_DEMO, UNOWNED_DEMO, customer_id};
use crate::helpers::*;

mod closing;
mod history;
mod lifecycle;
mod parts;
mod permissions;
mod public;
mod statuses;
mod timeline;
mod totals;

// --- helpers -----------------------------------------------------------------

pub(super) fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

pub(super) async fn create(s: &Session, body: Value) -> Response {
    s.post("/api/v1/orders", body).await
}

/// Creates an order for `customer` with these technicians; returns it.
pub(super) async fn order_for(
    s: &Session,
    customer: &str,
    reason: &str,
    technicians: &[&str],
) -> Value {
    let r = create(
        s,
        json!({"customer_id": customer, "reason": reason, "technician_ids": technicians,
               "service_value": "100.00"}),
    )
    .await;
    json_ok(r, 201).await
}

pub(super) async fn get_order(s: &Session, id: &str) -> Response {
    s.get(&format!("/api/v1/orders/{id}")).await
}

/// Numbers of the orders `s` sees with `query`, newest first.
pub(super) async fn numbers(s: &Session, query: &str) -> Vec<String> {
    let page = json_ok(s.get(&format!("/api/v1/orders?{query}")).await, 200).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["number"].as_str().unwrap().to_string())
        .collect()
}

/// The id of the active label `label` of a catalog.
pub(super) async fn status_id(s: &Session, visibility: &str, label: &str) -> String {
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

pub(super) async fn post_event(s: &Session, order: &str, body: Value) -> Response {
    s.post(&format!("/api/v1/orders/{order}/events"), body)
        .await
}

/// Posts an event as a multipart form: text fields and photos (field `photos`).
pub(super) async fn post_event_form(
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

pub(super) async fn delete(s: &Session, path: &str) -> Response {
    s.client
        .delete(format!("{}{path}", s.base))
        .send()
        .await
        .unwrap()
}

pub(super) async fn add_part(s: &Session, order: &str, body: Value) -> Response {
    s.post(&format!("/api/v1/orders/{order}/parts"), body).await
}

pub(super) async fn public_view(app: &TestApp, token: &str) -> Response {
    app.anonymous()
        .get(&format!("/api/v1/public/orders/{token}"))
        .await
}

/// The first machine of a customer.
pub(super) async fn machine_of(s: &Session, customer: &str) -> String {
    let list = json_ok(
        s.get(&format!("/api/v1/customers/{customer}/equipment"))
            .await,
        200,
    )
    .await;
    id_of(&list[0])
}

pub(super) fn labels(timeline: &Value) -> Vec<String> {
    timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["label"].as_str().unwrap().to_string())
        .collect()
}

pub(super) fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

pub(super) fn header(r: &Response, name: &str) -> String {
    r.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// Every string anywhere inside a JSON value.
pub(super) fn all_text(v: &Value) -> String {
    v.to_string()
}

pub(super) struct Cast {
    pub(super) master: Session,
    pub(super) admin: Session,
    pub(super) operator: Session,
    pub(super) technician: Session,
    pub(super) seller: Session,
    pub(super) customer: Session,
    /// The first demo customer: owned by the seller, the portal contact's company.
    pub(super) first: String,
    /// The second demo customer: owned by the seller.
    pub(super) second: String,
    /// The third demo customer: owned by nobody.
    pub(super) unowned: String,
}

pub(super) async fn cast(app: &TestApp) -> Cast {
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
