//! Payments against service orders ("Caja/Cobranzas") and printing: the
//! payment methods catalog ("Crear, modificar y eliminar las distintas formas
//! de cobro"), advances and payments lowering the balance with gap-free
//! receipt numbers, bad amounts refused with nothing changed, search "por
//! número de cuenta o cliente", deletion by master only ("Si el usuario es
//! MASTER, puede eliminar cobranzas y retornar a la cuenta el monto"),
//! closing only at a zero balance ("Cerrar la orden … luego que se ha
//! reportado el cobro del total"), and the printouts — service ticket with
//! QR code, receipts ("ESTE SISTEMA NO EMITE DOCUMENTOS FISCALES") and the
//! final report — each only for those who may see the order.

use std::str::FromStr;

use reqwest::Response;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, SECOND_DEMO, UNOWNED_DEMO, customer_id};
use crate::helpers::*;
use crate::ws::Ws;

const NON_FISCAL: &str = "Documento no fiscal";

/// Paper in one language only: none of the English of the old bilingual
/// printouts ("Firma del cliente / Customer signature").
fn assert_spanish_only(html: &str) {
    for english in [
        "Customer signature",
        "Payment receipt",
        "Track your order",
        "Not a fiscal document",
        "VOID",
        "Timeline",
        "Totals",
        "Payments",
        "Parts<",
        " / ",
    ] {
        let text = html
            .replace("RIF / RUT / NIT", "")
            .replace("Referencia / cuenta", "");
        assert!(
            !text.contains(english),
            "English or a mixed label on paper: {english}"
        );
    }
}

// --- helpers -----------------------------------------------------------------

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// A decimal from a JSON money string.
fn dec(v: &Value) -> Decimal {
    Decimal::from_str(
        v.as_str()
            .unwrap_or_else(|| panic!("not a decimal string: {v}")),
    )
    .unwrap()
}

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

async fn delete(s: &Session, path: &str) -> Response {
    s.client
        .delete(format!("{}{path}", s.base))
        .send()
        .await
        .unwrap()
}

/// Deletes (reverses) a payment as master does: with a reason.
async fn reverse(s: &Session, path: &str, reason: &str) -> Response {
    s.client
        .delete(format!("{}{path}", s.base))
        .json(&json!({ "reason": reason }))
        .send()
        .await
        .unwrap()
}

struct Cast {
    master: Session,
    admin: Session,
    operator: Session,
    technician: Session,
    seller: Session,
    customer: Session,
    /// Owned by the seller; the portal contact's company.
    first: String,
    /// Owned by the seller; not the contact's company.
    second: String,
    /// Owned by nobody.
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

impl Cast {
    /// Every role but master, with its name.
    fn non_masters(&self) -> [(&'static str, &Session); 5] {
        [
            ("admin", &self.admin),
            ("operator", &self.operator),
            ("technician", &self.technician),
            ("seller", &self.seller),
            ("customer", &self.customer),
        ]
    }
}

/// Creates an order (as `s`) for `customer` worth `value`; returns it.
async fn new_order(s: &Session, customer: &str, value: &str, technicians: &[String]) -> Value {
    let r = s
        .post(
            "/api/v1/orders",
            json!({"customer_id": customer, "reason": "Mantenimiento de 500 horas",
                   "service_value": value, "technician_ids": technicians}),
        )
        .await;
    json_ok(r, 201).await
}

async fn add_part(
    s: &Session,
    order: &str,
    description: &str,
    qty: &str,
    price: &str,
    shown: bool,
) {
    let r = s
        .post(
            &format!("/api/v1/orders/{order}/parts"),
            json!({"description": description, "quantity": qty, "unit_price": price,
                   "warranty_days": 90, "shown_to_customer": shown}),
        )
        .await;
    json_ok(r, 201).await;
}

/// Every payment method (active or not), by name.
async fn methods(s: &Session) -> Vec<Value> {
    json_ok(
        s.get("/api/v1/payment-methods?include_inactive=true").await,
        200,
    )
    .await
    .as_array()
    .unwrap()
    .clone()
}

async fn method_id(s: &Session, name: &str) -> String {
    methods(s)
        .await
        .iter()
        .find(|m| m["name"] == name)
        .map(id_of)
        .unwrap_or_else(|| panic!("no payment method {name}"))
}

async fn pay_with(s: &Session, order: &str, body: Value) -> Response {
    s.post(&format!("/api/v1/orders/{order}/payments"), body)
        .await
}

/// Registers a payment; returns `{payment, balance}`.
async fn pay(s: &Session, order: &str, amount: &str, method: &str, reference: &str) -> Value {
    let r = pay_with(
        s,
        order,
        json!({"amount": amount, "method_id": method, "reference": reference}),
    )
    .await;
    json_ok(r, 201).await
}

async fn balance(s: &Session, order: &str) -> Value {
    json_ok(s.get(&format!("/api/v1/orders/{order}/balance")).await, 200).await
}

async fn order_payments(s: &Session, order: &str) -> Value {
    json_ok(
        s.get(&format!("/api/v1/orders/{order}/payments")).await,
        200,
    )
    .await
}

async fn close(s: &Session, order: &str, body: Value) -> Response {
    s.post(&format!("/api/v1/orders/{order}/close"), body).await
}

/// The HTML of a print view, after checking status, type and headers.
async fn html(r: Response) -> String {
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let csp = r
        .headers()
        .get("content-security-policy")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = r.text().await.unwrap();
    assert_eq!(status, 200, "print view: {body}");
    assert!(ct.starts_with("text/html"), "content-type {ct}");
    assert!(csp.contains("default-src 'none'"), "csp {csp}");
    assert!(body.starts_with("<!DOCTYPE html>"));
    body
}

/// Payments found by `query` (as `s`), newest first: their receipt numbers.
async fn search(s: &Session, query: &str) -> Vec<String> {
    let page = json_ok(s.get(&format!("/api/v1/payments?{query}")).await, 200).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["number"].as_str().unwrap().to_string())
        .collect()
}

/// The data of the next publication whose type is `kind` (skipping others).
// --- stories -----------------------------------------------------------------

async fn payment_methods_are_kept_by_the_office(app: TestApp) {
    let c = cast(&app).await;
    // The demo catalog, loaded once even when the demo is loaded again.
    app.load_demo().await;
    let names: Vec<String> = methods(&c.operator)
        .await
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["Efectivo", "Tarjeta", "Transferencia", "Zelle"]);
    assert!(
        methods(&c.operator)
            .await
            .iter()
            .all(|m| m["active"] == true && m["in_use"] == false)
    );

