//! Staff users: creation by the master user with an e-mailed invitation,
//! e-mail validation and uniqueness, role changes (audited, signing the user
//! out), the master-only audit log, self-service profile edits and profile
//! photos (re-encoded as JPEG, with type and size limits).

use reqwest::Response;
use serde_json::{Value, json};

use crate::helpers::*;

// --- helpers ---------------------------------------------------------------

/// The staff users the master sees (customer portal users are never listed).
async fn staff(master: &Session) -> Vec<Value> {
    let list = json_ok(master.get("/api/v1/users").await, 200).await;
    list.as_array().expect("a JSON array of users").clone()
}

async fn staff_count(master: &Session) -> usize {
    staff(master).await.len()
}

async fn create_user(master: &Session, email: &str, name: &str, role: &str) -> Response {
    master
        .post(
            "/api/v1/users",
            json!({"email": email, "name": name, "role": role}),
        )
        .await
}

/// Audit entries of one action, newest first (as the master user).
async fn audit_of(master: &Session, action: &str) -> Vec<Value> {
    let entries = json_ok(
        master.get(&format!("/api/v1/audit?action={action}")).await,
        200,
    )
    .await;
    entries
        .as_array()
        .expect("a JSON array of audit entries")
        .clone()
}

async fn user(s: &Session, id: &str) -> Value {
    json_ok(s.get(&format!("/api/v1/users/{id}")).await, 200).await
}

/// Status, content type and body of `GET /api/v1/users/{id}/photo`.
async fn photo(s: &Session, id: &str) -> (u16, String, Vec<u8>) {
    let r = s.get(&format!("/api/v1/users/{id}/photo")).await;
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ct, r.bytes().await.unwrap().to_vec())
}

