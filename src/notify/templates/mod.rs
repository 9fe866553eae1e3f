//! E-mail templates: one [`Message`] per event, rendered in Spanish (the
//! default) or English as a subject, a plain-text body and an HTML body,
//! with the company's name and logo.
//!
//! Messages are rendered when the notification is enqueued, so the outbox
//! row holds exactly what will be sent and a retry sends the same text.

use serde::{Deserialize, Serialize};

use super::mail::escape_html;

mod bodies;
mod when;

use bodies::body;
pub use when::When;

/// Language of a rendered message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    Es,
    En,
}

impl Lang {
    /// "en" → English; anything else → Spanish (the default).
    pub fn parse(code: &str) -> Lang {
        if code.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Es
        }
    }
}

/// The company as it appears in e-mails.
#[derive(Debug, Clone)]
pub struct Branding {
    pub company: String,
    /// Absolute URL of the logo, when there is one.
    pub logo_url: Option<String>,
}

/// What to tell someone; each variant is one template.
#[derive(Debug, Clone)]
pub enum Message {
    PasswordRecovery {
        name: String,
        link: String,
        minutes: i64,
    },
    Invitation {
        name: String,
        link: String,
        hours: i64,
    },
    /// A public status update or comment on a service order.
    OrderUpdate {
        name: String,
        order_number: String,
        status: String,
        comment: String,
        link: String,
    },
    OrderClosed {
        name: String,
        order_number: String,
        link: String,
    },
    PaymentReceipt {
        name: String,
        order_number: String,
        amount: String,
        link: String,
    },
    /// Hook for the billing work: a quote is ready for the customer.
    QuoteReady {
        name: String,
        quote_number: String,
        total: String,
        link: String,
    },
    /// To the office and the order's technicians: the customer answered a
    /// quote (approved, rejected or asked for changes).
    QuoteAnswered {
        name: String,
        quote_number: String,
        customer: String,
        /// approved | rejected | changes_requested
        answer: String,
        comment: String,
        link: String,
    },
    /// To the customer: a quote they have not answered expires soon.
    QuoteExpiring {
        name: String,
        quote_number: String,
        /// The last valid day, as people write it.
        valid_until: String,
        link: String,
    },
    /// To the customer: an invoice was issued (its PDF is attached).
    InvoiceIssued {
        name: String,
        invoice_number: String,
        total: String,
        link: String,
    },
    /// To the customer: a credit note was issued on one of their invoices
    /// (its PDF is attached).
    CreditNoteIssued {
        name: String,
        credit_note_number: String,
        invoice_number: String,
        total: String,
        link: String,
    },
    /// To the customer: the office sent their account statement (its PDF
    /// is attached).
    StatementSent {
        name: String,
        /// The period, as people write it.
        period: String,
        /// The closing balance, formatted with the currency.
        closing_balance: String,
        link: String,
    },
    /// An invoice falls due soon (`days_late` < 0), today, or is overdue.
    InvoiceReminder {
        name: String,
        invoice_number: String,
        /// What is still open on it, formatted with the currency.
        open: String,
        /// The due date as people write it.
        due: String,
        /// Days after the due date (negative: before).
        days_late: i32,
        link: String,
    },
    /// An appointment was booked, confirmed, moved, cancelled or completed,
    /// or is coming up (reminder).
    Appointment {
        event: AppointmentEvent,
        name: String,
        /// When it starts; written for people in the company's time zone
        /// ("jueves 3 de diciembre, 6:18").
        when: When,
        place: String,
        link: String,
    },
    /// To a technician: they were put on a service order.
    OrderAssigned {
        name: String,
        order_number: String,
        customer: String,
        reason: String,
        link: String,
    },
    /// Staff answered in a support ticket's chat.
    TicketReply {
        name: String,
        ticket_number: String,
        subject: String,
        /// The start of the reply.
        excerpt: String,
        link: String,
    },
    /// After an order or ticket closes: how did we do?
    SurveyInvitation {
        name: String,
        /// The order's or ticket's number.
        number: String,
        link: String,
        expires_days: i64,
    },
    /// To the office: a survey came back poor; a complaint ticket is open.
    SurveyPoorAnswer {
        name: String,
        number: String,
        nps: i32,
        csat: i32,
        comment: String,
        ticket_number: String,
        link: String,
    },
    /// To the office: a customer asked for another time for a visit; the
    /// office decides and moves it (the visit stands until then).
    RescheduleRequested {
        name: String,
        customer: String,
        /// When the visit is booked now.
        when: When,
        /// The start the customer would like, if they said.
        proposed: Option<When>,
        comment: String,
        link: String,
    },
    /// To the office: a customer opened a support ticket in the portal.
    TicketOpened {
        name: String,
        customer: String,
        ticket_number: String,
        subject: String,
        link: String,
    },
    /// To a ticket's assignee (or the office): an SLA target falls due soon
    /// (`breached: false`) or was missed (`breached: true`).
    TicketSla {
        name: String,
        ticket_number: String,
        subject: String,
        target: crate::domain::sla::SlaTarget,
        /// The deadline as people write it (local time).
        due: String,
        breached: bool,
        link: String,
    },
    /// To a subscriber: the report of the week or month just ended, with
    /// its XLSX attached.
    ReportScheduled {
        name: String,
        report: crate::domain::report::ReportKind,
        /// The first and last day covered, as people write them.
        from: String,
        to: String,
        link: String,
    },
    /// To a step's owner: a new customer's onboarding step is due.
    OnboardingStepDue {
        name: String,
        customer: String,
        step: String,
        /// The due day as people write it.
        due: String,
        link: String,
    },
    /// To the seller and the office: a customer crossed the at-risk
    /// threshold.
    CustomerAtRisk {
        name: String,
        customer: String,
        score: i64,
        /// How many warning signals add to the score.
        signals: usize,
        link: String,
    },
    /// A machine's warranty ends soon (to the seller and the office, or,
    /// `to_customer`, to the customer's contacts).
    WarrantyEnding {
        name: String,
        customer: String,
        machine: String,
        /// The end day as people write it.
        ends: String,
        /// A part installed on the machine whose warranty ends (not the
        /// machine's own warranty).
        part: Option<String>,
        to_customer: bool,
        link: String,
    },
    /// To the office: a machine's maintenance plan falls due and Faena
    /// proposed a visit to the customer.
    MaintenanceDue {
        name: String,
        customer: String,
        /// The machine, as people name it (brand, model, serial).
        machine: String,
        /// The due day as people write it.
        due: String,
        /// The proposed visit.
        proposed: When,
        link: String,
    },
    /// To the office: a customer asked for maintenance in the portal.
    MaintenanceRequested {
        name: String,
        customer: String,
        /// The machine, as people name it (brand, model, serial).
        machine: String,
        description: String,
        link: String,
    },
    /// To an opportunity's owner: the next step they planned is due.
    OpportunityNextStep {
        name: String,
        opportunity: String,
        customer: String,
        next_step: String,
        link: String,
    },
    /// To the office: a catalog item's projected stock fell below its
    /// minimum (once per crossing).
    ReorderNeeded {
        name: String,
        sku: String,
        description: String,
        /// Available + on order, and the minimum, as decimal text.
        projected: String,
        minimum: String,
        link: String,
    },
    /// To the order's technicians and the office: a part that was waiting
    /// "to order" is now reserved for its order (stock arrived).
    BackorderFilled {
        name: String,
        sku: String,
        description: String,
        /// Decimal text in the item's unit.
        quantity: String,
        order_number: String,
        link: String,
    },
    /// To a supplier: our purchase order (its lines, one per paragraph).
    PurchaseOrderSent {
        name: String,
        order_number: String,
        /// "2 × FLT-10 Filtro de aceite — entrega 2026-12-10", one per line.
        lines: Vec<String>,
        notes: String,
    },
}

