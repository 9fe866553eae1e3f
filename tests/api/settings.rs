//! Company settings: editing by the office (name, currency, tax rate, tax-id
//! country, time zone), the effect of the tax-id country and currency on new
//! customers, validation that leaves the settings untouched, and the logo.

use reqwest::Response;
use serde_json::{Value, json};

use crate::customers::rut;
use crate::helpers::*;

async fn settings(s: &Session) -> Value {
    json_ok(s.get("/api/v1/settings/company").await, 200).await
}

/// PUTs the current settings with `changes` merged in.
async fn put_settings(s: &Session, current: &Value, changes: Value) -> Response {
    let mut body = current.clone();
    for (k, v) in changes.as_object().unwrap() {
        body[k] = v.clone();
    }
    s.put("/api/v1/settings/company", body).await
}

fn chile() -> Value {
    json!({
        "company_name": "Servicios Andinos SpA",
        "currency": "CLP",
        "tax_rate": "19",
        "tax_id_country": "CL",
        "time_zone": "America/Santiago",
        "email": "Contacto@Andinos.cl",
        "phone": "+56 2 2345 6789",
        "address": "Santiago, Chile",
        "terms": "Garantía de 90 días.",
    })
}

/// Status, content type and body of the public logo.
async fn logo(app: &TestApp) -> (u16, String, Vec<u8>) {
    let r = app.anonymous().get("/api/v1/settings/logo").await;
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ct, r.bytes().await.unwrap().to_vec())
}

async fn admin_updates_company_settings(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let initial = settings(&admin).await;
    assert_eq!(initial["currency"], "USD");
    assert_eq!(initial["tax_rate"], "16");
    assert_eq!(initial["tax_id_country"], "VE");
    assert_eq!(initial["time_zone"], "America/Caracas");
    assert!(initial.get("logo_path").is_none());

    let r = admin.put("/api/v1/settings/company", chile()).await;
    let saved = json_ok(r, 200).await;
    for key in [
        "company_name",
        "currency",
        "tax_rate",
        "tax_id_country",
        "time_zone",
        "phone",
        "address",
        "terms",
    ] {
        assert_eq!(saved[key], chile()[key], "{key}");
    }
    let now = settings(&admin).await;
    assert_eq!(now, saved, "a later GET shows what was saved");
    // Every signed-in role reads the same settings.
    assert_eq!(settings(&app.login_as("technician").await).await, saved);

    // Loose input is normalized.
    let r = put_settings(
        &admin,
        &now,
        json!({"currency": " clp ", "tax_rate": "19.50", "company_name": "  Andinos  "}),
    )
    .await;
    let saved = json_ok(r, 200).await;
    assert_eq!(saved["currency"], "CLP");
    assert_eq!(saved["tax_rate"], "19.5");
    assert_eq!(saved["company_name"], "Andinos");

    // Changes are audited.
    let master = app.login_as("master").await;
    let audit = json_ok(
        master.get("/api/v1/audit?action=settings_changed").await,
        200,
    )
    .await;
    assert_eq!(audit.as_array().unwrap().len(), 2);
    assert_eq!(audit[0]["actor_id"], admin.user_id().as_str());
}

async fn new_customers_follow_the_company_country_and_currency(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    assert_eq!(
        admin
            .put("/api/v1/settings/company", chile())
            .await
            .status(),
        200
    );

    // No tax_id_country: validated as a Chilean RUT.
    let r = admin
        .post(
            "/api/v1/customers",
            json!({"name": "Minera Atacama", "tax_id": "12345678-5"}),
        )
        .await;
    let c = json_ok(r, 201).await;
    assert_eq!(c["tax_id"], "12.345.678-5");
    assert_eq!(c["tax_id_country"], "CL");
    let r = admin
        .post(
            "/api/v1/customers",
            json!({"name": "Dígito Malo", "tax_id": "12.345.678-4"}),
        )
        .await;
    assert_problem(r, 422, "invalid_tax_id").await;
    // A RIF is no RUT unless the country says so.
    let r = admin
        .post(
            "/api/v1/customers",
            json!({"name": "Venezolana", "tax_id": "J-12345678-4"}),
        )
        .await;
    assert_problem(r, 422, "invalid_tax_id").await;
    let r = admin
        .post(
            "/api/v1/customers",
            json!({"name": "Venezolana", "tax_id": "J-12345678-4", "tax_id_country": "VE"}),
        )
        .await;
    assert_eq!(json_ok(r, 201).await["tax_id_country"], "VE");

    // Pesos have no decimals.
    let r = admin
        .post(
            "/api/v1/customers",
            json!({"name": "Con Centavos", "tax_id": rut(7_654_321), "credit_limit": "100.50"}),
        )
        .await;
    assert_problem(r, 422, "invalid_money").await;
    let r = admin
        .post(
            "/api/v1/customers",
            json!({"name": "Sin Centavos", "tax_id": rut(7_654_321), "credit_limit": "2500000"}),
        )
        .await;
    assert_eq!(json_ok(r, 201).await["credit_limit"], "2500000");
}

