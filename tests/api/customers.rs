//! Customers & equipment: tax ids validated and normalized (RIF, RUT), money
//! as decimal strings, row scoping (a seller's own customers, a contact's own
//! company), cursor pagination and search, contacts and portal invitations,
//! engine-hour readings that never decrease, and deactivation.

use reqwest::Response;
use serde_json::{Value, json};

use crate::helpers::*;

// --- helpers (also used by the other modules) -------------------------------

/// A valid Venezuelan RIF of a legal entity (`J`) with an 8-digit `body`; the
/// SENIAT check digit is computed here, independently of the server.
pub fn rif(body: u32) -> String {
    assert!(body < 100_000_000);
    const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];
    let digits = format!("{body:08}");
    let sum = 3 * 4
        + digits
            .chars()
            .zip(WEIGHTS)
            .map(|(d, w)| d.to_digit(10).unwrap() * w)
            .sum::<u32>();
    let check = match 11 - sum % 11 {
        r if r >= 10 => 0,
        r => r,
    };
    format!("J-{digits}-{check}")
}

/// A valid Chilean RUT (canonical `12.345.678-5`) with the given body.
pub fn rut(body: u32) -> String {
    let digits = body.to_string();
    let sum: u32 = digits
        .chars()
        .rev()
        .zip([2u32, 3, 4, 5, 6, 7].into_iter().cycle())
        .map(|(d, w)| d.to_digit(10).unwrap() * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => "0".to_string(),
        10 => "K".to_string(),
        r => r.to_string(),
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{grouped}-{check}")
}

pub async fn create_customer(s: &Session, name: &str, tax_id: &str) -> Response {
    s.post("/api/v1/customers", json!({"name": name, "tax_id": tax_id}))
        .await
}

/// Every customer `s` may see (one page of up to 200).
pub async fn visible_customers(s: &Session) -> Vec<Value> {
    let page = json_ok(s.get("/api/v1/customers?limit=200").await, 200).await;
    assert!(page["next_cursor"].is_null(), "more than 200 customers");
    page["items"].as_array().unwrap().clone()
}

/// The id of the visible customer named `name`.
pub async fn customer_id(s: &Session, name: &str) -> String {
    visible_customers(s)
        .await
        .into_iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no customer {name}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

pub const FIRST_DEMO: &str = "Constructora Los Andes C.A.";
pub const SECOND_DEMO: &str = "Minera El Callao S.A.";
pub const UNOWNED_DEMO: &str = "Transportes Orinoco C.A.";

async fn get_customer(s: &Session, id: &str) -> Value {
    json_ok(s.get(&format!("/api/v1/customers/{id}")).await, 200).await
}

/// `PUT /api/v1/customers/{id}` with the customer as read, `changes` merged in.
async fn put_customer(s: &Session, id: &str, current: &Value, changes: Value) -> Response {
    let mut body = current.clone();
    for (k, v) in changes.as_object().unwrap() {
        body[k] = v.clone();
    }
    s.put(&format!("/api/v1/customers/{id}"), body).await
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

/// Follows `next_cursor` from the first page of `query` to the last; returns
/// the items and the page sizes.
async fn walk_pages(s: &Session, query: &str) -> (Vec<Value>, Vec<usize>) {
    let mut items = Vec::new();
    let mut sizes = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            None => format!("/api/v1/customers?{query}"),
            Some(c) => format!("/api/v1/customers?{query}&cursor={c}"),
        };
        let page = json_ok(s.get(&url).await, 200).await;
        let got = page["items"].as_array().unwrap();
        sizes.push(got.len());
        items.extend(got.iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
        assert!(sizes.len() < 50, "pagination does not end");
    }
    (items, sizes)
}

/// Names of the customers `s` finds with the (URL-encoded) search `q`.
async fn names_matching(s: &Session, q: &str) -> Vec<String> {
    let page = json_ok(s.get(&format!("/api/v1/customers?q={q}")).await, 200).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

// --- stories ---------------------------------------------------------------

async fn tax_id_is_normalized_and_numbers_continue_after_the_demo(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let r = create_customer(&admin, "Ferretería La Nueva", " j123456784 ").await;
    let c = json_ok(r, 201).await;
    assert_eq!(c["tax_id"], "J-12345678-4");
    assert_eq!(
        c["tax_id_country"], "VE",
        "the company's country by default"
    );
    assert_eq!(c["number"], "CLI-000004", "three demo customers come first");
    assert_eq!(c["credit_limit"], "0");
    assert_eq!(c["active"], true);
    assert!(c["owner_id"].is_null());
    let id = c["id"].as_str().unwrap();
    assert_eq!(get_customer(&admin, id).await, c);

    let r = create_customer(
        &admin,
        "Otra Ferretería",
        &rif(11_223_344).to_lowercase().replace('-', " "),
    )
    .await;
    let c = json_ok(r, 201).await;
    assert_eq!(c["tax_id"], rif(11_223_344));
    assert_eq!(c["number"], "CLI-000005");

    // A Chilean RUT, any notation, when the country is given.
    let r = admin
        .post(
            "/api/v1/customers",
            json!({"name": "Áridos del Maipo", "tax_id": "123456785", "tax_id_country": "CL"}),
        )
        .await;
    let c = json_ok(r, 201).await;
    assert_eq!(c["tax_id"], "12.345.678-5");
    assert_eq!(c["tax_id_country"], "CL");
    let r = admin
        .post(
            "/api/v1/customers",
            json!({"name": "Forestal Sur", "tax_id": rut(7_654_321), "tax_id_country": "cl"}),
        )
        .await;
    assert_eq!(json_ok(r, 201).await["tax_id"], rut(7_654_321));
}

async fn bad_and_duplicate_tax_ids_are_refused(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let before = visible_customers(&admin).await;

    // Wrong check digit (J-12345678-4 is the valid one).
    let body = assert_problem(
        create_customer(&admin, "Dígito Malo", "J-12345678-5").await,
        422,
        "invalid_tax_id",
    )
    .await;
    assert_eq!(body["field"], "tax_id");
    // Wrong shape, empty, and a RUT where a RIF is expected.
    assert_problem(
        create_customer(&admin, "Sin Letra", "12345678").await,
        422,
        "invalid_tax_id",
    )
    .await;
    assert_problem(
        create_customer(&admin, "Vacío", " - ").await,
        422,
        "invalid_tax_id",
    )
    .await;
    assert_problem(
        create_customer(&admin, "Chileno", "12.345.678-5").await,
        422,
        "invalid_tax_id",
    )
    .await;
    // An unknown country does not deserialize.
    let r = admin
        .post(
            "/api/v1/customers",
            json!({"name": "Argentino", "tax_id": "20-12345678-6", "tax_id_country": "AR"}),
        )
        .await;
    assert_problem(r, 422, "validation_failed").await;
    assert_eq!(
        visible_customers(&admin).await,
        before,
        "nothing was created"
    );

    // A demo RIF in another notation is the same tax id.
    let body = assert_problem(
        create_customer(&admin, "Copia", "j 40.123.456 9").await,
        409,
        "tax_id_taken",
    )
    .await;
    assert_eq!(body["field"], "tax_id");
    let c = json_ok(
        create_customer(&admin, "Original", "J-12345678-4").await,
        201,
    )
    .await;
    assert_eq!(
        c["number"], "CLI-000004",
        "refused creations use up no number"
    );
    assert_problem(
        create_customer(&admin, "Duplicado", "j123456784").await,
        409,
        "tax_id_taken",
    )
    .await;
    assert_eq!(visible_customers(&admin).await.len(), before.len() + 1);
    let next = json_ok(
        create_customer(&admin, "Siguiente", &rif(12_121_212)).await,
        201,
    )
    .await;
    assert_eq!(next["number"], "CLI-000005", "numbers have no gaps");

    // Nor may an edit take another customer's tax id.
    let second = customer_id(&admin, SECOND_DEMO).await;
    let current = get_customer(&admin, &second).await;
    let r = put_customer(&admin, &second, &current, json!({"tax_id": "J12345678-4"})).await;
    assert_problem(r, 409, "tax_id_taken").await;
    assert_eq!(get_customer(&admin, &second).await, current);
    assert_eq!(get_customer(&admin, c["id"].as_str().unwrap()).await, c);

    // Ids in the path that are not ids are simply not found.
    assert_problem(
        admin.get("/api/v1/customers/not-a-uuid").await,
        404,
        "not_found",
    )
    .await;
    let unknown = uuid::Uuid::now_v7();
    assert_problem(
        admin.get(&format!("/api/v1/customers/{unknown}")).await,
        404,
        "not_found",
    )
    .await;
}

async fn credit_limit_is_a_decimal_string(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let before = visible_customers(&admin).await;
    let with_limit =
        |limit: Value| json!({"name": "Crédito", "tax_id": rif(22_334_455), "credit_limit": limit});

    let r = admin
        .post("/api/v1/customers", with_limit(json!(1500)))
        .await;
    assert_problem(r, 422, "validation_failed").await;
    let r = admin
        .post("/api/v1/customers", with_limit(json!(1500.5)))
        .await;
    assert_problem(r, 422, "validation_failed").await;
    let r = admin
        .post("/api/v1/customers", with_limit(json!("mucho")))
        .await;
    assert_problem(r, 422, "validation_failed").await;
    // USD has two decimals.
    let body = assert_problem(
        admin
            .post("/api/v1/customers", with_limit(json!("10.123")))
            .await,
        422,
        "invalid_money",
    )
    .await;
    assert_eq!(body["field"], "credit_limit");
    assert_problem(
        admin
            .post("/api/v1/customers", with_limit(json!("-5")))
            .await,
        422,
        "invalid_money",
    )
    .await;
    assert_eq!(
        visible_customers(&admin).await,
        before,
        "nothing was created"
    );

    let c = json_ok(
        admin
            .post("/api/v1/customers", with_limit(json!("1500.50")))
            .await,
        201,
    )
    .await;
    assert_eq!(c["credit_limit"], "1500.50");
    let c = get_customer(&admin, c["id"].as_str().unwrap()).await;
    assert_eq!(c["credit_limit"], "1500.50", "money round-trips exactly");
}

/// Issue 12 §5: a seller could raise an owned customer's credit limit. Only
/// the office (master, administrator, front desk) changes it; a seller may
/// send the current amount back (a full edit form) but not another one.
async fn only_office_roles_change_credit_limits(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let operator = app.login_as("operator").await;
    let seller = app.login_as("seller").await;
    let id = customer_id(&admin, FIRST_DEMO).await;
    let before = get_customer(&seller, &id).await;
    assert_eq!(before["credit_limit"], "5000.00");

    let r = put_customer(&seller, &id, &before, json!({"credit_limit": "900000.00"})).await;
    let body = assert_problem(r, 403, "forbidden").await;
    assert_eq!(body["field"], "credit_limit");
    assert_eq!(
        get_customer(&admin, &id).await,
        before,
        "the refused edit changed nothing"
    );

    // The same amount back, or none at all, is no change: the edit goes through.
    let r = put_customer(&seller, &id, &before, json!({"phone": "+58 212 555 0000"})).await;
    assert_eq!(json_ok(r, 200).await["credit_limit"], "5000.00");
    let mut without = get_customer(&seller, &id).await;
    without.as_object_mut().unwrap().remove("credit_limit");
    let r = seller
        .put(&format!("/api/v1/customers/{id}"), without)
        .await;
    assert_eq!(
        json_ok(r, 200).await["credit_limit"],
        "5000.00",
        "leaving it out keeps it"
    );

    // A seller's new customer starts without credit.
    let r = seller
        .post(
            "/api/v1/customers",
            json!({"name": "Crédito Propio", "tax_id": rif(44_556_677), "credit_limit": "100.00"}),
        )
        .await;
    assert_problem(r, 403, "forbidden").await;
    let r = seller
        .post(
            "/api/v1/customers",
            json!({"name": "Crédito Propio", "tax_id": rif(44_556_677), "credit_limit": "0"}),
        )
        .await;
    assert_eq!(json_ok(r, 201).await["credit_limit"], "0");

    // The office may.
    let current = get_customer(&admin, &id).await;
    let r = put_customer(&operator, &id, &current, json!({"credit_limit": "7500.00"})).await;
    assert_eq!(json_ok(r, 200).await["credit_limit"], "7500.00");
    let current = get_customer(&admin, &id).await;
    let r = put_customer(&admin, &id, &current, json!({"credit_limit": "8000.00"})).await;
    assert_eq!(json_ok(r, 200).await["credit_limit"], "8000.00");
}

async fn seller_sees_and_edits_only_own_customers(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let me = seller.user_id();

    let mine = visible_customers(&seller).await;
    let mut names: Vec<_> = mine.iter().map(|c| c["name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, [FIRST_DEMO, SECOND_DEMO]);
    assert!(mine.iter().all(|c| c["owner_id"] == me.as_str()));

    // A seller's new customer is theirs, whatever owner they ask for.
    let master_id = app.login_as("master").await.user_id();
    let r = seller
        .post("/api/v1/customers", json!({"name": "Cliente del Vendedor", "tax_id": rif(33_445_566), "owner_id": master_id}))
        .await;
    let created = json_ok(r, 201).await;
    assert_eq!(created["owner_id"], me.as_str());
    let r = seller
        .post(
            "/api/v1/customers",
            json!({"name": "Otro Cliente", "tax_id": rif(33_445_567)}),
        )
        .await;
    assert_eq!(json_ok(r, 201).await["owner_id"], me.as_str());
    assert_eq!(visible_customers(&seller).await.len(), 4);

    // Someone else's customer does not exist for them.
    let other = customer_id(&admin, UNOWNED_DEMO).await;
    let before = get_customer(&admin, &other).await;
    assert_problem(
        seller.get(&format!("/api/v1/customers/{other}")).await,
        404,
        "not_found",
    )
    .await;
    let r = put_customer(
        &seller,
        &other,
        &before,
        json!({"name": "Robado", "phone": "000"}),
    )
    .await;
    assert_problem(r, 404, "not_found").await;
    assert_problem(
        seller
            .get(&format!("/api/v1/customers/{other}/contacts"))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        seller
            .get(&format!("/api/v1/customers/{other}/equipment"))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        get_customer(&admin, &other).await,
        before,
        "the refused edit changed nothing"
    );
    // Filtering by another owner does not widen the scope.
    let page = json_ok(
        seller
            .get(&format!("/api/v1/customers?owner_id={master_id}"))
            .await,
        200,
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 0);

    // Their own customer they may edit.
    let own = created["id"].as_str().unwrap();
    let r = put_customer(&seller, own, &created, json!({"phone": "+58 212 000 1111"})).await;
    let edited = json_ok(r, 200).await;
    assert_eq!(edited["phone"], "+58 212 000 1111");
    assert_eq!(edited["owner_id"], me.as_str());
}

async fn customer_contact_sees_only_their_company(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let contact = app.login_as("customer").await;
    let company = contact.user["customer_id"].as_str().unwrap().to_string();

    let list = visible_customers(&contact).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], company.as_str());
    assert_eq!(list[0]["name"], FIRST_DEMO);

    let other = customer_id(&admin, SECOND_DEMO).await;
    assert_problem(
        contact.get(&format!("/api/v1/customers/{other}")).await,
        404,
        "not_found",
    )
    .await;
    let other_before = get_customer(&admin, &other).await;
    let r = put_customer(&contact, &other, &other_before, json!({"phone": "1"})).await;
    assert_problem(r, 404, "not_found").await;
    assert_eq!(get_customer(&admin, &other).await, other_before);

    // The portal may correct contact details but not the commercial terms.
    let before = get_customer(&contact, &company).await;
    let r = put_customer(
        &contact,
        &company,
        &before,
        json!({"phone": "+58 212 999 8888", "credit_limit": "999999.00", "notes": "crédito ilimitado", "category": "VIP"}),
    )
    .await;
    let after = json_ok(r, 200).await;
    assert_eq!(after["phone"], "+58 212 999 8888");
    assert_eq!(after["credit_limit"], before["credit_limit"]);
    assert_eq!(after["notes"], before["notes"]);
    assert_eq!(after["category"], before["category"]);
    assert_eq!(after["owner_id"], before["owner_id"]);
    let seen_by_office = get_customer(&admin, &company).await;
    assert_eq!(seen_by_office["credit_limit"], "5000.00");
    assert_eq!(seen_by_office["phone"], "+58 212 999 8888");

    // They cannot create customers.
    assert_problem(
        create_customer(&contact, "Mi Otra Empresa", &rif(44_556_677)).await,
        403,
        "forbidden",
    )
    .await;
}

async fn technician_has_no_customer_directory(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let tech = app.login_as("technician").await;
    assert_problem(tech.get("/api/v1/customers").await, 403, "forbidden").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    assert_problem(
        tech.get(&format!("/api/v1/customers/{first}")).await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        create_customer(&tech, "No", &rif(55_667_788)).await,
        403,
        "forbidden",
    )
    .await;
}

async fn cursor_pagination_visits_every_customer_once_in_name_order(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    // Created out of order and in mixed case: the order is by name, ignoring case.
    let mut created = Vec::new();
    for (n, name) in [
        "Paginado 04",
        "paginado 01",
        "PAGINADO 07",
        "Paginado 02",
        "Paginado 06",
        "paginado 03",
        "Paginado 05",
    ]
    .iter()
    .enumerate()
    {
        let c = json_ok(
            create_customer(&admin, name, &rif(70_000_000 + n as u32)).await,
            201,
        )
        .await;
        created.push((name.to_lowercase(), c["id"].as_str().unwrap().to_string()));
    }
    created.sort();
    let expected: Vec<String> = created.into_iter().map(|(_, id)| id).collect();

    let (items, sizes) = walk_pages(&admin, "q=paginado&limit=3").await;
    assert_eq!(sizes, [3, 3, 1]);
    assert_eq!(ids(&items), expected);

    // Everything, 3 at a time: 3 demo customers + 7.
    let (items, sizes) = walk_pages(&admin, "limit=3").await;
    assert_eq!(sizes, [3, 3, 3, 1]);
    let mut seen = ids(&items);
    let mut sorted_names: Vec<String> = items
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_lowercase())
        .collect();
    let in_order = sorted_names.clone();
    sorted_names.sort();
    assert_eq!(in_order, sorted_names, "pages come in name order");
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 10, "every customer exactly once");

    // A page that ends exactly at the last row has no next cursor.
    let (_, sizes) = walk_pages(&admin, "q=paginado&limit=7").await;
    assert_eq!(sizes, [7]);

    // Limits are clamped to 1..=200.
    let page = json_ok(admin.get("/api/v1/customers?q=paginado&limit=0").await, 200).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert!(page["next_cursor"].is_string());

    // Cursors are opaque; a forged one is refused.
    let r = admin.get("/api/v1/customers?cursor=not-a-cursor").await;
    let body = assert_problem(r, 422, "invalid_cursor").await;
    assert_eq!(body["field"], "cursor");
    let r = admin
        .get("/api/v1/customers?cursor=eyJub3QiOiJ0aGlzIn0")
        .await; // {"not":"this"}
    assert_problem(r, 422, "invalid_cursor").await;
}

async fn pagination_breaks_ties_between_equal_names(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    // Five customers with the same name (up to letter case): the id breaks the tie.
    let mut expected = Vec::new();
    for (n, name) in ["Homónimo", "HOMÓNIMO", "homónimo", "Homónimo", "HoMóNiMo"]
        .iter()
        .enumerate()
    {
        let c = json_ok(
            create_customer(&admin, name, &rif(80_000_000 + n as u32)).await,
            201,
        )
        .await;
        expected.push(c["id"].as_str().unwrap().to_string());
    }
    expected.sort_by_key(|id| uuid::Uuid::parse_str(id).unwrap());
    let (items, sizes) = walk_pages(&admin, "q=hom%C3%B3nimo&limit=2").await;
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(ids(&items), expected);
}

async fn search_matches_names_and_tax_ids(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let search = |q: &'static str| names_matching(&admin, q);
    assert_eq!(search("CALLAO").await, [SECOND_DEMO]);
    assert_eq!(search("el%20callao").await, [SECOND_DEMO]);
    assert_eq!(search("orINOco").await, [UNOWNED_DEMO]);
    assert_eq!(search("J-29876543-7").await, [SECOND_DEMO]);
    assert_eq!(search("j-2987").await, [SECOND_DEMO]);
    assert_eq!(search("c.a.").await, [FIRST_DEMO, UNOWNED_DEMO]);
    assert_eq!(
        search("%20%20").await.len(),
        3,
        "a blank search is no filter"
    );
    // LIKE wildcards are matched literally.
    assert!(search("%25").await.is_empty());
    assert!(search("_").await.is_empty());
    assert!(search("%5C").await.is_empty()); // a backslash
    assert!(search("nadie").await.is_empty());

    // Search stays inside the caller's scope.
    let seller = app.login_as("seller").await;
    let page = json_ok(seller.get("/api/v1/customers?q=orinoco").await, 200).await;
    assert!(page["items"].as_array().unwrap().is_empty());
}

async fn contacts_are_added_edited_and_invited_to_the_portal(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let company = customer_id(&admin, UNOWNED_DEMO).await;

    let r = admin
        .post(
            &format!("/api/v1/customers/{company}/contacts"),
            json!({"name": "Pedro Pérez", "email": "Pedro@Orinoco.Example", "phone": "+58 414 000 0000", "position": "Gerente"}),
        )
        .await;
    let contact = json_ok(r, 201).await;
    assert_eq!(contact["email"], "pedro@orinoco.example");
    assert_eq!(contact["customer_id"], company.as_str());
    assert!(contact["user_id"].is_null());
    let cid = contact["id"].as_str().unwrap();

    let r = admin
        .put(
            &format!("/api/v1/contacts/{cid}"),
            json!({"name": "Pedro J. Pérez", "email": "pedro@orinoco.example", "position": "Gerente general"}),
        )
        .await;
    let edited = json_ok(r, 200).await;
    assert_eq!(edited["name"], "Pedro J. Pérez");
    assert_eq!(edited["position"], "Gerente general");
    assert_eq!(edited["phone"], "");
    let r = admin
        .put(
            &format!("/api/v1/contacts/{cid}"),
            json!({"name": "Pedro", "email": "pedro-at-orinoco"}),
        )
        .await;
    assert_problem(r, 422, "invalid_email").await;
    let list = json_ok(
        admin
            .get(&format!("/api/v1/customers/{company}/contacts"))
            .await,
        200,
    )
    .await;
    let listed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == cid)
        .unwrap();
    assert_eq!(listed, &edited, "the refused edit changed nothing");

    // The invitation creates a portal account and e-mails a set-password link.
    let r = admin
        .post(&format!("/api/v1/contacts/{cid}/invite"), json!({}))
        .await;
    let invited = json_ok(r, 200).await;
    let portal_id = invited["user_id"]
        .as_str()
        .expect("linked to a portal user")
        .to_string();
    let r = admin
        .post(&format!("/api/v1/contacts/{cid}/invite"), json!({}))
        .await;
    assert_problem(r, 409, "conflict").await;

    let token = link_token(&app.last_email_to("pedro@orinoco.example"), "set-password");
    let r = app
        .anonymous()
        .post(
            "/api/v1/auth/reset",
            json!({"token": token, "new_password": "pedro-portal-1"}),
        )
        .await;
    assert_eq!(r.status(), 204);
    let pedro = app.login("pedro@orinoco.example", "pedro-portal-1").await;
    assert_eq!(pedro.user_id(), portal_id);
    assert_eq!(pedro.user["role"], "customer");
    assert_eq!(pedro.user["customer_id"], company.as_str());
    let theirs = visible_customers(&pedro).await;
    assert_eq!(ids(&theirs), [company.as_str()]);
    let first = customer_id(&admin, FIRST_DEMO).await;
    assert_problem(
        pedro.get(&format!("/api/v1/customers/{first}")).await,
        404,
        "not_found",
    )
    .await;

    // The invitation is audited.
    let master = app.login_as("master").await;
    let audit = json_ok(master.get("/api/v1/audit?action=portal_invited").await, 200).await;
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["subject_id"] == portal_id.as_str())
    );

    // A contact whose e-mail already has an account cannot be invited either.
    let r = admin
        .post(
            &format!("/api/v1/customers/{company}/contacts"),
            json!({"name": "Ana", "email": "ADMIN@faena.demo"}),
        )
        .await;
    let taken = json_ok(r, 201).await;
    let tid = taken["id"].as_str().unwrap();
    let mails = app.emails().len();
    assert_problem(
        admin
            .post(&format!("/api/v1/contacts/{tid}/invite"), json!({}))
            .await,
        409,
        "email_taken",
    )
    .await;
    assert_eq!(app.emails().len(), mails, "no e-mail sent");
    let list = json_ok(
        admin
            .get(&format!("/api/v1/customers/{company}/contacts"))
            .await,
        200,
    )
    .await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .find(|k| k["id"] == tid)
            .unwrap()["user_id"]
            .is_null()
    );
    app.login_as("admin").await; // the staff account is untouched

    // A contact without an e-mail cannot be invited.
    let r = admin
        .post(
            &format!("/api/v1/customers/{company}/contacts"),
            json!({"name": "Sin Correo"}),
        )
        .await;
    let nomail = json_ok(r, 201).await;
    let nid = nomail["id"].as_str().unwrap();
    let mails = app.emails().len();
    let body = assert_problem(
        admin
            .post(&format!("/api/v1/contacts/{nid}/invite"), json!({}))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["field"], "email");
    assert_eq!(app.emails().len(), mails, "no e-mail sent");
    let list = json_ok(
        admin
            .get(&format!("/api/v1/customers/{company}/contacts"))
            .await,
        200,
    )
    .await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .find(|k| k["id"] == nid)
            .unwrap()["user_id"]
            .is_null()
    );
}