    // Only the office keeps the catalog.
    for (role, s) in [
        ("technician", &c.technician),
        ("seller", &c.seller),
        ("customer", &c.customer),
    ] {
        assert_problem(s.get("/api/v1/payment-methods").await, 403, "forbidden").await;
        let r = s
            .post("/api/v1/payment-methods", json!({"name": role}))
            .await;
        assert_problem(r, 403, "forbidden").await;
    }
    assert_problem(
        app.anonymous().get("/api/v1/payment-methods").await,
        401,
        "unauthenticated",
    )
    .await;

    // Create, refuse duplicates (ignoring case and spaces) and blank names.
    let r = c
        .admin
        .post("/api/v1/payment-methods", json!({"name": "  Cheque "}))
        .await;
    let cheque = json_ok(r, 201).await;
    assert_eq!(cheque["name"], "Cheque");
    assert_eq!(cheque["active"], true);
    let r = c
        .operator
        .post("/api/v1/payment-methods", json!({"name": "cheque"}))
        .await;
    assert_problem(r, 409, "method_name_taken").await;
    let r = c
        .operator
        .post("/api/v1/payment-methods", json!({"name": "   "}))
        .await;
    assert_problem(r, 422, "validation_failed").await;
    assert_eq!(methods(&c.admin).await.len(), 5);

    // Rename; a taken name is refused.
    let path = format!("/api/v1/payment-methods/{}", id_of(&cheque));
    let r = c
        .operator
        .put(&path, json!({"name": "Cheque de gerencia"}))
        .await;
    assert_eq!(json_ok(r, 200).await["name"], "Cheque de gerencia");
    let r = c.operator.put(&path, json!({"name": "ZELLE"})).await;
    assert_problem(r, 409, "method_name_taken").await;
    assert_problem(
        c.seller.put(&path, json!({"active": false})).await,
        403,
        "forbidden",
    )
    .await;

    // Deactivate: gone from the default list, kept in the full one.
    let r = c.admin.put(&path, json!({"active": false})).await;
    let inactive = json_ok(r, 200).await;
    assert_eq!(inactive["active"], false);
    assert_eq!(inactive["name"], "Cheque de gerencia");
    let active = json_ok(c.admin.get("/api/v1/payment-methods").await, 200).await;
    assert_eq!(active.as_array().unwrap().len(), 4);
    assert!(
        methods(&c.admin)
            .await
            .iter()
            .any(|m| m["name"] == "Cheque de gerencia")
    );

    // Delete while unused; then it is gone.
    assert_problem(delete(&c.technician, &path).await, 403, "forbidden").await;
    assert_eq!(delete(&c.operator, &path).await.status().as_u16(), 204);
    assert_problem(delete(&c.operator, &path).await, 404, "not_found").await;
    assert_eq!(methods(&c.admin).await.len(), 4);

    // A method a payment uses cannot be deleted, only deactivated.
    let order = new_order(&c.admin, &c.first, "100.00", &[]).await;
    let cash = method_id(&c.admin, "Efectivo").await;
    pay(&c.operator, &id_of(&order), "10.00", &cash, "").await;
    let cash_path = format!("/api/v1/payment-methods/{cash}");
    assert_problem(delete(&c.master, &cash_path).await, 409, "method_in_use").await;
    let listed = methods(&c.admin).await;
    let efectivo = listed.iter().find(|m| m["name"] == "Efectivo").unwrap();
    assert_eq!(efectivo["in_use"], true);
    let r = c.admin.put(&cash_path, json!({"active": false})).await;
    assert_eq!(json_ok(r, 200).await["active"], false);
    // The payment still shows its (now inactive) method.
    let payments = order_payments(&c.admin, &id_of(&order)).await;
    assert_eq!(payments["items"][0]["method_name"], "Efectivo");
}

