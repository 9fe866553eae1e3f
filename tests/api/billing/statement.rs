//! The account statement by e-mail (issue 13: "Quote, invoice, credit note
//! and statement … as PDF attached to their e-mails"): the office sends a
//! customer's statement for a period; every portal contact and the
//! customer's own address get it once, its PDF attached. Only office roles
//! send; a bad period or a customer nobody can be written to is a typed
//! problem and sends nothing.

use serde_json::json;

use super::invoices::{hand_invoice, issue};
use crate::customers::{FIRST_DEMO, customer_id};
use crate::helpers::*;

fn statement_mails(app: &TestApp) -> Vec<String> {
    app.emails()
        .into_iter()
        .filter(|e| e.contains("estado-de-cuenta-"))
        .collect()
}

async fn the_office_emails_the_statement_with_its_pdf(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let invoice = hand_invoice(&admin, &first, "100").await;
    issue(&admin, invoice["invoice"]["id"].as_str().unwrap()).await;

    // Nobody but the office sends it, and a refusal sends nothing.
    for role in ["seller", "technician", "customer"] {
        let who = app.login_as(role).await;
        assert_problem(
            who.post(
                &format!("/api/v1/customers/{first}/statement/send"),
                json!({}),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
    }
    let p = assert_problem(
        admin
            .post(
                &format!("/api/v1/customers/{first}/statement/send?from=2026-02-01&to=2026-01-01"),
                json!({}),
            )
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["field"], "to", "{p}");
    // A customer with no e-mail and no portal contact: nobody to send to.
    let lone = json_ok(
        admin
            .post(
                "/api/v1/customers",
                json!({"name": "Sin Correo C.A.", "tax_id": crate::customers::rif(48_765_432)}),
            )
            .await,
        201,
    )
    .await;
    let p = assert_problem(
        admin
            .post(
                &format!(
                    "/api/v1/customers/{}/statement/send",
                    lone["id"].as_str().unwrap()
                ),
                json!({}),
            )
            .await,
        409,
        "no_recipients",
    )
    .await;
    assert_eq!(p["field"], "customer_id", "{p}");
    assert!(statement_mails(&app).is_empty(), "nothing was sent");

    // The office sends it: the contacts get it with the PDF attached.
    let sent = json_ok(
        admin
            .post(
                &format!("/api/v1/customers/{first}/statement/send"),
                json!({}),
            )
            .await,
        200,
    )
    .await;
    let recipients: Vec<String> = sent["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_lowercase())
        .collect();
    assert!(!recipients.is_empty(), "{sent}");
    let mut unique = recipients.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), recipients.len(), "each address once: {sent}");
    assert_eq!(sent["closing_balance"], "116.00", "{sent}");
    let mails = statement_mails(&app);
    assert_eq!(mails.len(), recipients.len(), "one e-mail per address");
    for mail in &mails {
        assert!(mail.contains("application/pdf"), "the PDF is attached");
        assert!(mail.contains("estado de cuenta"), "{mail}");
        assert!(mail.contains("116"), "the closing balance is told");
    }
    // Sending again is another e-mail (a customer who lost it).
    json_ok(
        admin
            .post(
                &format!("/api/v1/customers/{first}/statement/send"),
                json!({}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(statement_mails(&app).len(), 2 * recipients.len());
}

both_backends!(the_office_emails_the_statement_with_its_pdf);