/// A PNG of pseudo-random pixels: it does not compress, so it is about
/// `3 * w * h` bytes (`png_bytes` makes gradients that compress very well).
fn noisy_png(w: u32, h: u32) -> Vec<u8> {
    let mut state = 0x2545_f491_u32;
    let img = image::RgbImage::from_fn(w, h, |_, _| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let [r, g, b, _] = state.to_le_bytes();
        image::Rgb([r, g, b])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn assert_jpeg(bytes: &[u8]) -> image::DynamicImage {
    assert_eq!(
        image::guess_format(bytes).ok(),
        Some(image::ImageFormat::Jpeg),
        "not a JPEG"
    );
    image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg)
        .expect("the photo decodes as JPEG")
}

// --- stories ---------------------------------------------------------------

async fn master_creates_a_staff_user_who_accepts_the_invitation(app: TestApp) {
    app.load_demo().await;
    let master = app.login_as("master").await;
    let before = staff_count(&master).await;

    let r = create_user(
        &master,
        "Nuevo.Tecnico@Faena.demo",
        "  Nuevo Técnico ",
        "technician",
    )
    .await;
    let created = json_ok(r, 201).await;
    assert_eq!(
        created["email"], "nuevo.tecnico@faena.demo",
        "e-mails are stored in lower case"
    );
    assert_eq!(created["name"], "Nuevo Técnico", "names are trimmed");
    assert_eq!(created["role"], "technician");
    assert_eq!(created["active"], true);
    assert_eq!(created["has_password"], false);
    assert!(created.get("password_hash").is_none() && created.get("photo_path").is_none());
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(staff_count(&master).await, before + 1);

    // The creation is audited.
    let audit = audit_of(&master, "user_created").await;
    assert!(
        audit
            .iter()
            .any(|e| e["subject_id"] == id.as_str() && e["actor_id"] == master.user_id().as_str())
    );

    // Before accepting the invitation they have no password to sign in with.
    let anon = app.anonymous();
    let r = anon
        .post(
            "/api/v1/auth/login",
            json!({"email": "nuevo.tecnico@faena.demo", "password": "whatever-1"}),
        )
        .await;
    assert_problem(r, 401, "invalid_credentials").await;

    // The invitation carries a one-time `set-password` link.
    let mail = app.last_email_to("nuevo.tecnico@faena.demo");
    assert!(mail.contains("Nuevo Técnico"), "{mail}");
    let token = link_token(&mail, "set-password");
    let r = anon
        .post(
            "/api/v1/auth/reset",
            json!({"token": token, "new_password": "tecnico-nuevo-1"}),
        )
        .await;
    assert_eq!(r.status(), 204);
    let r = anon
        .post(
            "/api/v1/auth/reset",
            json!({"token": token, "new_password": "tecnico-nuevo-2"}),
        )
        .await;
    assert_problem(r, 422, "invalid_token").await;

    let newcomer = app
        .login("NUEVO.TECNICO@faena.demo", "tecnico-nuevo-1")
        .await;
    assert_eq!(newcomer.user_id(), id);
    let me = json_ok(newcomer.get("/api/v1/auth/me").await, 200).await;
    assert_eq!(me["role"], "technician");
    assert_eq!(me["has_password"], true);
}

async fn bad_or_duplicate_emails_and_customer_role_are_refused(app: TestApp) {
    app.load_demo().await;
    let master = app.login_as("master").await;
    let before = staff(&master).await;

    // The same e-mail in another letter case is the same e-mail.
    let r = create_user(&master, "ADMIN@Faena.Demo", "Otra Ana", "admin").await;
    let body = assert_problem(r, 409, "email_taken").await;
    assert_eq!(body["field"], "email");

    let r = create_user(&master, "not-an-email", "Sin Correo", "operator").await;
    let body = assert_problem(r, 422, "invalid_email").await;
    assert_eq!(body["field"], "email");
    let r = create_user(&master, "two@@faena.demo", "Sin Correo", "operator").await;
    assert_problem(r, 422, "invalid_email").await;

    // Customer accounts come only from inviting a customer contact.
    let r = create_user(
        &master,
        "cliente.nuevo@faena.demo",
        "Cliente Nuevo",
        "customer",
    )
    .await;
    let body = assert_problem(r, 422, "validation_failed").await;
    assert_eq!(body["field"], "role");
    // An unknown role does not even deserialize.
    let r = create_user(&master, "mago@faena.demo", "Mago", "wizard").await;
    assert_problem(r, 422, "validation_failed").await;
    // A blank name is refused.
    let r = create_user(&master, "blank@faena.demo", "   ", "operator").await;
    assert_problem(r, 422, "validation_failed").await;

    assert_eq!(
        staff(&master).await,
        before,
        "no refused request created or changed a user"
    );
    assert!(app.emails().is_empty(), "no invitation was sent");
}

async fn role_change_is_audited_and_signs_the_user_out(app: TestApp) {
    app.load_demo().await;
    let master = app.login_as("master").await;
    let tech = app.login_as("technician").await;
    let id = tech.user_id();
    assert_problem(tech.get("/api/v1/users").await, 403, "forbidden").await;

    let r = master
        .patch(&format!("/api/v1/users/{id}"), json!({"role": "operator"}))
        .await;
    assert_eq!(json_ok(r, 200).await["role"], "operator");

    // The old session is gone: permissions changed, so they sign in again.
    assert_problem(tech.get("/api/v1/auth/me").await, 401, "unauthenticated").await;

    let audit = audit_of(&master, "role_changed").await;
    let entry = audit
        .iter()
        .find(|e| e["subject_id"] == id.as_str())
        .expect("role change audited");
    assert_eq!(entry["actor_id"], master.user_id().as_str());
    assert_eq!(entry["detail"], "technician -> operator");
    assert_eq!(entry["subject_type"], "user");

    // Signed in again, they have the new role and its permissions.
    let (email, password) = demo_credentials("technician");
    let again = app.login(email, password).await;
    assert_eq!(again.user["role"], "operator");
    assert_eq!(again.get("/api/v1/users").await.status(), 200);
    let operators = json_ok(
        master.get("/api/v1/users?role=operator&active=true").await,
        200,
    )
    .await;
    assert!(
        operators
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == id.as_str())
    );
    assert!(
        operators
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["role"] == "operator")
    );
    let techs = json_ok(master.get("/api/v1/users?role=technician").await, 200).await;
    assert!(techs.as_array().unwrap().is_empty());

    // Staff cannot be turned into a customer account, and the last master stays master.
    let r = master
        .patch(&format!("/api/v1/users/{id}"), json!({"role": "customer"}))
        .await;
    assert_problem(r, 422, "validation_failed").await;
    let me = master.user_id();
    let r = master
        .patch(&format!("/api/v1/users/{me}"), json!({"role": "admin"}))
        .await;
    assert_problem(r, 409, "conflict").await;
    assert_eq!(user(&master, &id).await["role"], "operator");
    assert_eq!(user(&master, &me).await["role"], "master");
    assert_eq!(
        audit_of(&master, "role_changed").await.len(),
        1,
        "refused changes are not audited"
    );
    // Even with a second master, nobody changes their own role.
    json_ok(
        master
            .patch(&format!("/api/v1/users/{id}"), json!({"role": "master"}))
            .await,
        200,
    )
    .await;
    let r = master
        .patch(&format!("/api/v1/users/{me}"), json!({"role": "admin"}))
        .await;
    let p = assert_problem(r, 409, "conflict").await;
    assert!(p["detail"].as_str().unwrap().contains("your own role"));
    assert_eq!(user(&master, &me).await["role"], "master");
}

