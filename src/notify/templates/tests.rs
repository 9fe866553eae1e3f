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
    let note = Message::CreditNoteIssued {
        name: "Ana".into(),
        credit_note_number: "NC-000002".into(),
        invoice_number: "F-000007".into(),
        total: "20.00 USD".into(),
        link: "http://h/f/7".into(),
    };
    let es = render(&note, Lang::Es, &brand(), None);
    assert!(es.subject.contains("nota de crédito NC-000002"));
    assert!(es.text.contains("sobre la factura F-000007") && es.text.contains("PDF"));
    let en = render(&note, Lang::En, &brand(), None);
    assert!(en.subject.contains("credit note NC-000002") && en.text.contains("20.00 USD"));
    let statement = Message::StatementSent {
        name: "Ana".into(),
        period: "1 ene 2026 – 31 ene 2026".into(),
        closing_balance: "1.250,00 USD".into(),
        link: "http://h/billing/statement".into(),
    };
    let es = render(&statement, Lang::Es, &brand(), None);
    assert!(es.subject.contains("estado de cuenta"), "{}", es.subject);
    assert!(es.text.contains("1.250,00 USD") && es.text.contains("PDF"));
    let en = render(&statement, Lang::En, &brand(), None);
    assert!(en.subject.contains("account statement") && en.text.contains("31 ene 2026"));
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

#[test]
fn a_filled_backorder_renders_in_both_languages() {
    let m = Message::BackorderFilled {
        name: "Ana".into(),
        sku: "FLT-10".into(),
        description: "Filtro de aceite".into(),
        quantity: "2".into(),
        order_number: "OS-000012".into(),
        link: "http://h/orders/1".into(),
    };
    let es = render(&m, Lang::Es, &brand(), None);
    assert!(es.subject.contains("llegó FLT-10 para la orden OS-000012"));
    assert!(es.text.contains("2 quedó reservado") && es.text.contains("http://h/orders/1"));
    let en = render(&m, Lang::En, &brand(), None);
    assert!(en.subject.contains("FLT-10 arrived for order OS-000012"));
}