async fn engine_hours_never_go_back(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let company = customer_id(&admin, FIRST_DEMO).await;
    let r = admin
        .post(
            &format!("/api/v1/customers/{company}/equipment"),
            json!({"brand": "John Deere", "model": "310L", "serial": "JD310L001", "year": 2021, "engine_hours": 100}),
        )
        .await;
    let eq = json_ok(r, 201).await;
    assert_eq!(eq["engine_hours"], 100);
    let eid = eq["id"].as_str().unwrap();

    let r = admin
        .post(
            &format!("/api/v1/equipment/{eid}/readings"),
            json!({"hours": 150}),
        )
        .await;
    assert_eq!(json_ok(r, 200).await["engine_hours"], 150);
    let r = admin
        .post(
            &format!("/api/v1/equipment/{eid}/readings"),
            json!({"hours": 120}),
        )
        .await;
    let body = assert_problem(r, 422, "engine_hours_decreased").await;
    assert_eq!(body["field"], "hours");
    let r = admin
        .post(
            &format!("/api/v1/equipment/{eid}/readings"),
            json!({"hours": -1}),
        )
        .await;
    assert_problem(r, 422, "validation_failed").await;

    assert_eq!(
        json_ok(admin.get(&format!("/api/v1/equipment/{eid}")).await, 200).await["engine_hours"],
        150
    );
    let readings = json_ok(
        admin
            .get(&format!("/api/v1/equipment/{eid}/readings"))
            .await,
        200,
    )
    .await;
    let hours: Vec<i64> = readings
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["hours"].as_i64().unwrap())
        .collect();
    assert_eq!(hours, [150, 100], "two readings, newest first");
    let recorded_by = readings[0]["recorded_by"].as_str().unwrap();
    assert_eq!(recorded_by, admin.user_id());

    let list = json_ok(
        admin
            .get(&format!("/api/v1/customers/{company}/equipment"))
            .await,
        200,
    )
    .await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == eid && e["engine_hours"] == 150)
    );
}

