//! The OpenAPI document (`/api/openapi.json`) and Swagger UI (`/api/docs/`),
//! whose assets are vendored into the binary (nothing is downloaded).
//!
//! The document is a contract: generated clients and fuzzers (Schemathesis
//! runs against it in `scripts/test.sh`, see `scripts/schemathesis.sh`) must
//! be able to trust it. The tests in `openapi_tests.rs` hold it to that.
//!
//! # Conventions for a route's `#[utoipa::path]`
//!
//! Annotate what is particular to the route; [`Conventions`] adds what every
//! route of its shape shares, so a new module cannot forget it:
//!
//! - **Errors** are `application/problem+json` with the [`crate::error::Problem`] schema.
//!   Write `(status = 409, description = "tax_id_taken", body = Problem)`;
//!   the content type of every 4xx/5xx response is set here.
//! - **Path parameters**: `{id}` and `{…_id}` are UUIDs and `{token}` an
//!   opaque string; they are declared here when the annotation does not
//!   (declare any other name yourself with `params(...)`).
//! - **Sign-in**: every operation under `/api/v1` needs a session (the
//!   `bearer` or `session_cookie` scheme) and may answer 401, except those in
//!   [`PUBLIC`] and under `/api/v1/public/`. A state-changing one may answer
//!   403 (`forbidden`, `cross_site_request`).
//! - **Shared refusals**, added when the annotation does not document the
//!   status: 404 when the path has a parameter (a malformed or unknown id);
//!   400 (`malformed_json` / `malformed_request`), 413, 415 and 422
//!   (`validation_failed`) when there is a request body; 400 and 422 when
//!   there are query parameters (a malformed query, a NUL character).
//!   Every operation under `/api/v1/public/` may answer 429 (the per-address
//!   limit on public links). Document route-specific codes yourself (409,
//!   422 `invalid_…`, other 429s).
//! - **Uploads**: a multipart form's file fields name the media types they
//!   take in [`UPLOADS`] (set as the form's `encoding`).
//! - **Input bounds** go on the request types as `#[schema(...)]`
//!   (`min_length`, `max_length`, `pattern`, `minimum`, `maximum`, `format`,
//!   enums) and must say exactly what the service accepts: a request the
//!   schema allows must not be refused with 422 for its shape.

use std::sync::LazyLock;

use actix_web::web;
use utoipa::openapi::encoding::EncodingBuilder;
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{
    AdditionalProperties, KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type,
};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{Content, Ref, RefOr, Required};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

