//! The company's time zone is public: every screen, signed in or not (the QR
//! page, the survey), shows times in it, and it follows the settings.

use serde_json::json;

use crate::helpers::*;

async fn anyone_reads_the_company_time_zone(app: TestApp) {
    app.load_demo().await;
    let anonymous = app.anonymous();
    let zone = json_ok(anonymous.get("/api/v1/settings/time-zone").await, 200).await;
    let admin = app.login_as("admin").await;
    let mut settings = json_ok(admin.get("/api/v1/settings/company").await, 200).await;
    assert_eq!(zone["time_zone"], settings["time_zone"]);

    settings["time_zone"] = json!("America/Santiago");
    json_ok(admin.put("/api/v1/settings/company", settings).await, 200).await;
    let zone = json_ok(anonymous.get("/api/v1/settings/time-zone").await, 200).await;
    assert_eq!(zone, json!({"time_zone": "America/Santiago"}));
}

both_backends!(anyone_reads_the_company_time_zone);
