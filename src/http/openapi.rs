//! The OpenAPI document (`/api/openapi.json`) and Swagger UI (`/api/docs/`),
//! whose assets are vendored into the binary (nothing is downloaded).

use actix_web::web;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use super::{
    appointments, auth, customers, dashboard, invoices, notifications, orders, payments, printing,
    realtime, settings, statement, surveys, system, tickets, users,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Faena API", description = "Service operations and real-time customer communication. Errors are application/problem+json with a snake_case `code`. Authenticate with the session cookie or `Authorization: Bearer <token>` from /api/v1/auth/login."),
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
        settings::get_company, settings::get_time_zone, settings::put_company, settings::put_logo, settings::get_logo,
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
        invoices::search_invoices, invoices::export_invoices, invoices::create_invoice,
        invoices::invoice_from_order, invoices::invoice_from_quote, invoices::get_invoice,
        invoices::update_draft, invoices::delete_draft, invoices::issue_invoice,
        invoices::void_invoice, invoices::invoice_pdf, invoices::allocate,
        invoices::undo_allocation, invoices::pay_invoice, invoices::issue_credit_note,
        invoices::list_credit_notes, invoices::get_credit_note, invoices::credit_note_pdf,
        statement::statement, statement::statement_pdf, statement::statement_export,
        statement::customer_credit, statement::receivables,
    ),
    tags((name = "auth"), (name = "users"), (name = "customers"), (name = "settings"), (name = "realtime"), (name = "tickets"), (name = "orders"), (name = "payments"), (name = "printing"), (name = "notifications"), (name = "appointments"), (name = "surveys"), (name = "dashboard"), (name = "system"), (name = "billing"))
)]
pub struct ApiDoc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", ApiDoc::openapi()));
}