use super::{
    appointments, auth, crm, customer_metrics, customers, dashboard, interactions, invoices,
    notifications, onboarding, orders, payments, printing, purchasing, quotes, realtime, reports,
    service_plans, settings, sla, statement, stock, surveys, system, tickets, users,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Faena API", description = "Service operations and real-time customer communication. Errors are application/problem+json with a snake_case `code` (and the offending `field` when there is one). Authenticate with the session cookie or `Authorization: Bearer <token>` from /api/v1/auth/login; a state-changing request signed by the cookie must come from the site itself (`Origin`). Text never contains a NUL character (422 `validation_failed`)."),
    modifiers(&Conventions),
    paths(
        system::healthz, system::readyz, system::metrics,
        auth::login, auth::logout, auth::me, auth::change_password, auth::recover, auth::reset,
        users::list_users, users::create_user, users::get_user, users::update_user, users::set_active,
        users::upload_photo, users::get_photo, users::audit_log,
        customers::list_customers, customers::create_customer, customers::get_customer,
        customers::update_customer, customers::set_customer_active, customers::list_contacts,
        customers::add_contact, customers::update_contact, customers::invite_contact,
        customers::list_equipment, customers::add_equipment, customers::get_equipment,
        customers::update_equipment, customers::list_readings, customers::add_reading,
        interactions::list_interactions, interactions::add_interaction,
        customer_metrics::customer_metrics, customer_metrics::at_risk, customer_metrics::segments,
        customer_metrics::recompute,
        onboarding::list_tasks, onboarding::start, onboarding::update_task,
        service_plans::get_plan, service_plans::put_plan, service_plans::due_soon,
        settings::get_company, settings::get_time_zone, settings::put_company, settings::put_logo, settings::get_logo, settings::get_billing, settings::put_billing, settings::get_post_sale, settings::put_post_sale,
        sla::get_settings, sla::put_settings, sla::compliance,
        realtime::token, realtime::unread,
        tickets::list_tickets, tickets::create_ticket, tickets::get_ticket, tickets::change_state,
        tickets::assign, tickets::change_priority, tickets::list_events,
        tickets::upload_attachment, tickets::download_attachment,
        orders::list_orders, orders::create_order, orders::get_order, orders::update_order,
        orders::set_active, orders::set_technicians, orders::rotate_qr, orders::post_event,
        orders::edit_event, orders::delete_event, orders::event_history, orders::part_history, orders::get_photo, orders::get_thumb,
        orders::add_part, orders::update_part, orders::delete_part, orders::list_parts,
        orders::my_orders, orders::list_statuses, orders::create_status, orders::update_status,
        orders::reorder_statuses, orders::public_order, orders::public_photo, orders::public_thumb,
        payments::list_methods, payments::create_method, payments::update_method, payments::delete_method,
        payments::search_payments, payments::get_payment, payments::delete_payment,
        payments::order_payments, payments::register_payment, payments::order_balance, payments::close_order, payments::reopen_order,
        printing::ticket, printing::report, printing::receipt,
        notifications::deliveries, notifications::dead_letters, notifications::retry_dead,
        notifications::vapid_public_key, notifications::list_subscriptions,
        notifications::subscribe, notifications::unsubscribe,
        notifications::get_preferences, notifications::put_preferences,
        notifications::unsubscribe_page, notifications::unsubscribe_one_click,
        surveys::pending, surveys::answer, surveys::metrics, surveys::public_survey,
        surveys::public_answer, dashboard::dashboard,
        appointments::list_appointments, appointments::create_appointment, appointments::get_appointment,
        appointments::confirm_appointment, appointments::request_reschedule, appointments::move_appointment,
        appointments::cancel_appointment, appointments::complete_appointment, appointments::list_reminders,
        appointments::list_requests, appointments::create_request, appointments::get_request,
        appointments::upload_request_photos, appointments::get_request_photo,
        appointments::triage_request, appointments::convert_request,
        quotes::list_quotes, quotes::create_quote, quotes::preview_quote, quotes::get_quote,
        quotes::update_quote, quotes::send_quote, quotes::answer_quote, quotes::quote_pdf,
        quotes::public_quote, quotes::public_answer, quotes::public_pdf,
        crm::list_opportunities, crm::create_opportunity, crm::get_opportunity, crm::update_opportunity,
        crm::move_opportunity, crm::reopen_opportunity, crm::board, crm::metrics, crm::dashboard,
        crm::lost_reasons, crm::export_opportunities, crm::export_directory, crm::list_documents,
        crm::upload_document, crm::download_document, crm::delete_document,
        stock::list_items, stock::create_item, stock::get_item, stock::update_item,
        stock::set_item_active, stock::list_moves, stock::record_move, stock::item_availability,
        stock::availability, stock::reorder_list, stock::backorders, stock::draft_purchase_orders, stock::install_part,
        purchasing::list_suppliers, purchasing::create_supplier, purchasing::get_supplier,
        purchasing::update_supplier, purchasing::set_supplier_active, purchasing::add_contact,
        purchasing::update_contact, purchasing::delete_contact, purchasing::supplier_performance,
        purchasing::ranking, purchasing::list_orders, purchasing::create_order, purchasing::get_order,
        purchasing::set_notes, purchasing::add_line, purchasing::update_line, purchasing::delete_line,
        purchasing::send_order, purchasing::receive, purchasing::cancel_order, purchasing::close_short,
        purchasing::items, purchasing::order_pdf,
        invoices::search_invoices, invoices::export_invoices, invoices::create_invoice,
        invoices::invoice_from_order, invoices::invoice_from_quote, invoices::get_invoice,
        invoices::update_draft, invoices::delete_draft, invoices::issue_invoice,
        invoices::void_invoice, invoices::invoice_pdf, invoices::allocate,
        invoices::undo_allocation, invoices::pay_invoice, invoices::issue_credit_note,
        invoices::list_credit_notes, invoices::get_credit_note, invoices::credit_note_pdf,
        reports::revenue, reports::export_revenue, reports::operations,
        reports::export_operations, reports::operations_records, reports::parts,
        reports::export_parts, reports::parts_records, reports::sales, reports::export_sales,
        reports::sales_records, reports::quality, reports::export_quality,
        reports::quality_records, reports::subscriptions, reports::subscribe,
        reports::unsubscribe,
        statement::statement, statement::statement_pdf, statement::send_statement, statement::statement_export,
        statement::customer_credit, statement::receivables,
    ),
    tags((name = "auth"), (name = "crm"), (name = "users"), (name = "customers"), (name = "service_plans"), (name = "settings"), (name = "realtime"), (name = "tickets"), (name = "orders"), (name = "payments"), (name = "printing"), (name = "notifications"), (name = "appointments"), (name = "surveys"), (name = "dashboard"), (name = "quotes"), (name = "stock"), (name = "purchasing"), (name = "billing"), (name = "reports"), (name = "system"))
)]
pub struct ApiDoc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", DOCUMENT.clone()));
}