async fn only_master_reads_the_audit_log(app: TestApp) {
    app.load_demo().await;
    let master = app.login_as("master").await;
    let log = json_ok(master.get("/api/v1/audit").await, 200).await;
    assert!(log.is_array());
    for role in ["admin", "technician", "operator", "seller", "customer"] {
        let s = app.login_as(role).await;
        assert_problem(s.get("/api/v1/audit").await, 403, "forbidden").await;
        assert_problem(
            s.get("/api/v1/audit?action=role_changed").await,
            403,
            "forbidden",
        )
        .await;
    }
    assert_problem(
        app.anonymous().get("/api/v1/audit").await,
        401,
        "unauthenticated",
    )
    .await;
}

async fn audit_log_pages_newest_first(app: TestApp) {
    app.load_demo().await;
    let master = app.login_as("master").await;
    for n in 0..5 {
        let r = create_user(
            &master,
            &format!("auditado{n}@faena.demo"),
            &format!("Auditado {n}"),
            "operator",
        )
        .await;
        assert_eq!(r.status(), 201);
    }
    let all = audit_of(&master, "user_created").await;
    assert_eq!(all.len(), 5);
    let details: Vec<_> = all
        .iter()
        .map(|e| e["detail"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<_> = (0..5)
        .rev()
        .map(|n| format!("auditado{n}@faena.demo as operator"))
        .collect();
    assert_eq!(details, expected, "newest first");

    // Two at a time, each page starting before the last id of the previous one.
    let mut paged = Vec::new();
    let mut url = "/api/v1/audit?action=user_created&limit=2".to_string();
    loop {
        let page = json_ok(master.get(&url).await, 200).await;
        let page = page.as_array().unwrap().clone();
        assert!(page.len() <= 2);
        let Some(last) = page.last() else { break };
        url = format!(
            "/api/v1/audit?action=user_created&limit=2&before={}",
            last["id"].as_str().unwrap()
        );
        paged.extend(page);
    }
    assert_eq!(paged, all);
}

async fn users_edit_their_own_name_but_not_their_role(app: TestApp) {
    app.load_demo().await;
    let master = app.login_as("master").await;
    let operator = app.login_as("operator").await;
    let me = operator.user_id();

    let r = operator
        .patch(
            &format!("/api/v1/users/{me}"),
            json!({"name": "Olga Renombrada", "phone": "+58 412 555 0000"}),
        )
        .await;
    let updated = json_ok(r, 200).await;
    assert_eq!(updated["name"], "Olga Renombrada");
    assert_eq!(updated["phone"], "+58 412 555 0000");
    assert_eq!(updated["role"], "operator");

    // Not their own role, not even together with an allowed change.
    let r = operator
        .patch(&format!("/api/v1/users/{me}"), json!({"role": "admin"}))
        .await;
    assert_problem(r, 403, "forbidden").await;
    let r = operator
        .patch(
            &format!("/api/v1/users/{me}"),
            json!({"name": "Olga Jefa", "role": "master"}),
        )
        .await;
    assert_problem(r, 403, "forbidden").await;
    let now = user(&master, &me).await;
    assert_eq!(now["role"], "operator");
    assert_eq!(now["name"], "Olga Renombrada");
    // Still signed in: nothing changed.
    assert_eq!(operator.get("/api/v1/auth/me").await.status(), 200);

    // Not someone else's profile.
    let admin_id = app.login_as("admin").await.user_id();
    let admin_before = user(&master, &admin_id).await;
    let r = operator
        .patch(
            &format!("/api/v1/users/{admin_id}"),
            json!({"name": "Hackeada"}),
        )
        .await;
    assert_problem(r, 403, "forbidden").await;
    assert_eq!(user(&master, &admin_id).await, admin_before);

    // A blank name is refused.
    let r = operator
        .patch(&format!("/api/v1/users/{me}"), json!({"name": "  "}))
        .await;
    assert_problem(r, 422, "validation_failed").await;
    assert_eq!(user(&master, &me).await["name"], "Olga Renombrada");
}

async fn profile_photo_is_reencoded_as_jpeg(app: TestApp) {
    app.load_demo().await;
    let tech = app.login_as("technician").await;
    let id = tech.user_id();
    let (status, _, _) = photo(&tech, &id).await;
    assert_eq!(status, 404, "no photo yet");
    let me = json_ok(tech.get("/api/v1/auth/me").await, 200).await;
    assert_eq!(me["has_photo"], false, "{me}");

    let r = tech
        .upload(
            &format!("/api/v1/users/{id}/photo"),
            "yo.png",
            png_bytes(64, 48),
        )
        .await;
    let body = json_ok(r, 200).await;
    assert_eq!(body["id"], id.as_str());
    assert!(
        body.get("photo_path").is_none(),
        "the stored file name is not exposed"
    );
    assert_eq!(body["has_photo"], true);

    let (status, ct, bytes) = photo(&tech, &id).await;
    assert_eq!(status, 200);
    assert_eq!(ct, "image/jpeg");
    let img = assert_jpeg(&bytes);
    assert_eq!((img.width(), img.height()), (64, 48));

    // Big pictures are scaled down to fit max_image_side (1024 by default).
    let r = tech
        .upload(
            &format!("/api/v1/users/{id}/photo"),
            "big.png",
            png_bytes(2048, 1024),
        )
        .await;
    assert_eq!(r.status(), 200);
    let (_, _, bytes) = photo(&tech, &id).await;
    let img = assert_jpeg(&bytes);
    assert_eq!((img.width(), img.height()), (1024, 512));

    // Staff who list users may see it; others may not.
    let (status, ct, _) = photo(&app.login_as("operator").await, &id).await;
    assert_eq!((status, ct.as_str()), (200, "image/jpeg"));
    let customer = app.login_as("customer").await;
    assert_problem(
        customer.get(&format!("/api/v1/users/{id}/photo")).await,
        403,
        "forbidden",
    )
    .await;
    // Nor change someone else's photo (a seller, who may see it).
    let r = app
        .login_as("seller")
        .await
        .upload(
            &format!("/api/v1/users/{id}/photo"),
            "x.png",
            png_bytes(8, 8),
        )
        .await;
    assert_problem(r, 403, "forbidden").await;
    assert_eq!(photo(&tech, &id).await.2, bytes, "the photo is unchanged");
}

async fn photo_upload_refuses_files_that_are_not_images(app: TestApp) {
    app.load_demo().await;
    let tech = app.login_as("technician").await;
    let id = tech.user_id();
    let path = format!("/api/v1/users/{id}/photo");
    assert_eq!(
        tech.upload(&path, "yo.png", png_bytes(32, 32))
            .await
            .status(),
        200
    );
    let (_, _, original) = photo(&tech, &id).await;

    // A text file with a .png name: its content has no image signature, so
    // the type is refused before any decoding.
    let r = tech
        .upload(
            &path,
            "notes.png",
            b"these are my notes, not a picture\n".to_vec(),
        )
        .await;
    assert_problem(r, 415, "unsupported_media_type").await;
    // Looks like a PNG (signature) but is not decodable.
    let mut broken = png_bytes(32, 32);
    broken.truncate(40);
    let r = tech.upload(&path, "broken.png", broken).await;
    assert_problem(r, 422, "invalid_image").await;
    // A recognised but unsupported image type (a BMP signature).
    let mut bmp = b"BM".to_vec();
    bmp.extend_from_slice(&[0u8; 64]);
    let r = tech.upload(&path, "pic.bmp", bmp).await;
    assert_problem(r, 415, "unsupported_media_type").await;

    assert_eq!(
        photo(&tech, &id).await.2,
        original,
        "refused uploads leave the photo unchanged"
    );
}

async fn oversized_photo_is_refused(app: TestApp) {
    let app = spawn_app_with(app.backend, |s| s.uploads.max_image_bytes = 10_000).await;
    app.load_demo().await;
    let tech = app.login_as("technician").await;
    let id = tech.user_id();
    let path = format!("/api/v1/users/{id}/photo");
    let small = png_bytes(16, 16);
    assert!(small.len() < 10_000);
    assert_eq!(tech.upload(&path, "small.png", small).await.status(), 200);
    let (_, _, original) = photo(&tech, &id).await;
    let before = json_ok(tech.get("/api/v1/auth/me").await, 200).await;

    // `png_bytes(400, 400)` compresses to ~4 KB, under the limit: use noise.
    let big = noisy_png(400, 400);
    assert!(
        big.len() > 10_000,
        "the test image must exceed the limit ({} bytes)",
        big.len()
    );
    let r = tech.upload(&path, "big.png", big).await;
    assert_problem(r, 413, "payload_too_large").await;
    // Just over the limit, too.
    let mut side = 50;
    let just_over = loop {
        let png = noisy_png(side, side);
        if png.len() > 10_000 {
            break png;
        }
        side += 1;
    };
    assert!(just_over.len() < 12_000);
    let r = tech.upload(&path, "just-over.png", just_over).await;
    assert_problem(r, 413, "payload_too_large").await;

    assert_eq!(
        photo(&tech, &id).await.2,
        original,
        "the photo is unchanged"
    );
    let after = json_ok(tech.get("/api/v1/auth/me").await, 200).await;
    assert_eq!(after["updated_at"], before["updated_at"]);
}

crate::both_backends!(
    master_creates_a_staff_user_who_accepts_the_invitation,
    bad_or_duplicate_emails_and_customer_role_are_refused,
    role_change_is_audited_and_signs_the_user_out,
    only_master_reads_the_audit_log,
    audit_log_pages_newest_first,
    users_edit_their_own_name_but_not_their_role,
    profile_photo_is_reencoded_as_jpeg,
    photo_upload_refuses_files_that_are_not_images,
    oversized_photo_is_refused,
);
