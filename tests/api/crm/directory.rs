//! The directory's advanced search on both backends: category, owner, city,
//! active, open orders and account balance together, with cursor
//! pagination, within the caller's scope; the export honours the same
//! filters; refusals for technician and customer; bad filters are typed
//! problems.

use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::str::FromStr;

use crate::helpers::*;

async fn new_customer(
    admin: &Session,
    name: &str,
    tax_id: &str,
    city: &str,
    owner: Option<&str>,
) -> String {
    let c = json_ok(
        admin
            .post(
                "/api/v1/customers",
                json!({"name": name, "tax_id": tax_id, "category": "filtro", "city": city,
                       "owner_id": owner}),
            )
            .await,
        201,
    )
    .await;
    assert_eq!(c["city"], city);
    c["id"].as_str().unwrap().to_string()
}

async fn method(admin: &Session) -> String {
    let methods = json_ok(admin.get("/api/v1/payment-methods").await, 200).await;
    methods[0]["id"].as_str().unwrap().to_string()
}

/// An open order of `customer` worth 1000 with an advance paid.
async fn order_with_advance(admin: &Session, customer: &str, advance: &str) -> String {
    let order = json_ok(
        admin
            .post(
                "/api/v1/orders",
                json!({"customer_id": customer, "reason": "Mantenimiento",
                       "service_value": "1000", "technician_ids": []}),
            )
            .await,
        201,
    )
    .await;
    let id = order["id"].as_str().unwrap().to_string();
    let method = method(admin).await;
    json_ok(
        admin
            .post(
                &format!("/api/v1/orders/{id}/payments"),
                json!({"amount": advance, "method_id": method, "reference": "adelanto"}),
            )
            .await,
        201,
    )
    .await;
    id
}

/// Issues a draft invoice; its total.
async fn issue(admin: &Session, draft: &Value) -> Decimal {
    let id = draft["invoice"]["id"].as_str().unwrap();
    let issued = json_ok(
        admin
            .post(&format!("/api/v1/invoices/{id}/issue"), json!({}))
            .await,
        200,
    )
    .await;
    Decimal::from_str(issued["invoice"]["total"].as_str().unwrap()).unwrap()
}

async fn names(s: &Session, query: &str) -> Vec<String> {
    let page = json_ok(
        s.get(&format!("/api/v1/customers?{query}&limit=200")).await,
        200,
    )
    .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

const ALFA: &str = "Filtro Alfa";
const BETA: &str = "Filtro Beta";
const GAMMA: &str = "Filtro Gamma";

/// Alfa (Mérida, the seller's): an open order of 1000 with 300 paid in
/// advance, invoiced: owes the invoice's total − 300. Beta (MÉRIDA, no
/// owner): a hand invoice, no order: owes its total. Gamma (Caracas, the
/// seller's): an open order with 50 paid in advance and no invoice: the
/// company owes them 50.
async fn advanced_search_combines_filters_in_scope(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let me = seller.user_id();
    let alfa = new_customer(
        &admin,
        ALFA,
        &crate::customers::rif(61_000_001),
        "Mérida",
        Some(&me),
    )
    .await;
    let beta = new_customer(
        &admin,
        BETA,
        &crate::customers::rif(61_000_002),
        "MÉRIDA",
        None,
    )
    .await;
    let gamma = new_customer(
        &admin,
        GAMMA,
        &crate::customers::rif(61_000_003),
        "Caracas",
        Some(&me),
    )
    .await;

    let order = order_with_advance(&admin, &alfa, "300").await;
    let draft = json_ok(
        admin
            .post(&format!("/api/v1/orders/{order}/invoice"), json!({}))
            .await,
        201,
    )
    .await;
    let alfa_total = issue(&admin, &draft).await;
    let draft = json_ok(
        admin
            .post(
                "/api/v1/invoices",
                json!({"customer_id": beta, "lines": [
                    {"kind": "service", "description": "Diagnóstico", "quantity": "1",
                     "unit_price": "100"}]}),
            )
            .await,
        201,
    )
    .await;
    let beta_total = issue(&admin, &draft).await;
    order_with_advance(&admin, &gamma, "50").await;
    let alfa_owes = alfa_total - Decimal::from(300);
    assert!(alfa_owes > beta_total, "{alfa_owes} {beta_total}");

    // One filter at a time.
    assert_eq!(names(&admin, "category=filtro").await, [ALFA, BETA, GAMMA]);
    assert_eq!(
        names(&admin, "category=filtro&city=m%C3%A9rida").await,
        [ALFA, BETA],
        "the city matches whole, whatever the case"
    );
    assert!(
        names(&admin, "category=filtro&city=M%C3%A9r")
            .await
            .is_empty()
    );
    assert_eq!(
        names(&admin, "category=filtro&has_open_orders=true").await,
        [ALFA, GAMMA]
    );
    assert_eq!(
        names(&admin, "category=filtro&has_open_orders=false").await,
        [BETA]
    );
    assert_eq!(
        names(&admin, "category=filtro&balance_above=0").await,
        [ALFA, BETA],
        "Gamma's balance is negative"
    );
    assert_eq!(
        names(
            &admin,
            &format!("category=filtro&balance_above={beta_total}")
        )
        .await,
        [ALFA],
        "strictly above"
    );
    let just_below = beta_total - Decimal::new(1, 2);
    assert_eq!(
        names(
            &admin,
            &format!("category=filtro&balance_above={just_below}")
        )
        .await,
        [ALFA, BETA]
    );
    assert!(
        names(
            &admin,
            &format!("category=filtro&balance_above={alfa_owes}")
        )
        .await
        .is_empty()
    );
    assert_eq!(
        names(&admin, &format!("category=filtro&owner_id={me}")).await,
        [ALFA, GAMMA]
    );

    // Together.
    assert_eq!(
        names(
            &admin,
            "category=filtro&city=M%C3%A9rida&has_open_orders=true&balance_above=100&active=true"
        )
        .await,
        [ALFA]
    );
    json_ok(
        admin
            .put(
                &format!("/api/v1/customers/{alfa}/active"),
                json!({"active": false}),
            )
            .await,
        200,
    )
    .await;
    assert!(
        names(
            &admin,
            "category=filtro&city=M%C3%A9rida&has_open_orders=true&active=true"
        )
        .await
        .is_empty()
    );
    assert_eq!(
        names(&admin, "category=filtro&active=false&has_open_orders=true").await,
        [ALFA]
    );

    // Pages of one, filtered, visit each match once in name order.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            None => "/api/v1/customers?category=filtro&balance_above=0&limit=1".to_string(),
            Some(c) => {
                format!("/api/v1/customers?category=filtro&balance_above=0&limit=1&cursor={c}")
            }
        };
        let page = json_ok(admin.get(&url).await, 200).await;
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap().to_string()),
        );
        match page["next_cursor"].as_str() {
            Some(n) => cursor = Some(n.to_string()),
            None => break,
        }
        assert!(seen.len() < 10);
    }
    assert_eq!(seen, [ALFA, BETA]);

    // A seller's search never leaves their customers.
    assert_eq!(names(&seller, "category=filtro").await, [ALFA, GAMMA]);
    assert_eq!(
        names(&seller, "category=filtro&city=m%C3%A9rida&balance_above=0").await,
        [ALFA]
    );
    assert!(
        names(&seller, "has_open_orders=false&category=filtro")
            .await
            .is_empty(),
        "Beta is not theirs"
    );

    // The export honours the same filters (and the scope).
    let r = admin
        .get("/api/v1/customers/export?format=csv&category=filtro&city=m%C3%A9rida&has_open_orders=false")
        .await;
    assert_eq!(r.status(), 200);
    let csv = r.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].contains(",address,city,"), "{}", lines[0]);
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[1].contains(BETA) && lines[1].contains("MÉRIDA"));
    let r = seller
        .get("/api/v1/customers/export?format=csv&category=filtro&balance_above=0")
        .await;
    let csv = r.text().await.unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains(ALFA));
    let r = admin
        .get("/api/v1/customers/export?format=xlsx&category=filtro&has_open_orders=true")
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
}