/// The document, built once (the 405 answers read their `Allow` from it).
pub static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(ApiDoc::openapi);

/// Operations under `/api/v1` that need no session (besides everything under
/// `/api/v1/public/`): (method, path).
pub const PUBLIC: &[(&str, &str)] = &[
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/recover"),
    ("post", "/api/v1/auth/reset"),
    ("get", "/api/v1/push/vapid-public-key"),
    ("get", "/api/v1/notifications/unsubscribe"),
    ("post", "/api/v1/notifications/unsubscribe"),
    ("get", "/api/v1/settings/time-zone"),
    ("get", "/api/v1/settings/logo"),
];

/// Images the server recognizes by content (photos, logos).
const IMAGES: &str = "image/png, image/jpeg, image/webp, image/gif";

/// The media types of multipart file fields, as their `encoding`:
/// (schema of the form, field, media types). A new upload form adds its
/// line here.
pub const UPLOADS: &[(&str, &str, &str)] = &[
    ("FileUpload", "file", IMAGES),
    ("PhotosUpload", "photos", IMAGES),
    ("EventUpload", "photos", IMAGES),
    (
        "AttachmentUpload",
        "file",
        "image/png, image/jpeg, image/webp, image/gif, application/pdf, text/plain",
    ),
    (
        "DocumentUpload",
        "file",
        "image/png, image/jpeg, image/webp, image/gif, application/pdf, text/plain",
    ),
];

/// The schema of a time zone input: one of the IANA names the server knows.
pub fn time_zone_schema() -> utoipa::openapi::schema::Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())))
        .description(Some("An IANA time zone, e.g. America/Caracas."))
        .build()
}

/// Does this operation need a session?
pub fn needs_session(method: &str, path: &str) -> bool {
    path.starts_with("/api/v1/")
        && !path.starts_with("/api/v1/public/")
        && !PUBLIC.contains(&(method, path))
}

/// The security scheme names (see [`Conventions`]).
pub const BEARER: &str = "bearer";
pub const SESSION_COOKIE: &str = "session_cookie";

/// Applies the module's conventions to every operation of the document.
pub struct Conventions;

impl Modify for Conventions {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The `token` of POST /api/v1/auth/login."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            SESSION_COOKIE,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "faena_session",
                "The session cookie set by POST /api/v1/auth/login (its name is the \
                 `auth.cookie_name` setting). State-changing requests signed by it must \
                 come from the site itself.",
            ))),
        );
        // An upload form takes its fields and nothing else.
        for (name, _, _) in UPLOADS {
            if let Some(RefOr::T(Schema::Object(form))) = components.schemas.get_mut(*name) {
                form.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
            }
        }
        for (path, item) in doc.paths.paths.iter_mut() {
            for (method, op) in [
                ("get", &mut item.get),
                ("put", &mut item.put),
                ("post", &mut item.post),
                ("delete", &mut item.delete),
                ("patch", &mut item.patch),
            ] {
                if let Some(op) = op.as_mut() {
                    apply(method, path, op);
                }
            }
        }
    }
}

fn problem(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(PROBLEM_JSON, problem_content())
            .build(),
    )
}

const PROBLEM_JSON: &str = "application/problem+json";

fn problem_content() -> Content {
    Content::new(Some(Ref::from_schema_name("Problem")))
}

/// The names of a path template's parameters: `/a/{id}/b/{x}` → `id`, `x`.
pub fn template_params(path: &str) -> impl Iterator<Item = &str> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
}

fn conventional_param(name: &str) -> Option<Parameter> {
    let schema = if name == "id" || name.ends_with("_id") {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
            .build()
    } else if name == "token" {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(200))
            .build()
    } else {
        return None;
    };
    Some(
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Path)
            .required(Required::True)
            .schema(Some(schema))
            .build(),
    )
}

