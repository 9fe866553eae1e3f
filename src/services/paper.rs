//! The words and number formats of printed paper (service ticket, receipt,
//! final report), in the company's language — the `notifications.language`
//! setting that e-mails use — instead of "Firma del cliente / Customer
//! signature" side by side. Money is written the way the screens write it
//! (the browser's `Intl.NumberFormat(lang, {style: "currency"})`), so a
//! receipt says "1200,50 US$" where the order page does, not "USD 1200.50".

use rust_decimal::Decimal;

use crate::notify::templates::Lang;

/// Every fixed text of the printouts, in one language.
pub struct Words {
    /// `<html lang>`.
    pub html_lang: &'static str,
    pub non_fiscal: &'static str,
    pub tel: &'static str,
    pub order: &'static str,
    pub received_at: &'static str,
    pub promised_at: &'static str,
    pub customer: &'static str,
    pub tax_id: &'static str,
    pub phone: &'static str,
    pub address: &'static str,
    pub equipment: &'static str,
    pub reason: &'static str,
    pub technicians: &'static str,
    pub service_value: &'static str,
    pub received_by: &'static str,
    pub service_order: &'static str,
    pub terms: &'static str,
    pub signature: &'static str,
    pub name_and_id: &'static str,
    pub track: &'static str,
    pub receipt_title: &'static str,
    pub receipt: &'static str,
    pub void: &'static str,
    pub paid_on: &'static str,
    pub method: &'static str,
    pub reference: &'static str,
    pub registered_by: &'static str,
    pub registered_at: &'static str,
    pub voided_at: &'static str,
    pub voided_by: &'static str,
    pub void_reason: &'static str,
    pub current_balance: &'static str,
    pub final_report: &'static str,
    pub report_in_progress: &'static str,
    pub closed_on: &'static str,
    pub timeline: &'static str,
    pub no_events: &'static str,
    pub date: &'static str,
    pub status: &'static str,
    pub comment: &'static str,
    pub author: &'static str,
    pub internal: &'static str,
    /// Beside a part hidden from the customer on the staff report.
    pub not_billed: &'static str,
    pub parts: &'static str,
    pub no_parts: &'static str,
    pub description: &'static str,
    pub quantity: &'static str,
    pub price: &'static str,
    pub total: &'static str,
    pub warranty: &'static str,
    pub responsible: &'static str,
    pub payments: &'static str,
    pub no_payments: &'static str,
    pub method_short: &'static str,
    pub amount: &'static str,
    pub voided: &'static str,
    pub totals: &'static str,
    pub paid: &'static str,
    pub balance: &'static str,
    lang: Lang,
}

impl Words {
    /// "(1 foto)", "(3 fotos)"; empty for none.
    pub fn photos(&self, n: usize) -> String {
        match (n, self.lang) {
            (0, _) => String::new(),
            (1, Lang::Es) => " (1 foto)".into(),
            (n, Lang::Es) => format!(" ({n} fotos)"),
            (1, Lang::En) => " (1 photo)".into(),
            (n, Lang::En) => format!(" ({n} photos)"),
        }
    }

    /// "90 días", "1 day"; "—" for no warranty.
    pub fn days(&self, n: i32) -> String {
        match (n, self.lang) {
            (0, _) => "—".into(),
            (1, Lang::Es) => "1 día".into(),
            (n, Lang::Es) => format!("{n} días"),
            (1, Lang::En) => "1 day".into(),
            (n, Lang::En) => format!("{n} days"),
        }
    }
}

pub static ES: Words = Words {
    html_lang: "es",
    non_fiscal: "Documento no fiscal",
    tel: "Tel.",
    order: "Orden",
    received_at: "Fecha de recepción",
    promised_at: "Fecha prometida",
    customer: "Cliente",
    tax_id: "RIF / RUT / NIT",
    phone: "Teléfono",
    address: "Dirección",
    equipment: "Equipo",
    reason: "Motivo",
    technicians: "Técnico(s)",
    service_value: "Valor del servicio",
    received_by: "Recibida por",
    service_order: "Orden de servicio",
    terms: "Términos y condiciones",
    signature: "Firma del cliente",
    name_and_id: "Nombre y documento",
    track: "Siga su orden en línea:",
    receipt_title: "Recibo de pago",
    receipt: "Recibo",
    void: "ANULADO",
    paid_on: "Fecha de pago",
    method: "Forma de pago",
    reference: "Referencia / cuenta",
    registered_by: "Registrado por",
    registered_at: "Registrado el",
    voided_at: "Anulado el",
    voided_by: "Anulado por",
    void_reason: "Motivo de la anulación",
    current_balance: "Saldo actual de la orden",
    final_report: "Reporte final",
    report_in_progress: "Reporte de la orden (en curso)",
    closed_on: "Orden cerrada el",
    timeline: "Historial",
    no_events: "Sin eventos.",
    date: "Fecha",
    status: "Estatus",
    comment: "Comentario",
    author: "Autor",
    internal: "interno",
    not_billed: "interno, no se cobra",
    parts: "Partes y repuestos",
    no_parts: "Sin partes.",
    description: "Descripción",
    quantity: "Cant.",
    price: "Precio",
    total: "Total",
    warranty: "Garantía",
    responsible: "Responsable",
    payments: "Pagos y adelantos",
    no_payments: "Sin pagos.",
    method_short: "Forma",
    amount: "Monto",
    voided: "anulado",
    totals: "Totales",
    paid: "Pagado",
    balance: "Saldo",
    lang: Lang::Es,
};

