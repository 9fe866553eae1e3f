//! The words of every message: subject, greeting, paragraphs and call to
//! action, per language. One match arm per [`Message`] variant.

use super::{AppointmentEvent, Lang, Message};

/// A paragraph of text and, optionally, a call-to-action link.
pub(super) struct Body {
    pub(super) subject: String,
    pub(super) greeting: String,
    pub(super) paragraphs: Vec<String>,
    pub(super) action: Option<(String, String)>,
    pub(super) footer: Option<String>,
}

pub(super) fn body(message: &Message, lang: Lang, company: &str) -> Body {
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
            paragraphs: vec![format!("{customer}: {reason}")],
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
        Message::QuoteAnswered {
            name,
            quote_number,
            customer,
            answer,
            comment,
            link,
        } => {
            let what = match (lang, answer.as_str()) {
                (Es, "approved") => "aprobó",
                (Es, "rejected") => "rechazó",
                (Es, _) => "pidió cambios en",
                (En, "approved") => "approved",
                (En, "rejected") => "rejected",
                (En, _) => "asked for changes to",
            };
            let mut paragraphs = vec![match lang {
                Es => format!("{customer} {what} el presupuesto {quote_number}."),
                En => format!("{customer} {what} quote {quote_number}."),
            }];
            if !comment.is_empty() {
                paragraphs.push(comment.chars().take(300).collect());
            }
            Body {
                subject: match lang {
                    Es => format!("{company}: {customer} {what} el presupuesto {quote_number}"),
                    En => format!("{company}: {customer} {what} quote {quote_number}"),
                },
                greeting: hello(name),
                paragraphs,
                action: Some((
                    link.clone(),
                    match lang {
                        Es => "Ver el presupuesto",
                        En => "View the quote",
                    }
                    .into(),
                )),
                footer: None,
            }
        }
        Message::QuoteExpiring {
            name,
            quote_number,
            valid_until,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: el presupuesto {quote_number} vence pronto"),
                En => format!("{company}: quote {quote_number} expires soon"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!(
                    "El presupuesto {quote_number} es válido hasta el {valid_until} y aún no tiene respuesta."
                ),
                En => format!(
                    "Quote {quote_number} is valid until {valid_until} and has no answer yet."
                ),
            }],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver y responder",
                    En => "View and answer",
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
                Es => format!(
                    "Emitimos la factura {invoice_number} por {total}. La adjuntamos en PDF."
                ),
                En => format!(
                    "We issued invoice {invoice_number} for {total}. It is attached as a PDF."
                ),
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
        Message::CreditNoteIssued {
            name,
            credit_note_number,
            invoice_number,
            total,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: nota de crédito {credit_note_number}"),
                En => format!("{company}: credit note {credit_note_number}"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!(
                    "Emitimos la nota de crédito {credit_note_number} por {total} sobre la \
                     factura {invoice_number}. La adjuntamos en PDF."
                ),
                En => format!(
                    "We issued credit note {credit_note_number} for {total} on invoice \
                     {invoice_number}. It is attached as a PDF."
                ),
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
        Message::StatementSent {
            name,
            period,
            closing_balance,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: estado de cuenta"),
                En => format!("{company}: account statement"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!(
                    "Le enviamos su estado de cuenta del período {period}, con saldo final \
                     {closing_balance}. Lo adjuntamos en PDF."
                ),
                En => format!(
                    "Here is your account statement for {period}, closing balance \
                     {closing_balance}. It is attached as a PDF."
                ),
            }],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver el estado de cuenta",
                    En => "View the statement",
                }
                .into(),
            )),
            footer: None,
        },
        Message::InvoiceReminder {
            name,
            invoice_number,
            open,
            due,
            days_late,
            link,
        } => Body {
            subject: match (lang, *days_late > 0) {
                (Es, false) => format!("{company}: la factura {invoice_number} vence pronto"),
                (Es, true) => format!("{company}: la factura {invoice_number} está vencida"),
                (En, false) => format!("{company}: invoice {invoice_number} falls due soon"),
                (En, true) => format!("{company}: invoice {invoice_number} is overdue"),
            },
            greeting: hello(name),
            paragraphs: vec![match (lang, *days_late > 0) {
                (Es, false) => {
                    format!("La factura {invoice_number} vence el {due}; quedan {open} por pagar.")
                }
                (Es, true) => format!(
                    "La factura {invoice_number} venció el {due} ({days_late} días); quedan {open} por pagar."
                ),
                (En, false) => {
                    format!("Invoice {invoice_number} falls due on {due}; {open} is still open.")
                }
                (En, true) => format!(
                    "Invoice {invoice_number} fell due on {due} ({days_late} days ago); {open} is still open."
                ),
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
                Proposed => (
                    "te proponemos una visita de mantenimiento",
                    "we propose a maintenance visit",
                    format!(
                        "Tu equipo se acerca a su mantenimiento preventivo. Te proponemos una visita el {when} en {place}: \
                         acéptala o pide otro horario en el portal."
                    ),
                    format!(
                        "Your machine is nearing its preventive maintenance. We propose a visit on {when} at {place}: \
                         accept it or ask for another time in the portal."
                    ),
                ),
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
        Message::OnboardingStepDue {
            name,
            customer,
            step,
            due,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: incorporación de {customer}: {step}"),
                En => format!("{company}: onboarding of {customer}: {step}"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!(
                    "El paso «{step}» de la incorporación de {customer} vence el {due} y aún no está hecho."
                ),
                En => format!(
                    "The step \"{step}\" of {customer}'s onboarding is due on {due} and is not done yet."
                ),
            }],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver el cliente",
                    En => "View the customer",
                }
                .into(),
            )),
            footer: None,
        },
        Message::ReportScheduled {
            name,
            report,
            from,
            to,
            link,
        } => {
            use crate::domain::report::ReportKind;
            let title = match (lang, report) {
                (Es, ReportKind::Revenue) => "Informe de ingresos",
                (Es, ReportKind::Operations) => "Informe de operaciones",
                (Es, ReportKind::Parts) => "Informe de repuestos y proveedores",
                (Es, ReportKind::Sales) => "Informe de ventas",
                (Es, ReportKind::Quality) => "Informe de calidad de servicio",
                (En, ReportKind::Revenue) => "Revenue report",
                (En, ReportKind::Operations) => "Operations report",
                (En, ReportKind::Parts) => "Parts and suppliers report",
                (En, ReportKind::Sales) => "Sales report",
                (En, ReportKind::Quality) => "Service quality report",
            };
            Body {
                subject: match lang {
                    Es => format!("{company}: {title} del {from} al {to}"),
                    En => format!("{company}: {title}, {from} to {to}"),
                },
                greeting: hello(name),
                paragraphs: vec![match lang {
                    Es => format!(
                        "Adjuntamos el {} del {from} al {to}, con los filtros de tu suscripción, como hoja de cálculo.",
                        title.to_lowercase()
                    ),
                    En => format!(
                        "Attached is the {} from {from} to {to}, with your subscription's filters, as a spreadsheet.",
                        title.to_lowercase()
                    ),
                }],
                action: Some((
                    link.clone(),
                    match lang {
                        Es => "Ver el informe",
                        En => "View the report",
                    }
                    .into(),
                )),
                footer: Some(match lang {
                    Es => "Puedes cancelar la suscripción desde el informe, en «Suscripciones»."
                        .into(),
                    En => {
                        "You can cancel the subscription from the report, under \"Subscriptions\"."
                            .into()
                    }
                }),
            }
        }
        Message::TicketSla {
            name,
            ticket_number,
            subject,
            target,
            due,
            breached,
            link,
        } => {
            use crate::domain::sla::SlaTarget;
            let what = match (lang, target) {
                (Es, SlaTarget::FirstResponse) => "la primera respuesta",
                (Es, SlaTarget::Resolution) => "la resolución",
                (En, SlaTarget::FirstResponse) => "the first response",
                (En, SlaTarget::Resolution) => "the resolution",
            };
            Body {
                subject: match (lang, breached) {
                    (Es, false) => format!("{company}: el SLA de {ticket_number} vence pronto"),
                    (Es, true) => format!("{company}: {ticket_number} incumplió su SLA"),
                    (En, false) => format!("{company}: {ticket_number}'s SLA falls due soon"),
                    (En, true) => format!("{company}: {ticket_number} missed its SLA"),
                },
                greeting: hello(name),
                paragraphs: vec![match (lang, breached) {
                    (Es, false) => format!(
                        "El plazo de {what} del ticket {ticket_number} («{subject}») vence el {due}. Atiéndelo antes para cumplir el acuerdo de servicio."
                    ),
                    (Es, true) => format!(
                        "El plazo de {what} del ticket {ticket_number} («{subject}») venció el {due}. Queda marcado como incumplido."
                    ),
                    (En, false) => format!(
                        "The deadline for {what} of ticket {ticket_number} (\"{subject}\") is {due}. Deal with it before then to meet the service agreement."
                    ),
                    (En, true) => format!(
                        "The deadline for {what} of ticket {ticket_number} (\"{subject}\") passed on {due}. It stays marked as missed."
                    ),
                }],
                action: Some((
                    link.clone(),
                    match lang {
                        Es => "Ver el ticket",
                        En => "View the ticket",
                    }
                    .into(),
                )),
                footer: None,
            }
        }
        Message::CustomerAtRisk {
            name,
            customer,
            score,
            signals,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: {customer} está en riesgo"),
                En => format!("{company}: {customer} is at risk"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!(
                    "{customer} llegó a {score} puntos de riesgo (señales de alerta: {signals}). Revisa por qué en su ficha y contáctalo antes de que se vaya."
                ),
                En => format!(
                    "{customer} reached a risk score of {score} (warning signals: {signals}). See why on their page and get in touch before they leave."
                ),
            }],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver el cliente",
                    En => "View the customer",
                }
                .into(),
            )),
            footer: None,
        },
        Message::WarrantyEnding {
            name,
            customer,
            machine,
            ends,
            part,
            to_customer,
            link,
        } => {
            // What ends: the machine's warranty, or a part's on it.
            let (what_es, what_en) = match (part, to_customer) {
                (Some(part), _) => (
                    format!("del repuesto {part} instalado en {machine}"),
                    format!("of the part {part} fitted on {machine}"),
                ),
                (None, true) => (
                    format!("de tu equipo {machine}"),
                    format!("of your machine {machine}"),
                ),
                (None, false) => (format!("de {machine}"), format!("of {machine}")),
            };
            Body {
                subject: match lang {
                    Es => format!("{company}: la garantía {what_es} termina el {ends}"),
                    En => format!("{company}: the warranty {what_en} ends on {ends}"),
                },
                greeting: hello(name),
                paragraphs: vec![match (lang, to_customer) {
                    (Es, true) => format!(
                        "La garantía {what_es} termina el {ends}. Si quieres revisarlo antes, pide una visita en el portal."
                    ),
                    (En, true) => format!(
                        "The warranty {what_en} ends on {ends}. To have it checked before then, ask for a visit in the portal."
                    ),
                    (Es, false) => format!(
                        "La garantía {what_es} de {customer} termina el {ends}: buen momento para ofrecer una revisión o una extensión."
                    ),
                    (En, false) => format!(
                        "The warranty {what_en} ({customer}) ends on {ends}: a good time to offer a check-up or an extension."
                    ),
                }],
                action: Some((
                    link.clone(),
                    match lang {
                        Es => "Ver el equipo",
                        En => "View the machine",
                    }
                    .into(),
                )),
                footer: None,
            }
        }
        Message::MaintenanceDue {
            name,
            customer,
            machine,
            due,
            proposed,
            link,
        } => {
            let proposed = proposed.for_people(lang);
            Body {
                subject: match lang {
                    Es => format!("{company}: mantenimiento próximo de {machine}"),
                    En => format!("{company}: maintenance due for {machine}"),
                },
                greeting: hello(name),
                paragraphs: vec![match lang {
                    Es => format!(
                        "El mantenimiento preventivo de {machine} ({customer}) vence el {due}. \
                         Propusimos al cliente una visita el {proposed}."
                    ),
                    En => format!(
                        "The preventive maintenance of {machine} ({customer}) falls due on {due}. \
                         We proposed a visit on {proposed} to the customer."
                    ),
                }],
                action: Some((
                    link.clone(),
                    match lang {
                        Es => "Ver el mantenimiento próximo",
                        En => "View maintenance due",
                    }
                    .into(),
                )),
                footer: None,
            }
        }
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
        Message::OpportunityNextStep {
            name,
            opportunity,
            customer,
            next_step,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: próximo paso de {opportunity}"),
                En => format!("{company}: next step of {opportunity}"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!(
                    "Vence el próximo paso de la oportunidad {opportunity} ({customer}): {next_step}"
                ),
                En => format!(
                    "The next step of opportunity {opportunity} ({customer}) is due: {next_step}"
                ),
            }],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver la oportunidad",
                    En => "View the opportunity",
                }
                .into(),
            )),
            footer: None,
        },
        Message::ReorderNeeded {
            name,
            sku,
            description,
            projected,
            minimum,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: reponer {sku}"),
                En => format!("{company}: reorder {sku}"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!(
                    "{sku} ({description}) quedó bajo su mínimo: proyectado {projected}, mínimo {minimum}."
                ),
                En => format!(
                    "{sku} ({description}) fell below its minimum: projected {projected}, minimum {minimum}."
                ),
            }],
            action: Some((
                link.clone(),
                match lang {
                    Es => "Ver la lista para reponer",
                    En => "View the reorder list",
                }
                .into(),
            )),
            footer: None,
        },
        Message::BackorderFilled {
            name,
            sku,
            description,
            quantity,
            order_number,
            link,
        } => Body {
            subject: match lang {
                Es => format!("{company}: llegó {sku} para la orden {order_number}"),
                En => format!("{company}: {sku} arrived for order {order_number}"),
            },
            greeting: hello(name),
            paragraphs: vec![match lang {
                Es => format!(
                    "Llegó stock de {sku} ({description}): {quantity} quedó reservado para la orden {order_number}, que lo esperaba por pedir."
                ),
                En => format!(
                    "{sku} ({description}) is in stock: {quantity} is now reserved for order {order_number}, which was waiting for it."
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
        Message::PurchaseOrderSent {
            name,
            order_number,
            lines,
            notes,
        } => Body {
            subject: match lang {
                Es => format!("{company}: orden de compra {order_number}"),
                En => format!("{company}: purchase order {order_number}"),
            },
            greeting: hello(name),
            paragraphs: std::iter::once(match lang {
                Es => format!("Les enviamos nuestra orden de compra {order_number}:"),
                En => format!("Please find our purchase order {order_number}:"),
            })
            .chain(lines.iter().cloned())
            .chain((!notes.is_empty()).then(|| notes.clone()))
            .chain(std::iter::once(match lang {
                Es => "Por favor confirmen la recepción y las fechas de entrega.".to_string(),
                En => "Please confirm receipt and the delivery dates.".to_string(),
            }))
            .collect(),
            action: None,
            footer: None,
        },
    }
}