fn apply(method: &str, path: &str, op: &mut Operation) {
    // Path parameters the annotation left out.
    let params = op.parameters.get_or_insert_with(Vec::new);
    for name in template_params(path) {
        let declared = params
            .iter()
            .any(|p| p.name == name && p.parameter_in == ParameterIn::Path);
        if !declared && let Some(p) = conventional_param(name) {
            params.push(p);
        }
    }
    let has_path_params = template_params(path).next().is_some();
    let has_query = params.iter().any(|p| p.parameter_in == ParameterIn::Query);
    if params.is_empty() {
        op.parameters = None;
    }
    let body_types: Vec<String> = op
        .request_body
        .as_ref()
        .map(|b| b.content.keys().cloned().collect())
        .unwrap_or_default();
    let json_body = body_types.iter().any(|t| t == "application/json");
    if let Some(form) = op
        .request_body
        .as_mut()
        .and_then(|b| b.content.get_mut("multipart/form-data"))
        && let Some(RefOr::Ref(schema)) = &form.schema
    {
        let name = schema.ref_location.rsplit('/').next().unwrap_or_default();
        for (_, field, types) in UPLOADS.iter().filter(|(s, _, _)| *s == name) {
            form.encoding.insert(
                field.to_string(),
                EncodingBuilder::new().content_type(Some(*types)).build(),
            );
        }
    }
    let state_changing = method != "get";

    let responses = &mut op.responses.responses;
    let mut add = |status: &str, description: &str| {
        responses
            .entry(status.to_string())
            .or_insert_with(|| problem(description));
    };
    if needs_session(method, path) {
        op.security = Some(vec![
            SecurityRequirement::new(BEARER, Vec::<String>::new()),
            SecurityRequirement::new(SESSION_COOKIE, Vec::<String>::new()),
        ]);
        add("401", "unauthenticated: no session, or it expired");
        if state_changing {
            add(
                "403",
                "forbidden: the role may not do this; cross_site_request: signed by the \
                 cookie from another site",
            );
        }
    }
    if has_path_params {
        add(
            "404",
            "not_found: no such resource (or the caller may not see it), or a malformed id",
        );
    }
    if !body_types.is_empty() {
        add(
            "400",
            if json_body {
                "malformed_json: the body is not JSON"
            } else {
                "malformed_request: the body is not a well-formed form"
            },
        );
        add("413", "payload_too_large");
        add("415", "unsupported_media_type");
        add(
            "422",
            "validation_failed: a field is missing, of the wrong type, out of bounds or \
             holds a NUL character (`field` names it)",
        );
    }
    if path.starts_with("/api/v1/public/") {
        add(
            "429",
            "too_many_attempts: too many requests for public links from one address; \
             wait a moment",
        );
    }
    if has_query {
        add(
            "400",
            "malformed_request: a query parameter of the wrong type",
        );
        add(
            "422",
            "validation_failed: a query parameter out of bounds or with a NUL character",
        );
    }
    // Every error is problem+json, whatever the annotation said.
    for (status, response) in responses.iter_mut() {
        let is_error = status.starts_with('4') || status.starts_with('5');
        if let (true, RefOr::T(response)) = (is_error, response) {
            response.content.clear();
            response
                .content
                .insert(PROBLEM_JSON.to_string(), problem_content());
        }
    }
}

/// The methods the document serves on a request path (for the `Allow`
/// header of a 405): those of the most literal matching template.
pub fn allowed_methods(path: &str) -> Option<String> {
    static TABLE: LazyLock<Vec<(Vec<String>, Vec<&'static str>)>> = LazyLock::new(|| {
        DOCUMENT
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter_map(|(m, on)| on.then_some(m))
                .collect();
                (template.split('/').map(str::to_string).collect(), methods)
            })
            .collect()
    });
    let segments: Vec<&str> = path.split('/').collect();
    TABLE
        .iter()
        .filter(|(template, _)| {
            template.len() == segments.len()
                && template.iter().zip(&segments).all(|(t, s)| {
                    t == s || (t.starts_with('{') && t.ends_with('}') && !s.is_empty())
                })
        })
        .min_by_key(|(template, _)| template.iter().filter(|t| t.starts_with('{')).count())
        .map(|(_, methods)| methods.join(", "))
}

#[cfg(test)]
#[path = "openapi_tests.rs"]
mod tests;
