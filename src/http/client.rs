//! Serves the web client (built into `client/dist` by the README's first
//! command) from inside the binary. Unknown paths get `index.html` so the
//! client's router handles them (`/login`, `/o/<token>`, ...).

use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse, web};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "client/dist/"]
#[allow_missing = true]
struct ClientAssets;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.default_service(web::to(serve));
}

async fn serve(req: HttpRequest) -> HttpResponse {
    // Pages are only read: any other method is refused, not answered with HTML.
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return crate::http::headers::method_not_allowed();
    }
    // The API never answers with a page: a resource that lacks the method
    // falls back to this service (actix uses the app's default), so a path
    // under /api/ gets the API's own 404 / 405 problem.
    if req.path().starts_with("/api/") {
        return match crate::http::api_not_found(req.clone()).await {
            Ok(res) => res,
            Err(e) => actix_web::ResponseError::error_response(&e),
        };
    }
    let path = req.path().trim_start_matches('/');
    if let Some(file) = ClientAssets::get(path).filter(|_| !path.is_empty()) {
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        // Vite fingerprints everything under assets/, so it can be cached for good.
        let cache = if path.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        return HttpResponse::Ok()
            .content_type(mime.as_ref())
            .insert_header(("Cache-Control", cache))
            .body(file.data.into_owned());
    }
    match ClientAssets::get("index.html") {
        Some(index) => HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header(("Cache-Control", "no-cache"))
            .body(index.data.into_owned()),
        None => HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body(
            "The web client is not built into this binary. Build it with `npm --prefix client ci && npm --prefix client run build`, then rebuild Faena (the README's first command does both).",
        ),
    }
}