async fn only_office_administrators_deactivate_customers(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let company = customer_id(&admin, FIRST_DEMO).await;
    let path = format!("/api/v1/customers/{company}/active");
    let before = get_customer(&admin, &company).await;

    for role in ["operator", "seller", "technician", "customer"] {
        let s = app.login_as(role).await;
        assert_problem(
            s.put(&path, json!({"active": false})).await,
            403,
            "forbidden",
        )
        .await;
    }
    assert_eq!(
        get_customer(&admin, &company).await,
        before,
        "refusals change nothing"
    );

    let off = json_ok(admin.put(&path, json!({"active": false})).await, 200).await;
    assert_eq!(off["active"], false);
    let inactive = json_ok(admin.get("/api/v1/customers?active=false").await, 200).await;
    assert_eq!(
        ids(inactive["items"].as_array().unwrap()),
        [company.as_str()]
    );
    let master = app.login_as("master").await;
    let audit = json_ok(
        master
            .get("/api/v1/audit?action=customer_deactivated")
            .await,
        200,
    )
    .await;
    assert_eq!(audit[0]["subject_id"], company.as_str());
    assert_eq!(audit[0]["actor_id"], admin.user_id().as_str());

    let on = json_ok(master.put(&path, json!({"active": true})).await, 200).await;
    assert_eq!(on["active"], true);
}

