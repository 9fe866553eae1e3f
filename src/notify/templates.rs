//! E-mail templates: one [`Message`] per event, rendered in Spanish (the
//! default) or English as a subject, a plain-text body and an HTML body,
//! with the company's name and logo.
//!
//! Messages are rendered when the notification is enqueued, so the outbox
//! row holds exactly what will be sent and a retry sends the same text.

use serde::{Deserialize, Serialize};

use super::mail::escape_html;

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
    /// Hook for the billing work: an invoice was issued.
    InvoiceIssued {
        name: String,
        invoice_number: String,
        total: String,
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
    /// To the office: a customer asked for maintenance in the portal.
    MaintenanceRequested {
        name: String,
        customer: String,
        /// The machine, as people name it (brand, model, serial).
        machine: String,
        description: String,
        link: String,
    },
}

/// An instant and the company's time zone it is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    pub at: crate::domain::Timestamp,
    pub time_zone: chrono_tz::Tz,
}

impl When {
    /// `time_zone` is the company setting; an unknown zone reads as UTC.
    pub fn new(at: crate::domain::Timestamp, time_zone: &str) -> When {
        When {
            at,
            time_zone: time_zone.parse().unwrap_or(chrono_tz::UTC),
        }
    }

    /// The day and time as people say them, in the company's time zone:
    /// "jueves 3 de diciembre, 6:18" / "Thursday 3 December, 6:18".
    pub fn for_people(&self, lang: Lang) -> String {
        use chrono::{Datelike, Timelike};
        const DAYS_ES: [&str; 7] = [
            "lunes",
            "martes",
            "miércoles",
            "jueves",
            "viernes",
            "sábado",
            "domingo",
        ];
        const DAYS_EN: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        const MONTHS_ES: [&str; 12] = [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ];
        const MONTHS_EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let local = self.at.as_datetime().with_timezone(&self.time_zone);
        let weekday = local.weekday().num_days_from_monday() as usize;
        let month = local.month0() as usize;
        let (day, hour, minute) = (local.day(), local.hour(), local.minute());
        match lang {
            Lang::Es => format!(
                "{} {day} de {}, {hour}:{minute:02}",
                DAYS_ES[weekday], MONTHS_ES[month]
            ),
            Lang::En => format!(
                "{} {day} {}, {hour}:{minute:02}",
                DAYS_EN[weekday], MONTHS_EN[month]
            ),
        }
    }
}

/// Which appointment template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppointmentEvent {
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
}

/// A paragraph of text and, optionally, a call-to-action link.
struct Body {
    subject: String,
    greeting: String,
    paragraphs: Vec<String>,
    action: Option<(String, String)>,
    footer: Option<String>,
}