/// Which appointment template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppointmentEvent {
    /// To the customer: a maintenance plan falls due and a visit is
    /// proposed (accept it or ask for another time in the portal).
    Proposed,
    Scheduled,
    Confirmed,
    Reminder,
    Rescheduled,
    /// To the customer: we received their request for another time.
    RescheduleReceived,
    Cancelled,
    Done,
}

/// A rendered e-mail (without the recipient), kept as the outbox payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenderedEmail {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The opt-out link of a non-essential e-mail, sent as its
    /// `List-Unsubscribe` header (with RFC 8058 one-click POST).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsubscribe: Option<String>,
    /// Files attached to the e-mail (a quote's PDF), base64 in the payload.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<crate::notify::mail::EmailAttachment>,
}

/// The short form of `message` for push and in-app notifications: its
/// paragraphs on one line, without greeting, links or footer.
pub fn summary(message: &Message, lang: Lang, company: &str) -> String {
    body(message, lang, company).paragraphs.join(" ")
}

/// The page `message` points to (its call to action), if any.
pub fn link(message: &Message, lang: Lang) -> Option<String> {
    body(message, lang, "").action.map(|(link, _)| link)
}

/// Renders `message` in `lang` with the company's branding; `unsubscribe`
/// is the one-click opt-out link of non-essential e-mails.
pub fn render(
    message: &Message,
    lang: Lang,
    brand: &Branding,
    unsubscribe: Option<&str>,
) -> RenderedEmail {
    let b = body(message, lang, &brand.company);
    let mut text = format!("{}\n\n", b.greeting);
    let company = escape_html(&brand.company);
    let mut html =
        String::from("<!DOCTYPE html><html><body style=\"font-family:sans-serif;color:#222\">");
    match &brand.logo_url {
        Some(logo) => html.push_str(&format!(
            "<p><img src=\"{}\" alt=\"{company}\" style=\"max-height:64px\"></p>",
            escape_html(logo)
        )),
        None => html.push_str(&format!("<h2>{company}</h2>")),
    }
    html.push_str(&format!("<p>{}</p>", escape_html(&b.greeting)));
    for p in &b.paragraphs {
        text.push_str(p);
        text.push('\n');
        html.push_str(&format!("<p>{}</p>", escape_html(p)));
    }
    if let Some((link, label)) = &b.action {
        text.push_str(link);
        text.push('\n');
        html.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            escape_html(link),
            escape_html(label)
        ));
    }
    if let Some(footer) = &b.footer {
        text.push('\n');
        text.push_str(footer);
        text.push('\n');
        html.push_str(&format!("<p>{}</p>", escape_html(footer)));
    }
    text.push_str(&format!("\n-- \n{}\n", brand.company));
    if let Some(link) = unsubscribe {
        let label = match lang {
            Lang::Es => "No quiero recibir más avisos como este por correo",
            Lang::En => "Stop e-mails like this one",
        };
        text.push_str(&format!("{label}: {link}\n"));
        html.push_str(&format!(
            "<p style=\"font-size:small;color:#777\"><a href=\"{}\">{label}</a></p>",
            escape_html(link)
        ));
    }
    html.push_str("</body></html>");
    RenderedEmail {
        subject: b.subject,
        text,
        html,
        unsubscribe: unsubscribe.map(str::to_owned),
        attachments: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