async fn payments_lower_the_balance_and_get_receipt_numbers(app: TestApp) {
    let c = cast(&app).await;
    let tech = c.technician.user_id();
    let order = new_order(&c.admin, &c.first, "300.00", &[tech]).await;
    let id = id_of(&order);
    add_part(&c.admin, &id, "Filtro de aceite", "2", "25.50", true).await;
    add_part(&c.admin, &id, "Aceite 15W40 (litros)", "1.5", "8.33", false).await;

    // value + parts shown to the customer (each line rounded to cents:
    // 51.00; the hidden 12.50 is internal and not billed) − payments.
    let b = balance(&c.operator, &id).await;
    assert_eq!(dec(&b["service_value"]), d("300"));
    assert_eq!(dec(&b["parts_total"]), d("51.00"));
    assert_eq!(dec(&b["paid"]), d("0"));
    assert_eq!(dec(&b["balance"]), d("351.00"));

    let transfer = method_id(&c.admin, "Transferencia").await;
    let cash = method_id(&c.admin, "Efectivo").await;
    let today = chrono::Utc::now().date_naive() - chrono::TimeDelta::days(1);
    let r = pay_with(
        &c.operator,
        &id,
        json!({"amount": "100.00", "method_id": transfer, "reference": " 0102-0000-55 ",
               "paid_on": today.to_string()}),
    )
    .await;
    let first = json_ok(r, 201).await;
    let p = &first["payment"];
    assert_eq!(p["number"], "REC-000001");
    assert_eq!(p["order_id"], id.as_str());
    assert_eq!(p["order_number"], order["number"]);
    assert_eq!(p["customer_name"], FIRST_DEMO);
    assert_eq!(dec(&p["amount"]), d("100"));
    assert_eq!(p["method_name"], "Transferencia");
    assert_eq!(p["reference"], "0102-0000-55");
    assert_eq!(p["paid_on"], today.to_string());
    assert_eq!(p["registered_by"], c.operator.user_id().as_str());
    assert_eq!(p["registered_by_name"], "Olga Operadora");
    assert!(p["deleted_at"].is_null());
    assert_eq!(dec(&first["balance"]["paid"]), d("100"));
    assert_eq!(dec(&first["balance"]["balance"]), d("251.00"));

    // An advance in cash, without reference or date (today by default).
    let second = pay(&c.admin, &id, "51", &cash, "").await;
    assert_eq!(second["payment"]["number"], "REC-000002");
    assert!(second["payment"]["paid_on"].is_string());
    assert_eq!(dec(&second["balance"]["balance"]), d("200"));

    // Receipt numbers are per installation, not per order.
    let other = new_order(&c.admin, &c.unowned, "50.00", &[]).await;
    let third = pay(&c.master, &id_of(&other), "50", &cash, "").await;
    assert_eq!(third["payment"]["number"], "REC-000003");

    // The balance is the same wherever it is shown.
    let detail = json_ok(c.admin.get(&format!("/api/v1/orders/{id}")).await, 200).await;
    assert_eq!(dec(&detail["balance"]["balance"]), d("200"));
    let listed = order_payments(&c.customer, &id).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
    assert_eq!(listed["items"][0]["number"], "REC-000001");
    assert_eq!(dec(&listed["balance"]["balance"]), d("200"));
    // The assigned technician and the owner seller may look, not register.
    assert_eq!(
        order_payments(&c.technician, &id).await["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        order_payments(&c.seller, &id).await["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let one = json_ok(
        c.customer
            .get(&format!("/api/v1/payments/{}", id_of(p)))
            .await,
        200,
    )
    .await;
    assert_eq!(one["number"], "REC-000001");

    // Only the office registers payments.
    for s in [&c.technician, &c.seller, &c.customer] {
        let r = pay_with(s, &id, json!({"amount": "1.00", "method_id": cash})).await;
        assert_problem(r, 403, "forbidden").await;
    }
    let r = app
        .anonymous()
        .post(
            &format!("/api/v1/orders/{id}/payments"),
            json!({"amount": "1.00", "method_id": cash}),
        )
        .await;
    assert_problem(r, 401, "unauthenticated").await;
    let r = pay_with(
        &c.operator,
        &uuid::Uuid::now_v7().to_string(),
        json!({"amount": "1.00", "method_id": cash}),
    )
    .await;
    assert_problem(r, 404, "not_found").await;
    assert_eq!(dec(&balance(&c.admin, &id).await["balance"]), d("200"));
}

async fn bad_payments_are_refused_and_change_nothing(app: TestApp) {
    let c = cast(&app).await;
    let order = new_order(&c.admin, &c.first, "100.00", &[]).await;
    let id = id_of(&order);
    let cash = method_id(&c.admin, "Efectivo").await;
    let inactive = json_ok(
        c.admin
            .post("/api/v1/payment-methods", json!({"name": "Trueque"}))
            .await,
        201,
    )
    .await;
    c.admin
        .put(
            &format!("/api/v1/payment-methods/{}", id_of(&inactive)),
            json!({"active": false}),
        )
        .await;
    let future = (chrono::Utc::now().date_naive() + chrono::TimeDelta::days(3)).to_string();
    let unknown = uuid::Uuid::now_v7().to_string();

    let cases = [
        (
            json!({"amount": "-5.00", "method_id": cash}),
            422,
            "invalid_money",
            Some("amount"),
        ),
        (
            json!({"amount": "10.555", "method_id": cash}),
            422,
            "invalid_money",
            Some("amount"),
        ),
        (
            json!({"amount": "0", "method_id": cash}),
            422,
            "invalid_money",
            Some("amount"),
        ),
        (
            json!({"amount": "0.00", "method_id": cash}),
            422,
            "invalid_money",
            Some("amount"),
        ),
        // Money is a string, never a JSON number (no binary floating point).
        (
            json!({"amount": 10.5, "method_id": cash}),
            422,
            "validation_failed",
            None,
        ),
        (
            json!({"amount": "diez", "method_id": cash}),
            422,
            "validation_failed",
            None,
        ),
        (
            json!({"amount": "10.00", "method_id": unknown}),
            422,
            "validation_failed",
            Some("method_id"),
        ),
        (
            json!({"amount": "10.00", "method_id": id_of(&inactive)}),
            422,
            "validation_failed",
            Some("method_id"),
        ),
        (json!({"amount": "10.00"}), 422, "validation_failed", None),
        (
            json!({"amount": "100.01", "method_id": cash}),
            422,
            "amount_exceeds_balance",
            Some("amount"),
        ),
        (
            json!({"amount": "10.00", "method_id": cash, "paid_on": future}),
            422,
            "validation_failed",
            Some("paid_on"),
        ),
        (
            json!({"amount": "10.00", "method_id": cash, "reference": "9".repeat(101)}),
            422,
            "validation_failed",
            Some("reference"),
        ),
    ];
    for (body, status, code, field) in cases {
        let problem =
            assert_problem(pay_with(&c.operator, &id, body.clone()).await, status, code).await;
        if let Some(field) = field {
            assert_eq!(problem["field"], field, "{body}");
        }
    }

    // In a currency without cents, cents are too many decimals.
    let settings = json_ok(c.master.get("/api/v1/settings/company").await, 200).await;
    let mut clp = settings.clone();
    clp["currency"] = json!("CLP");
    json_ok(c.master.put("/api/v1/settings/company", clp).await, 200).await;
    let r = pay_with(
        &c.operator,
        &id,
        json!({"amount": "5.50", "method_id": cash}),
    )
    .await;
    assert_problem(r, 422, "invalid_money").await;
    json_ok(
        c.master.put("/api/v1/settings/company", settings).await,
        200,
    )
    .await;

    // Nothing changed: no payment, the same balance, no receipt number used.
    let listed = order_payments(&c.admin, &id).await;
    assert!(listed["items"].as_array().unwrap().is_empty());
    assert_eq!(dec(&listed["balance"]["balance"]), d("100"));
    assert_eq!(dec(&listed["balance"]["paid"]), d("0"));
    assert!(search(&c.admin, "include_deleted=true").await.is_empty());
    let ok = pay(&c.operator, &id, "100.00", &cash, "").await;
    assert_eq!(ok["payment"]["number"], "REC-000001");
    assert_eq!(dec(&ok["balance"]["balance"]), d("0"));
    // Fully paid: even a cent more is refused.
    let r = pay_with(
        &c.operator,
        &id,
        json!({"amount": "0.01", "method_id": cash}),
    )
    .await;
    assert_problem(r, 422, "amount_exceeds_balance").await;
}

async fn only_master_deletes_a_payment(app: TestApp) {
    let c = cast(&app).await;
    let order = new_order(&c.admin, &c.first, "200.00", &[c.technician.user_id()]).await;
    let id = id_of(&order);
    let zelle = method_id(&c.admin, "Zelle").await;
    let paid = pay(&c.operator, &id, "150.00", &zelle, "ZL-4471").await;
    let payment = id_of(&paid["payment"]);
    let path = format!("/api/v1/payments/{payment}");

    // Every other role is refused, and the balance does not move.
    for (role, s) in c.non_masters() {
        let problem = assert_problem(reverse(s, &path, "duplicado").await, 403, "forbidden").await;
        assert!(problem["detail"].is_string(), "{role}");
        assert_eq!(
            dec(&balance(&c.admin, &id).await["balance"]),
            d("50"),
            "after {role}"
        );
    }
    assert_problem(
        reverse(&app.anonymous(), &path, "duplicado").await,
        401,
        "unauthenticated",
    )
    .await;
    // Master too needs a reason: none, blank or too long is refused and
    // nothing changes.
    for r in [
        delete(&c.master, &path).await,
        reverse(&c.master, &path, "   ").await,
        reverse(&c.master, &path, &"x".repeat(501)).await,
    ] {
        let problem = assert_problem(r, 422, "validation_failed").await;
        assert_eq!(problem["field"], "reason");
    }
    let still = json_ok(c.admin.get(&path).await, 200).await;
    assert!(still["deleted_at"].is_null());
    assert_eq!(dec(&balance(&c.admin, &id).await["balance"]), d("50"));

    // Master deletes: the amount returns to the balance.
    let r = reverse(&c.master, &path, "  Pago duplicado: el banco lo reversó ").await;
    let deleted = json_ok(r, 200).await;
    assert!(deleted["payment"]["deleted_at"].is_string());
    assert_eq!(
        deleted["payment"]["deleted_by"],
        c.master.user_id().as_str()
    );
    assert_eq!(deleted["payment"]["deleted_by_name"], "Usuario Maestro");
    assert_eq!(
        deleted["payment"]["delete_reason"],
        "Pago duplicado: el banco lo reversó"
    );
    assert_eq!(dec(&deleted["balance"]["balance"]), d("200"));
    assert_eq!(dec(&deleted["balance"]["paid"]), d("0"));
    assert_eq!(dec(&balance(&c.customer, &id).await["balance"]), d("200"));

    // Audit-logged, with what was deleted.
    let log = json_ok(
        c.master.get("/api/v1/audit?action=payment_deleted").await,
        200,
    )
    .await;
    let entries = log.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{log}");
    let entry = &entries[0];
    assert_eq!(entry["actor_id"], c.master.user_id().as_str());
    assert_eq!(entry["subject_type"], "payment");
    assert_eq!(entry["subject_id"], payment.as_str());
    let detail = entry["detail"].as_str().unwrap();
    for part in [
        "REC-000001",
        order["number"].as_str().unwrap(),
        "150.00",
        "Zelle",
        "ZL-4471",
        "reason: Pago duplicado: el banco lo reversó",
    ] {
        assert!(detail.contains(part), "{detail} lacks {part}");
    }

    // Deleting twice is refused; the row stays for staff, marked.
    assert_problem(reverse(&c.master, &path, "otra vez").await, 409, "conflict").await;
    let staff = order_payments(&c.admin, &id).await;
    assert_eq!(staff["items"].as_array().unwrap().len(), 1);
    assert!(staff["items"][0]["deleted_at"].is_string());
    let customer = order_payments(&c.customer, &id).await;
    assert!(customer["items"].as_array().unwrap().is_empty());
    assert!(search(&c.admin, "q=ZL-4471").await.is_empty());
    assert_eq!(
        search(&c.admin, "q=ZL-4471&include_deleted=true").await,
        ["REC-000001"]
    );
    // Its receipt says it is void; the customer no longer gets it.
    let receipt = html(c.admin.get(&format!("{path}/receipt")).await).await;
    assert!(receipt.contains(">ANULADO<"));
    // Who voided it and why, on the receipt itself.
    assert!(receipt.contains("Anulado por</dt><dd>Usuario Maestro"));
    assert!(receipt.contains("Motivo de la anulación</dt><dd>Pago duplicado: el banco lo reversó"));
    assert_spanish_only(&receipt);
    assert_problem(
        c.customer.get(&format!("{path}/receipt")).await,
        404,
        "not_found",
    )
    .await;
    // The method stays in use (the deleted payment still refers to it).
    assert_problem(
        delete(&c.admin, &format!("/api/v1/payment-methods/{zelle}")).await,
        409,
        "method_in_use",
    )
    .await;
}

async fn payments_are_searched_by_reference_or_customer(app: TestApp) {
    let c = cast(&app).await;
    let transfer = method_id(&c.admin, "Transferencia").await;
    let first = id_of(&new_order(&c.admin, &c.first, "500.00", &[]).await);
    let unowned = new_order(&c.admin, &c.unowned, "500.00", &[]).await;
    pay(&c.operator, &first, "10.00", &transfer, "TRF-1001").await;
    pay(&c.operator, &first, "20.00", &transfer, "TRF-1002").await;
    pay(
        &c.operator,
        &id_of(&unowned),
        "30.00",
        &transfer,
        "0134-9988-77",
    )
    .await;

    assert_eq!(
        search(&c.operator, "").await,
        ["REC-000003", "REC-000002", "REC-000001"]
    );
    assert_eq!(
        search(&c.admin, "q=trf").await,
        ["REC-000002", "REC-000001"]
    );
    assert_eq!(search(&c.admin, "q=9988").await, ["REC-000003"]);
    assert_eq!(search(&c.admin, "q=orinoco").await, ["REC-000003"]);
    assert_eq!(search(&c.admin, "q=rec-000002").await, ["REC-000002"]);
    let number = unowned["number"].as_str().unwrap();
    assert_eq!(
        search(&c.admin, &format!("q={number}")).await,
        ["REC-000003"]
    );
    assert_eq!(
        search(&c.admin, &format!("customer_id={}", c.first)).await,
        ["REC-000002", "REC-000001"]
    );
    assert_eq!(
        search(&c.admin, &format!("customer_id={}&q=1002", c.first)).await,
        ["REC-000002"]
    );
    // Search terms are literal.
    assert!(search(&c.admin, "q=%25").await.is_empty());
    assert!(search(&c.admin, "q=_").await.is_empty());

    // Pages follow each other without repeats.
    let mut seen = Vec::new();
    let mut query = "limit=1".to_string();
    loop {
        let page = json_ok(c.admin.get(&format!("/api/v1/payments?{query}")).await, 200).await;
        let items = page["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        seen.push(items[0]["number"].as_str().unwrap().to_string());
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("limit=1&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, ["REC-000003", "REC-000002", "REC-000001"]);
    assert_problem(
        c.admin.get("/api/v1/payments?cursor=nonsense").await,
        422,
        "invalid_cursor",
    )
    .await;

    // Searching across orders is for the office.
    for s in [&c.technician, &c.seller, &c.customer] {
        assert_problem(s.get("/api/v1/payments").await, 403, "forbidden").await;
    }
}

/// The cash desk ("Caja / Cobranzas"): a date range on the day the money
/// was received, a payment method, and totals per method of the WHOLE search
/// (every page), reversed payments never counting.
async fn the_cash_desk_totals_a_search_per_method(app: TestApp) {
    let c = cast(&app).await;
    let cash = method_id(&c.admin, "Efectivo").await;
    let zelle = method_id(&c.admin, "Zelle").await;
    let first = id_of(&new_order(&c.admin, &c.first, "5000.00", &[]).await);
    let other = id_of(&new_order(&c.admin, &c.unowned, "5000.00", &[]).await);
    for (order, amount, method, day, reference) in [
        (&first, "100.10", &cash, "2026-11-02", "C-1"),
        (&first, "200.20", &zelle, "2026-11-15", "Z-1"),
        (&other, "300.30", &zelle, "2026-11-30", "Z-2"),
        (&other, "400.40", &cash, "2026-12-01", "C-2"),
    ] {
        json_ok(
            pay_with(
                &c.operator,
                order,
                json!({"amount": amount, "method_id": method, "paid_on": day, "reference": reference}),
            )
            .await,
            201,
        )
        .await;
    }
    let totals = |page: &Value| -> Vec<(String, i64, Decimal)> {
        page["totals"]["by_method"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["method_name"].as_str().unwrap().to_string(),
                    m["count"].as_i64().unwrap(),
                    dec(&m["total"]),
                )
            })
            .collect()
    };
    let admin = &c.admin;
    let get = |q: &str| {
        let path = format!("/api/v1/payments?{q}");
        async move { admin.get(&path).await }
    };

    // November only (both ends included), one row per page: the totals
    // still add up the whole month, on the first page.
    let page = json_ok(get("from=2026-11-02&to=2026-11-30&limit=1").await, 200).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        totals(&page),
        [
            ("Efectivo".to_string(), 1, d("100.10")),
            ("Zelle".to_string(), 2, d("500.50")),
        ]
    );
    assert_eq!(page["totals"]["count"], 3);
    assert_eq!(dec(&page["totals"]["total"]), d("600.60"));
    assert_eq!(page["totals"]["total"], "600.60");
    let next = page["next_cursor"].as_str().unwrap();
    let second = json_ok(
        get(&format!(
            "from=2026-11-02&to=2026-11-30&limit=1&cursor={next}"
        ))
        .await,
        200,
    )
    .await;
    assert!(second["totals"].is_null());
    assert_eq!(
        search(&c.admin, "from=2026-11-02&to=2026-11-30").await,
        ["REC-000003", "REC-000002", "REC-000001"]
    );
    assert_eq!(search(&c.admin, "from=2026-12-01").await, ["REC-000004"]);
    assert_eq!(search(&c.admin, "to=2026-11-02").await, ["REC-000001"]);
    // One method; combined with the search box (account number, customer).
    assert_eq!(
        search(&c.admin, &format!("method_id={zelle}")).await,
        ["REC-000003", "REC-000002"]
    );
    assert_eq!(
        search(&c.admin, &format!("method_id={zelle}&q=z-2")).await,
        ["REC-000003"]
    );
    let page = json_ok(get("q=orinoco").await, 200).await;
    assert_eq!(
        totals(&page),
        [
            ("Efectivo".to_string(), 1, d("400.40")),
            ("Zelle".to_string(), 1, d("300.30")),
        ]
    );

    // A reversed payment is listed on request but never counts.
    let listed = json_ok(get("q=Z-1").await, 200).await;
    let z1 = id_of(&listed["items"][0]);
    json_ok(
        reverse(&c.master, &format!("/api/v1/payments/{z1}"), "rebotado").await,
        200,
    )
    .await;
    let page = json_ok(
        get("from=2026-11-01&to=2026-11-30&include_deleted=true").await,
        200,
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    assert_eq!(dec(&page["totals"]["total"]), d("400.40"));
    assert_eq!(page["totals"]["count"], 2);
    let reversed = &page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["number"] == "REC-000002")
        .unwrap()
        .clone();
    assert_eq!(reversed["delete_reason"], "rebotado");

    // Bad ranges and days are refused, never a 500.
    let problem = assert_problem(
        get("from=2026-12-01&to=2026-11-01").await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["field"], "to");
    assert_eq!(get("from=1-de-noviembre").await.status().as_u16(), 400);
    for s in [&c.technician, &c.seller, &c.customer] {
        assert_problem(
            s.get("/api/v1/payments?from=2026-11-01").await,
            403,
            "forbidden",
        )
        .await;
    }
}

async fn an_order_closes_only_when_fully_paid(app: TestApp) {
    let c = cast(&app).await;
    let order = new_order(&c.admin, &c.first, "120.00", &[]).await;
    let id = id_of(&order);
    let token = order["qr_token"].as_str().unwrap().to_string();
    add_part(&c.admin, &id, "Correa del alternador", "1", "30.00", true).await;
    let cash = method_id(&c.admin, "Efectivo").await;

    // The customer watches the order's room; a QR holder its public page.
    let mut customer_ws = Ws::connect_as(&app, &c.customer).await;
    let reply = customer_ws
        .command(json!({"subscribe": {"channel": format!("order:{id}")}}))
        .await;
    assert!(reply.get("subscribe").is_some(), "{reply}");
    let mut qr_ws = Ws::connect_anonymous(&app).await;
    let reply = qr_ws
        .command(json!({"subscribe": {"channel": format!("public:order:{token}")}}))
        .await;
    assert!(reply.get("subscribe").is_some(), "{reply}");

    // Not while anything is owed; nothing changes.
    let problem = assert_problem(
        close(&c.operator, &id, json!({})).await,
        409,
        "balance_not_zero",
    )
    .await;
    assert!(
        problem["detail"].as_str().unwrap().contains("150"),
        "{problem}"
    );
    for s in [&c.technician, &c.seller, &c.customer] {
        assert_problem(close(s, &id, json!({})).await, 403, "forbidden").await;
    }
    pay(&c.operator, &id, "100.00", &cash, "").await;
    // A payment reaches the room (with the balance) and the QR page (balance only).
    let registered = customer_ws.next_of_type("payment.registered").await;
    assert_eq!(dec(&registered["balance"]["balance"]), d("50"));
    let public = qr_ws.next_of_type("order.balance_changed").await;
    assert_eq!(dec(&public["balance"]["balance"]), d("50"));
    assert!(public.get("payment").is_none(), "{public}");
    assert_problem(
        close(&c.admin, &id, json!({})).await,
        409,
        "balance_not_zero",
    )
    .await;
    let detail = json_ok(c.admin.get(&format!("/api/v1/orders/{id}")).await, 200).await;
    assert!(detail["closed_at"].is_null());
    assert_eq!(detail["state"], "open");
    assert!(
        !detail["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["label"] == "Orden cerrada")
    );

    // Fully paid: it closes, with a comment for the customer.
    pay(&c.operator, &id, "50.00", &cash, "").await;
    let r = close(
        &c.operator,
        &id,
        json!({"comment": "Equipo entregado al cliente"}),
    )
    .await;
    let closed = json_ok(r, 200).await;
    assert_eq!(closed["order_id"], id.as_str());
    assert!(closed["closed_at"].is_string());
    assert_eq!(dec(&closed["balance"]["balance"]), d("0"));
    assert_eq!(closed["event"]["label"], "Orden cerrada");
    assert_eq!(closed["event"]["visibility"], "public");
    assert_eq!(closed["event"]["comment"], "Equipo entregado al cliente");

    // Customers see the closing: live, on the timeline and on the QR page.
    let live = customer_ws.next_of_type("order.closed").await;
    assert_eq!(live["order_id"], id.as_str());
    assert_eq!(live["event"]["label"], "Orden cerrada");
    let live = qr_ws.next_of_type("order.closed").await;
    assert_eq!(live["event"]["comment"], "Equipo entregado al cliente");
    assert!(live["event"].get("author_id").is_none(), "{live}");
    let mine = json_ok(c.customer.get(&format!("/api/v1/orders/{id}")).await, 200).await;
    assert_eq!(mine["state"], "closed");
    let last = mine["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["label"], "Orden cerrada");
    assert_eq!(last["comment"], "Equipo entregado al cliente");
    let public = json_ok(
        app.anonymous()
            .get(&format!("/api/v1/public/orders/{token}"))
            .await,
        200,
    )
    .await;
    assert_eq!(public["state"], "closed");
    assert!(
        public["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["label"] == "Orden cerrada")
    );

    // Closed is final: no second closing, no payments, no deletions.
    assert_problem(
        close(&c.operator, &id, json!({})).await,
        409,
        "order_closed",
    )
    .await;
    let r = pay_with(
        &c.operator,
        &id,
        json!({"amount": "1.00", "method_id": cash}),
    )
    .await;
    assert_problem(r, 409, "order_closed").await;
    let payments = order_payments(&c.admin, &id).await;
    let first_payment = id_of(&payments["items"][0]);
    assert_problem(
        reverse(
            &c.master,
            &format!("/api/v1/payments/{first_payment}"),
            "error",
        )
        .await,
        409,
        "order_closed",
    )
    .await;
    assert_eq!(dec(&balance(&c.admin, &id).await["balance"]), d("0"));

    // The final report says so.
    let report = html(c.admin.get(&format!("/api/v1/orders/{id}/report")).await).await;
    assert!(report.contains("Reporte final"));
    assert!(report.contains("Orden cerrada"));

    // An order worth nothing closes at once; a deactivated one does not.
    let free = id_of(&new_order(&c.admin, &c.first, "0", &[]).await);
    json_ok(close(&c.admin, &free, json!({})).await, 200).await;
    let dead = id_of(&new_order(&c.admin, &c.first, "0", &[]).await);
    json_ok(
        c.admin
            .put(
                &format!("/api/v1/orders/{dead}/active"),
                json!({"active": false}),
            )
            .await,
        200,
    )
    .await;
    assert_problem(
        close(&c.admin, &dead, json!({})).await,
        409,
        "order_inactive",
    )
    .await;
    let worth = id_of(&new_order(&c.admin, &c.first, "10", &[]).await);
    json_ok(
        c.admin
            .put(
                &format!("/api/v1/orders/{worth}/active"),
                json!({"active": false}),
            )
            .await,
        200,
    )
    .await;
    let r = pay_with(
        &c.operator,
        &worth,
        json!({"amount": "1.00", "method_id": cash}),
    )
    .await;
    assert_problem(r, 409, "order_inactive").await;
    // A malformed body is refused.
    let r = c
        .admin
        .post_raw(
            &format!("/api/v1/orders/{worth}/close"),
            "application/json",
            "{nope",
        )
        .await;
    assert_problem(r, 400, "malformed_json").await;
}

async fn printouts_carry_company_data_the_qr_code_and_the_non_fiscal_line(app: TestApp) {
    let c = cast(&app).await;
    let settings = json_ok(c.master.get("/api/v1/settings/company").await, 200).await;
    let mut company = settings.clone();
    company["company_name"] = json!("Talleres <Andes> & Cía");
    company["address"] = json!("Av. Principal 123, Valencia");
    company["phone"] = json!("+58 241 555 0199");
    company["email"] = json!("taller@andes.example");
    company["terms"] = json!(
        "1. El cliente autoriza la revisión.\n2. Equipos no retirados en 30 días pagan estacionamiento."
    );
    json_ok(c.master.put("/api/v1/settings/company", company).await, 200).await;
    let r = c
        .master
        .upload("/api/v1/settings/logo", "logo.png", png_bytes(40, 20))
        .await;
    json_ok(r, 200).await;

    let tech = c.technician.user_id();
    let r = c
        .operator
        .post(
            "/api/v1/orders",
            json!({"customer_id": c.first, "reason": "Ruido <script>alert(1)</script> en el motor",
                   "service_value": "1500.50", "technician_ids": [tech]}),
        )
        .await;
    let order = json_ok(r, 201).await;
    let id = id_of(&order);
    let number = order["number"].as_str().unwrap().to_string();
    let token = order["qr_token"].as_str().unwrap().to_string();

    // The service ticket, on a thermal roll and on A4.
    let ticket = html(
        c.operator
            .get(&format!("/api/v1/orders/{id}/ticket?format=80mm"))
            .await,
    )
    .await;
    for expected in [
        "size: 80mm",
        "Talleres &lt;Andes&gt; &amp; Cía",
        "Av. Principal 123, Valencia",
        "+58 241 555 0199",
        "src=\"/api/v1/settings/logo\"",
        &number,
        FIRST_DEMO,
        "Ruido &lt;script&gt;alert(1)&lt;/script&gt; en el motor",
        // Money as the screens write it ("1500,50 US$"), not "USD 1500.50".
        "1500,50\u{a0}US$",
        "Tomás Técnico",
        "1. El cliente autoriza la revisión.",
        "pagan estacionamiento",
        "Firma del cliente",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"",
        &format!("/o/{token}\""),
        NON_FISCAL,
    ] {
        assert!(ticket.contains(expected), "ticket lacks {expected}");
    }
    assert!(!ticket.contains("USD 1500.50"));
    assert_spanish_only(&ticket);
    assert!(ticket.contains("<html lang=\"es\">"));
    assert!(!ticket.contains("<script>"));
    assert!(!ticket.contains("<Andes>"));
    assert!(!ticket.contains("<?xml"));
    let a4 = html(
        c.operator
            .get(&format!("/api/v1/orders/{id}/ticket?format=a4"))
            .await,
    )
    .await;
    assert!(a4.contains("size: A4"));
    assert!(a4.contains("<svg"));
    let default = html(c.operator.get(&format!("/api/v1/orders/{id}/ticket")).await).await;
    assert!(default.contains("size: A4"));
    assert_problem(
        c.operator
            .get(&format!("/api/v1/orders/{id}/ticket?format=letter"))
            .await,
        400,
        "malformed_request",
    )
    .await;

    // A receipt per payment.
    let transfer = method_id(&c.admin, "Transferencia").await;
    let paid = pay(&c.operator, &id, "500.00", &transfer, "REF-<42>").await;
    let payment = id_of(&paid["payment"]);
    let receipt = html(
        c.customer
            .get(&format!("/api/v1/payments/{payment}/receipt"))
            .await,
    )
    .await;
    for expected in [
        "size: 80mm",
        "Talleres &lt;Andes&gt; &amp; Cía",
        "REC-000001",
        &number,
        FIRST_DEMO,
        "500,00\u{a0}US$",
        "Transferencia",
        "REF-&lt;42&gt;",
        "Olga Operadora",
        "1000,50\u{a0}US$",
        NON_FISCAL,
    ] {
        assert!(receipt.contains(expected), "receipt lacks {expected}");
    }
    assert!(!receipt.contains("ANULADO"));
    assert_spanish_only(&receipt);
    let receipt_a4 = html(
        c.admin
            .get(&format!("/api/v1/payments/{payment}/receipt?format=a4"))
            .await,
    )
    .await;
    assert!(receipt_a4.contains("size: A4"));

    // The report: staff see everything, the customer only what is theirs.
    let internal = c
        .admin
        .post(
            &format!("/api/v1/orders/{id}/events"),
            json!({"visibility": "internal", "comment": "Cliente discute la factura anterior"}),
        )
        .await;
    json_ok(internal, 201).await;
    let public = c
        .admin
        .post(
            &format!("/api/v1/orders/{id}/events"),
            json!({"visibility": "public", "comment": "Diagnóstico listo"}),
        )
        .await;
    json_ok(public, 201).await;
    add_part(
        &c.admin,
        &id,
        "Inyector reacondicionado",
        "2",
        "100.25",
        true,
    )
    .await;
    add_part(&c.admin, &id, "Kit interno de sellos", "1", "9.99", false).await;
    let staff = html(c.admin.get(&format!("/api/v1/orders/{id}/report")).await).await;
    for expected in [
        "Reporte de la orden (en curso)",
        &number,
        "Cliente discute la factura anterior",
        "(interno)",
        "Diagnóstico listo",
        "Inyector reacondicionado",
        "200,50\u{a0}US$",
        "Kit interno de sellos",
        // A hidden part is internal: listed for staff, marked, not billed.
        "(interno, no se cobra)",
        "REC-000001",
        "1701,00\u{a0}US$",
        "1201,00\u{a0}US$",
        NON_FISCAL,
    ] {
        assert!(staff.contains(expected), "staff report lacks {expected}");
    }
    assert_spanish_only(&staff);
    let theirs = html(c.customer.get(&format!("/api/v1/orders/{id}/report")).await).await;
    for expected in [
        "Diagnóstico listo",
        "Inyector reacondicionado",
        "REC-000001",
        NON_FISCAL,
    ] {
        assert!(
            theirs.contains(expected),
            "customer report lacks {expected}"
        );
    }
    for hidden in [
        "Cliente discute la factura anterior",
        "(interno)",
        "Kit interno de sellos",
    ] {
        assert!(!theirs.contains(hidden), "customer report shows {hidden}");
    }
}

async fn printouts_are_only_for_those_who_may_see_the_order(app: TestApp) {
    let c = cast(&app).await;
    let cash = method_id(&c.admin, "Efectivo").await;
    let tech = c.technician.user_id();
    let mine = id_of(&new_order(&c.admin, &c.first, "100.00", &[tech]).await);
    let seconds = id_of(&new_order(&c.admin, &c.second, "100.00", &[]).await);
    let unowned = id_of(&new_order(&c.admin, &c.unowned, "100.00", &[]).await);
    let my_payment = id_of(&pay(&c.operator, &mine, "10.00", &cash, "").await["payment"]);
    let second_payment = id_of(&pay(&c.operator, &seconds, "10.00", &cash, "").await["payment"]);
    let unowned_payment = id_of(&pay(&c.operator, &unowned, "10.00", &cash, "").await["payment"]);

    let ticket = |o: &str| format!("/api/v1/orders/{o}/ticket");
    let report = |o: &str| format!("/api/v1/orders/{o}/report");
    let receipt = |p: &str| format!("/api/v1/payments/{p}/receipt");
    let payments = |o: &str| format!("/api/v1/orders/{o}/payments");

    // A customer contact: their own company's only.
    for path in [
        ticket(&mine),
        report(&mine),
        receipt(&my_payment),
        payments(&mine),
    ] {
        assert_eq!(c.customer.get(&path).await.status().as_u16(), 200, "{path}");
    }
    for path in [
        ticket(&seconds),
        report(&seconds),
        receipt(&second_payment),
        payments(&seconds),
        format!("/api/v1/payments/{second_payment}"),
        format!("/api/v1/orders/{seconds}/balance"),
    ] {
        assert_problem(c.customer.get(&path).await, 404, "not_found").await;
    }

    // A seller: their own customers' orders only.
    for path in [ticket(&seconds), receipt(&second_payment), report(&mine)] {
        assert_eq!(c.seller.get(&path).await.status().as_u16(), 200, "{path}");
    }
    for path in [
        ticket(&unowned),
        report(&unowned),
        receipt(&unowned_payment),
        payments(&unowned),
    ] {
        assert_problem(c.seller.get(&path).await, 404, "not_found").await;
    }

    // A technician: assigned orders only.
    assert_eq!(
        c.technician.get(&ticket(&mine)).await.status().as_u16(),
        200
    );
    for path in [ticket(&seconds), receipt(&unowned_payment)] {
        assert_problem(c.technician.get(&path).await, 404, "not_found").await;
    }

    // The office: everything; anonymous: nothing.
    for path in [
        ticket(&unowned),
        report(&seconds),
        receipt(&unowned_payment),
    ] {
        assert_eq!(c.operator.get(&path).await.status().as_u16(), 200, "{path}");
    }
    for path in [ticket(&mine), receipt(&my_payment), report(&mine)] {
        assert_problem(app.anonymous().get(&path).await, 401, "unauthenticated").await;
    }
    let nobody = uuid::Uuid::now_v7().to_string();
    assert_problem(c.admin.get(&ticket(&nobody)).await, 404, "not_found").await;
    assert_problem(c.admin.get(&receipt(&nobody)).await, 404, "not_found").await;
}

both_backends!(
    payment_methods_are_kept_by_the_office,
    payments_lower_the_balance_and_get_receipt_numbers,
    bad_payments_are_refused_and_change_nothing,
    only_master_deletes_a_payment,
    payments_are_searched_by_reference_or_customer,
    the_cash_desk_totals_a_search_per_method,
    an_order_closes_only_when_fully_paid,
    printouts_carry_company_data_the_qr_code_and_the_non_fiscal_line,
    printouts_are_only_for_those_who_may_see_the_order,
);