fn body(message: &Message, lang: Lang, company: &str) -> Body {
    use Lang::{En, Es};
    let hello = |name: &str| match lang {
        Es => format!("Hola {name}:"),
        En => format!("Hello {name},"),
    };
    match message {
        Message::PasswordRecovery {
            name,
            link,
            minutes,
        } => Body {
            subject: match lang {
                Es => format!("{company}: recupera tu contraseña"),
                En => format!("{company}: reset your password"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!(
                    "Para elegir una contraseña nueva abre este enlace (vale {minutes} minutos y un solo uso):"
                ),
                En => format!(
                    "To choose a new password open this link (valid for {minutes} minutes, once):"
                ),
            }],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Elegir contraseña nueva",
                    En => "Choose a new password",
                }
                .into(),
            )),
            footer: Some(match lang {
                Es => "Si no lo pediste, ignora este mensaje.".into(),
                En => "If you did not ask for it, ignore this message.".into(),
            }),
        },
        Message::Invitation { name, link, hours } => Body {
            subject: match lang {
                Es => format!("{company}: te damos la bienvenida"),
                En => format!("{company}: welcome"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!(
                    "{company} te creó una cuenta. Elige tu contraseña con este enlace (vale {hours} horas):"
                ),
                En => format!(
                    "{company} created an account for you. Choose your password with this link (valid for {hours} hours):"
                ),
            }],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Elegir mi contraseña",
                    En => "Choose my password",
                }
                .into(),
            )),
            footer: None,
        },
        Message::OrderUpdate {
            name,
            order_number,
            status,
            comment,
            link,
        } => {
            let mut paragraphs = vec![match (lang, status.is_empty()) {
                (Es, false) => format!("Tu orden de servicio {order_number} está ahora: {status}."),
                (Es, true) => format!("Hay novedades en tu orden de servicio {order_number}."),
                (En, false) => format!("Your service order {order_number} is now: {status}."),
                (En, true) => format!("There is news on your service order {order_number}."),
            }];
            if !comment.is_empty() {
                paragraphs.push(comment.clone());
            }
            Body {
                subject: match lang {
                    Es => format!("{company}: novedades de la orden {order_number}"),
                    En => format!("{company}: update on order {order_number}"),
                },
                greeting: hello(name),
                paragraphs,
                action: Some((
                    link.clone(),
                    match lang {
                        Es => "Ver la orden",
                        En => "View the order",
                    }
                    .into(),
                )),
                footer: None,
            }
        }
        Message::OrderClosed {
            name,
            order_number,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: la orden {order_number} fue cerrada"),
                En => format!("{company}: order {order_number} is closed"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!(
                    "Cerramos tu orden de servicio {order_number}. ¡Gracias por confiar en nosotros!"
                ),
                En => format!(
                    "We closed your service order {order_number}. Thank you for your trust!"
                ),
            }],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver la orden",
                    En => "View the order",
                }
                .into(),
            )),
            footer: None,
        },
        Message::OrderAssigned {
            name,
            order_number,
            customer,
            reason,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: te asignaron la orden {order_number}"),
                En => format!("{company}: you were assigned order {order_number}"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!("{customer}: {reason}"),
                En => format!("{customer}: {reason}"),
            }],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver la orden",
                    En => "View the order",
                }
                .into(),
            )),
            footer: None,
        },
        Message::TicketReply {
            name,
            ticket_number,
            subject,
            excerpt,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: respuesta en tu ticket {ticket_number}"),
                En => format!("{company}: reply in your ticket {ticket_number}"),
            },
            greeting: hello(name),
            paragraphs: vec![
                match lang {
                    Es => format!("Te respondimos en el ticket {ticket_number} «{subject}»:"),
                    En => format!("We replied in ticket {ticket_number} “{subject}”:"),
                },
                excerpt.clone(),
            ],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver la conversación",
                    En => "Open the conversation",
                }
                .into(),
            )),
            footer: None,
        },
        Message::PaymentReceipt {
            name,
            order_number,
            amount,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: recibimos tu pago"),
                En => format!("{company}: payment received"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!(
                    "Registramos un pago de {amount} para la orden {order_number}. ¡Gracias!"
                ),
                En => format!(
                    "We registered a payment of {amount} for order {order_number}. Thank you!"
                ),
            }],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver la orden",
                    En => "View the order",
                }
                .into(),
            )),
            footer: None,
        },
        Message::QuoteReady {
            name,
            quote_number,
            total,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: tu presupuesto {quote_number} está listo"),
                En => format!("{company}: your quote {quote_number} is ready"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!("Preparamos el presupuesto {quote_number} por {total}."),
                En => format!("We prepared quote {quote_number} for {total}."),
            }],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver el presupuesto",
                    En => "View the quote",
                }
                .into(),
            )),
            footer: None,
        },
        Message::InvoiceIssued {
            name,
            invoice_number,
            total,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: factura {invoice_number}"),
                En => format!("{company}: invoice {invoice_number}"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!("Emitimos la factura {invoice_number} por {total}."),
                En => format!("We issued invoice {invoice_number} for {total}."),
            }],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver la factura",
                    En => "View the invoice",
                }
                .into(),
            )),
            footer: None,
        },
        Message::Appointment {
            event,
            name,
            when,
            place,
            link,
        } => {
            use AppointmentEvent::*;
            let when = when.for_people(lang);
            let (es_subject, en_subject, es_text, en_text) = match event {
                Scheduled => (
                    "cita agendada",
                    "appointment booked",
                    format!("Agendamos una cita para el {when} en {place}."),
                    format!("We booked an appointment on {when} at {place}."),
                ),
                Confirmed => (
                    "cita confirmada",
                    "appointment confirmed",
                    format!("La cita del {when} en {place} está confirmada."),
                    format!("The appointment on {when} at {place} is confirmed."),
                ),
                Reminder => (
                    "recordatorio de tu cita",
                    "appointment reminder",
                    format!("Te recordamos la cita del {when} en {place}."),
                    format!("A reminder of the appointment on {when} at {place}."),
                ),
                Rescheduled => (
                    "cita reprogramada",
                    "appointment rescheduled",
                    format!("La cita se reprogramó: ahora es el {when} en {place}."),
                    format!("The appointment was rescheduled: it is now on {when} at {place}."),
                ),
                RescheduleReceived => (
                    "recibimos tu solicitud de otro horario",
                    "we received your request for another time",
                    format!(
                        "Recibimos tu solicitud de otro horario para la cita del {when} en {place}. \
                         La cita sigue en pie hasta que te confirmemos el nuevo horario."
                    ),
                    format!(
                        "We received your request for another time for the appointment on {when} at {place}. \
                         It stands until we confirm the new time."
                    ),
                ),
                Cancelled => (
                    "cita cancelada",
                    "appointment cancelled",
                    format!("La cita del {when} en {place} fue cancelada."),
                    format!("The appointment on {when} at {place} was cancelled."),
                ),
                Done => (
                    "visita realizada",
                    "visit completed",
                    format!("Completamos la visita del {when}. ¡Gracias!"),
                    format!("We completed the visit of {when}. Thank you!"),
                ),
            };
            Body {
                subject: match lang {
                    Es => format!("{company}: {es_subject}"),
                    En => format!("{company}: {en_subject}"),
                },
                greeting: hello(name),
                paragraphs: vec![match lang {
                    Es => es_text,
                    En => en_text,
                }],
                action: Some((
                    link.clone(),
                    match lang {
                        Es => "Ver mis citas",
                        En => "View my appointments",
                    }
                    .into(),
                )),
                footer: None,
            }
        }
        Message::SurveyInvitation {
            name,
            number,
            link,
            expires_days,
        } => Body {
            subject: match lang {
                Es => format!("{company}: ¿cómo te atendimos? ({number})"),
                En => format!("{company}: how did we do? ({number})"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!(
                    "Terminamos {number}. ¿Nos cuentas en un minuto cómo te fue? Dos preguntas y un comentario (el enlace vale {expires_days} días)."
                ),
                En => format!(
                    "We finished {number}. Would you tell us in a minute how it went? Two questions and a comment (the link is valid for {expires_days} days)."
                ),
            }],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Responder la encuesta",
                    En => "Answer the survey",
                }
                .into(),
            )),
            footer: None,
        },
        Message::SurveyPoorAnswer {
            name,
            number,
            nps,
            csat,
            comment,
            ticket_number,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: encuesta con mala calificación ({number})"),
                En => format!("{company}: poor survey answer ({number})"),
            },
            greeting: hello(name),
            paragraphs: vec![
                match lang {
                    Es => format!(
                        "La encuesta de {number} volvió con NPS {nps} y CSAT {csat}. Abrimos la queja {ticket_number} con prioridad alta."
                    ),
                    En => format!(
                        "The survey of {number} came back with NPS {nps} and CSAT {csat}. Complaint {ticket_number} is open with high priority."
                    ),
                },
                comment.clone(),
            ],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver la queja",
                    En => "View the complaint",
                }
                .into(),
            )),
            footer: None,
        },
        Message::RescheduleRequested {
            name,
            customer,
            when,
            proposed,
            comment,
            link,
        } => {
            let when = when.for_people(lang);
            let proposed = match (proposed, lang) {
                (Some(p), _) => p.for_people(lang),
                (None, Es) => "otro horario".into(),
                (None, En) => "another time".into(),
            };
            Body {
            subject: match lang {
                Es => format!("{company}: {customer} pide otro horario"),
                En => format!("{company}: {customer} asks for another time"),
            },
            greeting: hello(name),
            paragraphs: [
                match lang {
                    Es => format!(
                        "{customer} pide mover la cita del {when}; le gustaría el {proposed}. Muévela o confírmala."
                    ),
                    En => format!(
                        "{customer} asks to move the appointment of {when}; they would like {proposed}. Move or confirm it."
                    ),
                },
                comment.clone(),
            ]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect(),
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver la cita",
                    En => "View the appointment",
                }
                .into(),
            )),
            footer: None,
        }
        }
        Message::TicketOpened {
            name,
            customer,
            ticket_number,
            subject,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: nueva solicitud {ticket_number} de {customer}"),
                En => format!("{company}: new ticket {ticket_number} from {customer}"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!("{customer} abrió la solicitud {ticket_number}: {subject}"),
                En => format!("{customer} opened ticket {ticket_number}: {subject}"),
            }],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver la solicitud",
                    En => "View the ticket",
                }
                .into(),
            )),
            footer: None,
        },
        Message::MaintenanceRequested {
            name,
            customer,
            machine,
            description,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: {customer} pide mantenimiento"),
                En => format!("{company}: {customer} asks for maintenance"),
            },
            greeting: hello(name),
            paragraphs: vec![
                match lang {
                    Es => format!("{customer} pide mantenimiento para {machine}."),
                    En => format!("{customer} asks for maintenance of {machine}."),
                },
                description.chars().take(300).collect(),
            ],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver las solicitudes de mantenimiento",
                    En => "View maintenance requests",
                }
                .into(),
            )),
            footer: None,
        },
    }
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brand() -> Branding {
        Branding {
            company: "Taller <Uno>".into(),
            logo_url: Some("https://x.example/logo.png".into()),
        }
    }

    #[test]
    fn spanish_is_the_default_and_english_is_available() {
        assert_eq!(Lang::parse(""), Lang::Es);
        assert_eq!(Lang::parse("EN"), Lang::En);
        let m = Message::PasswordRecovery {
            name: "Ana".into(),
            link: "http://h/reset-password?token=abc".into(),
            minutes: 60,
        };
        let es = render(&m, Lang::Es, &brand(), None);
        assert!(es.subject.contains("recupera tu contraseña"));
        assert!(es.text.contains("http://h/reset-password?token=abc"));
        let en = render(&m, Lang::En, &brand(), Some("http://h/u?token=t"));
        assert!(en.subject.contains("reset your password"));
        assert!(en.text.contains("60 minutes"));
        assert!(
            en.text
                .contains("Stop e-mails like this one: http://h/u?token=t")
        );
        assert!(!es.text.contains("token=t"));
    }

    fn at(iso: &str) -> crate::domain::Timestamp {
        crate::domain::Timestamp::from(iso.parse::<chrono::DateTime<chrono::Utc>>().unwrap())
    }

    #[test]
    fn times_are_written_for_people_in_the_company_zone() {
        // 10:18 UTC is 6:18 in Caracas (UTC−4) and 7:18 in Santiago (summer).
        let t = at("2026-12-03T10:18:00Z");
        let caracas = When::new(t, "America/Caracas");
        assert_eq!(caracas.for_people(Lang::Es), "jueves 3 de diciembre, 6:18");
        assert_eq!(caracas.for_people(Lang::En), "Thursday 3 December, 6:18");
        let santiago = When::new(t, "America/Santiago");
        assert_eq!(santiago.for_people(Lang::Es), "jueves 3 de diciembre, 7:18");
        // Past midnight in the zone is the next day there; minutes keep two digits.
        let late = When::new(at("2027-01-01T03:05:00Z"), "America/Caracas");
        assert_eq!(late.for_people(Lang::Es), "jueves 31 de diciembre, 23:05");
        assert_eq!(late.for_people(Lang::En), "Thursday 31 December, 23:05");
        // An unknown zone reads as UTC rather than failing.
        let utc = When::new(t, "Nowhere/Else");
        assert_eq!(utc.for_people(Lang::Es), "jueves 3 de diciembre, 10:18");
    }

    #[test]
    fn appointment_templates_render_in_both_languages() {
        use AppointmentEvent::*;
        for (event, es_word, en_word) in [
            (Confirmed, "confirmada", "confirmed"),
            (Reminder, "recordatorio", "reminder"),
            (Rescheduled, "reprogramada", "rescheduled"),
            (Cancelled, "cancelada", "cancelled"),
        ] {
            let m = Message::Appointment {
                event,
                name: "Ana".into(),
                when: When::new(at("2026-12-01T14:00:00Z"), "America/Caracas"),
                place: "Obra Norte".into(),
                link: "http://h/a/1".into(),
            };
            let es = render(&m, Lang::Es, &brand(), None);
            let en = render(&m, Lang::En, &brand(), None);
            assert!(
                es.text.contains("martes 1 de diciembre, 10:00"),
                "{}",
                es.text
            );
            assert!(en.text.contains("Tuesday 1 December, 10:00"), "{}", en.text);
            assert!(es.subject.contains(es_word), "{}", es.subject);
            assert!(en.subject.contains(en_word), "{}", en.subject);
            for r in [&es, &en] {
                assert!(r.text.contains("Obra Norte"));
                assert!(!r.text.contains("2026-12-01"), "no ISO date: {}", r.text);
                assert!(r.html.contains("http://h/a/1"));
            }
        }
    }

    #[test]
    fn ticket_reply_quotes_the_reply_in_both_languages() {
        let m = Message::TicketReply {
            name: "Ana".into(),
            ticket_number: "PQR-000042".into(),
            subject: "Ruido en la bomba".into(),
            excerpt: "Mañana <8:00> pasa el técnico.".into(),
            link: "http://h/tickets/1".into(),
        };
        let es = render(&m, Lang::Es, &brand(), None);
        assert!(es.subject.contains("respuesta en tu ticket PQR-000042"));
        assert!(es.text.contains("Mañana <8:00> pasa el técnico."));
        assert!(es.html.contains("Mañana &lt;8:00&gt;"));
        let en = render(&m, Lang::En, &brand(), None);
        assert!(en.subject.contains("reply in your ticket PQR-000042"));
        assert!(en.html.contains("http://h/tickets/1"));
    }

    #[test]
    fn billing_hooks_render_in_both_languages() {
        let m = Message::InvoiceIssued {
            name: "Ana".into(),
            invoice_number: "F-000007".into(),
            total: "120.00 USD".into(),
            link: "http://h/f/7".into(),
        };
        let es = render(&m, Lang::Es, &brand(), None);
        assert!(es.subject.contains("factura F-000007"));
        assert!(es.text.contains("120.00 USD") && es.text.contains("http://h/f/7"));
        let q = Message::QuoteReady {
            name: "Ana".into(),
            quote_number: "P-000003".into(),
            total: "80.00 USD".into(),
            link: "http://h/p/3".into(),
        };
        assert!(
            render(&q, Lang::En, &brand(), None)
                .subject
                .contains("quote P-000003 is ready")
        );
    }

    #[test]
    fn html_escapes_values_and_shows_the_logo() {
        let m = Message::OrderUpdate {
            name: "<b>Eve</b>".into(),
            order_number: "OS-000001".into(),
            status: "Listo".into(),
            comment: "a & b".into(),
            link: "http://h/o/t".into(),
        };
        let r = render(&m, Lang::Es, &brand(), None);
        assert!(r.html.contains("&lt;b&gt;Eve&lt;/b&gt;"));
        assert!(r.html.contains("a &amp; b"));
        assert!(
            r.html
                .contains("<img src=\"https://x.example/logo.png\" alt=\"Taller &lt;Uno&gt;\"")
        );
        assert!(r.text.contains("Listo"));
    }
}