async fn invalid_settings_are_refused_and_change_nothing(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let before = settings(&admin).await;

    let refused: [(Value, &str, &str); 12] = [
        (json!({"tax_rate": "150"}), "validation_failed", "tax_rate"),
        (json!({"tax_rate": "abc"}), "validation_failed", "tax_rate"),
        (json!({"tax_rate": "-1"}), "validation_failed", "tax_rate"),
        (json!({"tax_rate": ""}), "validation_failed", "tax_rate"),
        (
            json!({"time_zone": "Mars/Olympus_Mons"}),
            "validation_failed",
            "time_zone",
        ),
        (json!({"time_zone": ""}), "validation_failed", "time_zone"),
        (
            json!({"currency": "dollars"}),
            "validation_failed",
            "currency",
        ),
        (json!({"currency": "U$D"}), "validation_failed", "currency"),
        (
            json!({"company_name": "   "}),
            "validation_failed",
            "company_name",
        ),
        (
            json!({"email": "no-es-un-correo"}),
            "invalid_email",
            "email",
        ),
        // Not deserializable at all: no field is named.
        (json!({"tax_id_country": "AR"}), "validation_failed", ""),
        (json!({"tax_rate": 19}), "validation_failed", ""),
    ];
    for (changes, code, field) in refused {
        let mut all = chile();
        for (k, v) in changes.as_object().unwrap() {
            all[k] = v.clone();
        }
        let body =
            assert_problem(admin.put("/api/v1/settings/company", all).await, 422, code).await;
        if !field.is_empty() {
            assert_eq!(body["field"], field, "{changes}");
        }
        assert_eq!(
            settings(&admin).await,
            before,
            "refused {changes} left the settings unchanged"
        );
    }

    // Roles without the permission change nothing either.
    for role in ["technician", "operator", "seller", "customer"] {
        let s = app.login_as(role).await;
        assert_problem(
            s.put("/api/v1/settings/company", chile()).await,
            403,
            "forbidden",
        )
        .await;
    }
    assert_eq!(settings(&admin).await, before);
    let master = app.login_as("master").await;
    let audit = json_ok(
        master.get("/api/v1/audit?action=settings_changed").await,
        200,
    )
    .await;
    assert!(audit.as_array().unwrap().is_empty(), "nothing was audited");
}

async fn logo_is_uploaded_by_the_office_and_served_as_png(app: TestApp) {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let (status, _, _) = logo(&app).await;
    assert_eq!(status, 404, "no logo yet");
    let before = settings(&admin).await;

    // The seller may not set it.
    let seller = app.login_as("seller").await;
    let r = seller
        .upload("/api/v1/settings/logo", "logo.png", png_bytes(40, 20))
        .await;
    assert_problem(r, 403, "forbidden").await;
    assert_eq!(logo(&app).await.0, 404);

    let r = admin
        .upload("/api/v1/settings/logo", "logo.png", png_bytes(120, 60))
        .await;
    let saved = json_ok(r, 200).await;
    assert!(
        saved.get("logo_path").is_none(),
        "the stored file name is not exposed"
    );
    assert_eq!(
        saved["company_name"], before["company_name"],
        "only the logo changed"
    );

    // Public: printed on tickets and e-mails, so no session is needed.
    let (status, ct, bytes) = logo(&app).await;
    assert_eq!(status, 200);
    assert_eq!(ct, "image/png");
    let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).expect("a PNG");
    assert_eq!((img.width(), img.height()), (120, 60));

    // Refused uploads leave the logo as it was.
    let r = seller
        .upload("/api/v1/settings/logo", "logo.png", png_bytes(10, 10))
        .await;
    assert_problem(r, 403, "forbidden").await;
    let r = admin
        .upload("/api/v1/settings/logo", "logo.png", b"<svg></svg>".to_vec())
        .await;
    assert_problem(r, 415, "unsupported_media_type").await;
    assert_eq!(logo(&app).await.2, bytes);

    // A JPEG is accepted and served as PNG.
    let mut jpeg = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(30, 30, image::Rgb([200, 10, 10]))
        .write_to(&mut jpeg, image::ImageFormat::Jpeg)
        .unwrap();
    assert_eq!(
        admin
            .upload("/api/v1/settings/logo", "logo.jpg", jpeg.into_inner())
            .await
            .status(),
        200
    );
    let (_, ct, bytes) = logo(&app).await;
    assert_eq!(ct, "image/png");
    assert_eq!(
        image::guess_format(&bytes).ok(),
        Some(image::ImageFormat::Png)
    );
}

crate::both_backends!(
    admin_updates_company_settings,
    new_customers_follow_the_company_country_and_currency,
    invalid_settings_are_refused_and_change_nothing,
    logo_is_uploaded_by_the_office_and_served_as_png,
);