pub static EN: Words = Words {
    html_lang: "en",
    non_fiscal: "Not a fiscal document",
    tel: "Tel.",
    order: "Order",
    received_at: "Received on",
    promised_at: "Promised for",
    customer: "Customer",
    tax_id: "Tax ID (RIF / RUT / NIT)",
    phone: "Phone",
    address: "Address",
    equipment: "Machine",
    reason: "Reason",
    technicians: "Technician(s)",
    service_value: "Service value",
    received_by: "Received by",
    service_order: "Service order",
    terms: "Terms and conditions",
    signature: "Customer signature",
    name_and_id: "Name and ID",
    track: "Follow your order online:",
    receipt_title: "Payment receipt",
    receipt: "Receipt",
    void: "VOID",
    paid_on: "Payment date",
    method: "Payment method",
    reference: "Reference / account",
    registered_by: "Registered by",
    registered_at: "Registered on",
    voided_at: "Voided on",
    voided_by: "Voided by",
    void_reason: "Reason for voiding",
    current_balance: "Current order balance",
    final_report: "Final report",
    report_in_progress: "Order report (in progress)",
    closed_on: "Order closed on",
    timeline: "Timeline",
    no_events: "No events.",
    date: "Date",
    status: "Status",
    comment: "Comment",
    author: "Author",
    internal: "internal",
    not_billed: "internal, not billed",
    parts: "Parts",
    no_parts: "No parts.",
    description: "Description",
    quantity: "Qty",
    price: "Price",
    total: "Total",
    warranty: "Warranty",
    responsible: "Added by",
    payments: "Payments and advances",
    no_payments: "No payments.",
    method_short: "Method",
    amount: "Amount",
    voided: "void",
    totals: "Totals",
    paid: "Paid",
    balance: "Balance",
    lang: Lang::En,
};

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Es => &ES,
        Lang::En => &EN,
    }
}

/// The currency sign the browser shows for `currency` in `lang` (CLDR);
/// the ISO code for the others, as the browser does.
fn symbol(currency: &str, lang: Lang) -> (&str, bool) {
    // (symbol, whether it is glued to the number in English)
    match (lang, currency) {
        (Lang::Es, "USD") => ("US$", false),
        (Lang::Es, "EUR") => ("€", false),
        (Lang::En, "USD") => ("$", true),
        (Lang::En, "EUR") => ("€", true),
        (Lang::En, "GBP") => ("£", true),
        (Lang::En, "MXN") => ("MX$", true),
        (Lang::En, "CAD") => ("CA$", true),
        (_, code) => (code, false),
    }
}

/// Digits of `int` grouped in threes with `sep`.
fn group(int: &str, sep: char) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// `amount` in `currency` with `scale` decimals, as the screens write it:
/// Spanish "12.500,50 US$" (no separator below five integer digits: "1200,50
/// US$"), English "$12,500.50" / "VES 1,200.50". Rounded half away from
/// zero, like every amount in Faena.
pub fn money_text(amount: Decimal, currency: &str, scale: u32, lang: Lang) -> String {
    let mut value = amount
        .abs()
        .round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    value.rescale(scale);
    let negative = amount.is_sign_negative() && !value.is_zero();
    let text = value.to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (sym, glued) = symbol(currency, lang);
    let sign = if negative { "-" } else { "" };
    match lang {
        Lang::Es => {
            let int = if int.len() >= 5 {
                group(int, '.')
            } else {
                int.to_string()
            };
            let frac = if frac.is_empty() {
                String::new()
            } else {
                format!(",{frac}")
            };
            format!("{sign}{int}{frac}\u{a0}{sym}")
        }
        Lang::En => {
            let int = group(int, ',');
            let frac = if frac.is_empty() {
                String::new()
            } else {
                format!(".{frac}")
            };
            let gap = if glued { "" } else { "\u{a0}" };
            format!("{sign}{sym}{gap}{int}{frac}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn m(v: &str, c: &str, scale: u32, lang: Lang) -> String {
        money_text(Decimal::from_str(v).unwrap(), c, scale, lang)
    }

    /// The expected strings are what Node's `Intl.NumberFormat` (full ICU)
    /// writes for the same amounts, i.e. what the screens show.
    #[test]
    fn money_is_written_like_the_screens() {
        assert_eq!(m("1200.5", "USD", 2, Lang::Es), "1200,50\u{a0}US$");
        assert_eq!(m("12500.5", "USD", 2, Lang::Es), "12.500,50\u{a0}US$");
        assert_eq!(m("0", "USD", 2, Lang::Es), "0,00\u{a0}US$");
        assert_eq!(m("-3.5", "EUR", 2, Lang::Es), "-3,50\u{a0}€");
        assert_eq!(
            m("1234567.891", "VES", 2, Lang::Es),
            "1.234.567,89\u{a0}VES"
        );
        assert_eq!(m("12500.5", "CLP", 0, Lang::Es), "12.501\u{a0}CLP");
        assert_eq!(m("1200.5", "USD", 2, Lang::En), "$1,200.50");
        assert_eq!(m("-3.5", "USD", 2, Lang::En), "-$3.50");
        assert_eq!(m("12500.5", "VES", 2, Lang::En), "VES\u{a0}12,500.50");
        assert_eq!(m("1200.5", "CLP", 0, Lang::En), "CLP\u{a0}1,201");
        assert_eq!(m("1200.5", "MXN", 2, Lang::En), "MX$1,200.50");
        assert_eq!(m("999", "USD", 2, Lang::En), "$999.00");
    }

    #[test]
    fn each_language_has_its_own_words() {
        assert_eq!(words(Lang::Es).signature, "Firma del cliente");
        assert_eq!(words(Lang::En).signature, "Customer signature");
        for w in [&ES, &EN] {
            assert!(!w.signature.contains(" / "));
            assert!(!w.non_fiscal.contains(" / "));
        }
        assert_eq!(ES.photos(3), " (3 fotos)");
        assert_eq!(EN.days(1), "1 day");
    }
}
