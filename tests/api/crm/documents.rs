//! Customer documents, exports of the directory and of opportunities, and
//! the next-step reminder, on both backends.

use serde_json::{Value, json};

use crate::customers::{FIRST_DEMO, UNOWNED_DEMO, customer_id};
use crate::helpers::*;

async fn upload(s: &Session, path: &str, file_name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string());
    let form = reqwest::multipart::Form::new().part("file", part);
    s.client
        .post(format!("{}{}", s.base, path))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn documents_by_role(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let customer = app.login_as("customer").await;
    let technician = app.login_as("technician").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let unowned = customer_id(&admin, UNOWNED_DEMO).await;
    let base = format!("/api/v1/customers/{first}/documents");

    let pdf = b"%PDF-1.4\n% contrato\n".to_vec();
    let shared = json_ok(
        upload(
            &admin,
            &format!("{base}?shared=true"),
            "contrato.pdf",
            pdf.clone(),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(shared["content_type"], "application/pdf");
    assert_eq!(shared["shared"], true);
    let internal = json_ok(
        upload(&admin, &base, "notas.txt", b"precio especial".to_vec()).await,
        201,
    )
    .await;
    assert_eq!(internal["shared"], false);

    // Forbidden types are refused by content, whatever the name says.
    let r = upload(
        &admin,
        &base,
        "factura.pdf",
        b"MZ\x90\x00 not a pdf".to_vec(),
    )
    .await;
    let body = assert_problem(r, 415, "unsupported_media_type").await;
    assert_eq!(body["field"], "file");
    let r = upload(&admin, &base, "vacío.pdf", Vec::new()).await;
    assert_problem(r, 422, "validation_failed").await;
    let listed = json_ok(admin.get(&base).await, 200).await;
    assert_eq!(listed.as_array().unwrap().len(), 2);

    // Only the office uploads and deletes.
    for s in [&seller, &customer, &technician] {
        let r = upload(s, &base, "x.pdf", pdf.clone()).await;
        assert_problem(r, 403, "forbidden").await;
        let r = s
            .request(
                reqwest::Method::DELETE,
                &format!("{base}/{}", shared["id"].as_str().unwrap()),
            )
            .await;
        assert_problem(r, 403, "forbidden").await;
    }
    // The seller reads their customer's file; the contact the shared ones.
    assert_eq!(
        json_ok(seller.get(&base).await, 200)
            .await
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let theirs = json_ok(customer.get(&base).await, 200).await;
    let names: Vec<&str> = theirs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["contrato.pdf"]);
    let r = customer.get(internal["url"].as_str().unwrap()).await;
    assert_problem(r, 404, "not_found").await;
    let r = customer.get(shared["url"].as_str().unwrap()).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);
    assert_problem(technician.get(&base).await, 403, "forbidden").await;
    let r = seller
        .get(&format!("/api/v1/customers/{unowned}/documents"))
        .await;
    assert_problem(r, 404, "not_found").await;

    let r = admin
        .request(
            reqwest::Method::DELETE,
            &format!("{base}/{}", internal["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(r.status(), 204);
    assert_eq!(
        json_ok(admin.get(&base).await, 200)
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

async fn text(r: reqwest::Response) -> String {
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

async fn exports_respect_the_scope(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let unowned = customer_id(&admin, UNOWNED_DEMO).await;
    json_ok(
        admin
            .post(
                "/api/v1/crm/opportunities",
                json!({"title": "Solo oficina, \"urgente\"", "customer_id": unowned, "value": "1234.5"}),
            )
            .await,
        201,
    )
    .await;
    // A close date Excel cannot hold (before 1900) is written as text, not
    // a server error (found by the fuzz run).
    json_ok(
        admin
            .post(
                "/api/v1/crm/opportunities",
                json!({"title": "Fecha antigua", "customer_id": unowned, "value": "1",
                       "expected_close": "0798-09-27"}),
            )
            .await,
        201,
    )
    .await;

    let all = text(admin.get("/api/v1/customers/export?format=csv").await).await;
    let lines: Vec<&str> = all.lines().collect();
    assert!(lines[0].starts_with("number,name,tax_id"));
    assert_eq!(lines.len(), 4, "{all}");
    assert!(all.contains(UNOWNED_DEMO));
    let mine = text(seller.get("/api/v1/customers/export?format=csv").await).await;
    assert_eq!(mine.lines().count(), 3, "{mine}");
    assert!(!mine.contains(UNOWNED_DEMO));

    let office = text(
        admin
            .get("/api/v1/crm/opportunities/export?format=csv")
            .await,
    )
    .await;
    assert!(
        office.contains("\"Solo oficina, \"\"urgente\"\"\""),
        "{office}"
    );
    assert!(office.contains("1234.50"));
    let sellers = text(
        seller
            .get("/api/v1/crm/opportunities/export?format=csv")
            .await,
    )
    .await;
    assert!(!sellers.contains("Solo oficina"));

    for path in [
        "/api/v1/customers/export?format=xlsx",
        "/api/v1/crm/opportunities/export?format=xlsx",
    ] {
        let r = admin.get(path).await;
        assert_eq!(r.status(), 200);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .contains("spreadsheetml")
        );
        let bytes = r.bytes().await.unwrap();
        assert!(bytes.starts_with(b"PK"), "an XLSX is a zip");
    }
    let r = admin.get("/api/v1/customers/export?format=pdf").await;
    assert_problem(r, 400, "malformed_request").await;
}

async fn the_owner_is_reminded_of_a_due_next_step(app: TestApp) {
    app.load_demo().await;
    let seller = app.login_as("seller").await;
    let admin = app.login_as("admin").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let due = (chrono::Utc::now() - chrono::TimeDelta::minutes(1)).to_rfc3339();
    let o = json_ok(
        seller
            .post(
                "/api/v1/crm/opportunities",
                json!({"title": "Llamar", "customer_id": first, "value": "10",
                       "next_step": "Llamar al jefe de flota", "next_step_due": due}),
            )
            .await,
        201,
    )
    .await;
    // Sent once, by this call or by the app's own scheduler.
    app.services.send_due_next_steps().await.unwrap();
    let mut inbox: Vec<Value> = Vec::new();
    for _ in 0..50 {
        let mut c = app.services.store.conn().await.unwrap();
        inbox = c
            .publications_after(&format!("user:{}", seller.user_id()), 0, 100)
            .await
            .unwrap()
            .into_iter()
            .map(|p| serde_json::from_str(&p.data).unwrap())
            .filter(|p: &Value| p["notification"] == "opportunity_next_step")
            .collect();
        if !inbox.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(app.services.send_due_next_steps().await.unwrap(), 0);
    assert_eq!(inbox.len(), 1, "exactly one reminder");
    let notice = &inbox[0];
    assert_eq!(notice["subject_type"], "opportunity");
    assert_eq!(notice["subject_id"], o["id"]);
    assert!(
        notice["body"]
            .as_str()
            .unwrap()
            .contains("Llamar al jefe de flota")
    );
}

both_backends!(
    documents_by_role,
    exports_respect_the_scope,
    the_owner_is_reminded_of_a_due_next_step,
);