async fn customers_of_a_deactivated_seller_stay_editable(app: TestApp) {
    app.load_demo().await;
    let master = app.login_as("master").await;
    let admin = app.login_as("admin").await;
    let operator = app.login_as("operator").await;
    let contact = app.login_as("customer").await;
    let seller_id = app.login_as("seller").await.user_id();
    let company = contact.user["customer_id"].as_str().unwrap().to_string();
    let r = master
        .put(
            &format!("/api/v1/users/{seller_id}/active"),
            json!({"active": false}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let current = get_customer(&admin, &company).await;
    assert_eq!(current["owner_id"], seller_id.as_str());

    // Nobody may *assign* an inactive seller...
    let unowned_id = customer_id(&admin, UNOWNED_DEMO).await;
    let unowned = get_customer(&admin, &unowned_id).await;
    let r = put_customer(
        &admin,
        &unowned_id,
        &unowned,
        json!({"owner_id": seller_id}),
    )
    .await;
    let body = assert_problem(r, 422, "validation_failed").await;
    assert_eq!(body["field"], "owner_id");

    // ...but a customer that already belongs to one keeps being editable,
    // sending the record back as read (owner unchanged).
    let r = put_customer(
        &contact,
        &company,
        &current,
        json!({"phone": "+58 212 111 1111"}),
    )
    .await;
    assert_eq!(
        json_ok(r, 200).await["phone"],
        "+58 212 111 1111",
        "the portal contact edits their phone"
    );
    let r = put_customer(
        &operator,
        &company,
        &current,
        json!({"phone": "+58 212 222 2222"}),
    )
    .await;
    assert_eq!(
        json_ok(r, 200).await["phone"],
        "+58 212 222 2222",
        "the operator edits the phone"
    );
    let r = put_customer(
        &admin,
        &company,
        &current,
        json!({"phone": "+58 212 333 3333"}),
    )
    .await;
    let edited = json_ok(r, 200).await;
    assert_eq!(edited["owner_id"], seller_id.as_str());
}

crate::both_backends!(
    tax_id_is_normalized_and_numbers_continue_after_the_demo,
    bad_and_duplicate_tax_ids_are_refused,
    credit_limit_is_a_decimal_string,
    only_office_roles_change_credit_limits,
    seller_sees_and_edits_only_own_customers,
    customer_contact_sees_only_their_company,
    technician_has_no_customer_directory,
    cursor_pagination_visits_every_customer_once_in_name_order,
    pagination_breaks_ties_between_equal_names,
    search_matches_names_and_tax_ids,
    contacts_are_added_edited_and_invited_to_the_portal,
    engine_hours_never_go_back,
    only_office_administrators_deactivate_customers,
    customers_of_a_deactivated_seller_stay_editable,
);