async fn advanced_search_refusals_and_bad_filters(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let technician = app.login_as("technician").await;
    let customer = app.login_as("customer").await;
    let company = customer.user["customer_id"].as_str().unwrap().to_string();

    // A technician has no directory, filtered or not; nor its export.
    for path in [
        "/api/v1/customers?city=Caracas&has_open_orders=true&balance_above=1",
        "/api/v1/customers/export?format=csv&city=Caracas&balance_above=1",
    ] {
        assert_problem(technician.get(path).await, 403, "forbidden").await;
    }
    // A portal contact's search only ever finds their own company, and the
    // export is the office's and the sellers'.
    let page = json_ok(
        customer
            .get("/api/v1/customers?has_open_orders=false&balance_above=0&city=Caracas")
            .await,
        200,
    )
    .await;
    assert!(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["id"] == company.as_str())
    );
    let page = json_ok(customer.get("/api/v1/customers?category=filtro").await, 200).await;
    assert!(page["items"].as_array().unwrap().is_empty());
    assert_problem(
        customer
            .get("/api/v1/customers/export?format=csv&balance_above=0")
            .await,
        403,
        "forbidden",
    )
    .await;

    // Bad filters are typed problems naming the field.
    for (query, status, code, field) in [
        (
            "balance_above=-1",
            422,
            "invalid_money",
            Some("balance_above"),
        ),
        (
            "balance_above=1.234",
            422,
            "invalid_money",
            Some("balance_above"),
        ),
        ("balance_above=mucho", 400, "malformed_request", None),
        ("has_open_orders=quizas", 400, "malformed_request", None),
    ] {
        for base in ["/api/v1/customers?", "/api/v1/customers/export?format=csv&"] {
            let body =
                assert_problem(admin.get(&format!("{base}{query}")).await, status, code).await;
            if let Some(field) = field {
                assert_eq!(body["field"], field, "{query}");
            }
        }
    }
    let long = "x".repeat(121);
    let body = assert_problem(
        admin.get(&format!("/api/v1/customers?city={long}")).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["field"], "city");
    let body = assert_problem(
        admin
            .get(&format!("/api/v1/customers?q={}", "y".repeat(201)))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["field"], "q");

    // A city that is too long is refused when saved, too.
    let r = admin
        .post(
            "/api/v1/customers",
            json!({"name": "Ciudad Larga", "tax_id": crate::customers::rif(61_000_009), "city": long}),
        )
        .await;
    let body = assert_problem(r, 422, "validation_failed").await;
    assert_eq!(body["field"], "city");
}

both_backends!(
    advanced_search_combines_filters_in_scope,
    advanced_search_refusals_and_bad_filters,
);
