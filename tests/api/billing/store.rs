//! Billing store on both backends: quote versions and answers, gap-free
//! invoice numbers under concurrent issues, allocations settling invoices,
//! credit notes, and the account statement ("de la misma manera que un
//! resumen bancario … mostrando el saldo en cada momento") read in one
//! indexed query.

use std::str::FromStr;

use chrono::{NaiveDate, TimeDelta};
use faena::domain::appointment::ReminderStatus;
use faena::domain::billing::lines::compute_document;
use faena::domain::billing::quote::QuoteAnswer;
use faena::domain::billing::{
    AllocationRelease, DocumentSeries, InvoiceState, LineInput, LineKind, LineTax, MovementKind,
    Percent, QuoteState, statement,
};
use faena::domain::role::CustomerScope;
use faena::domain::{
    CreditNoteId, CustomerId, InvoiceId, Money, OrderId, PaymentAllocationId, PaymentId, Quantity,
    QuoteId, QuoteVersionId, Timestamp, UserId,
};
use faena::store::Conn;
use faena::store::billing::allocations::{NewAllocation, PaymentsOf};
use faena::store::billing::credit_notes::NewCreditNote;
use faena::store::billing::invoices::{InvoiceFilter, InvoiceIssue, NewInvoice};
use faena::store::billing::quotes::{NewQuote, NewQuoteVersion, QuoteFilter, QuoteView};
use faena::store::billing::reminders::ReminderSubject;
use faena::store::billing::{NewLine, StoredTotals};
use rust_decimal::Decimal;
use serde_json::json;

use crate::customers::{FIRST_DEMO, SECOND_DEMO, customer_id};
use crate::helpers::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::from_str(s).unwrap()
}

/// The demo data, an admin, the two seller-owned customers and one order of
/// the first customer (worth 1000) with a payment of 300.
struct Fixture {
    admin: UserId,
    seller: UserId,
    first: CustomerId,
    second: CustomerId,
    order: OrderId,
    payment: PaymentId,
}

async fn fixture(app: &TestApp) -> Fixture {
    app.load_demo().await;
    let admin = app.login_as("admin").await;
    let seller = app.login_as("seller").await;
    let first = customer_id(&admin, FIRST_DEMO).await;
    let second = customer_id(&admin, SECOND_DEMO).await;
    let order = json_ok(
        admin
            .post(
                "/api/v1/orders",
                json!({"customer_id": first, "reason": "Mantenimiento de 500 horas",
                       "service_value": "1000", "technician_ids": []}),
            )
            .await,
        201,
    )
    .await;
    let order_id = order["id"].as_str().unwrap().to_string();
    let methods = json_ok(admin.get("/api/v1/payment-methods").await, 200).await;
    let method = methods.as_array().unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let paid = json_ok(
        admin
            .post(
                &format!("/api/v1/orders/{order_id}/payments"),
                json!({"amount": "300", "method_id": method, "reference": "adelanto"}),
            )
            .await,
        201,
    )
    .await;
    Fixture {
        admin: admin.user_id().parse().unwrap(),
        seller: seller.user_id().parse().unwrap(),
        first: first.parse().unwrap(),
        second: second.parse().unwrap(),
        order: order_id.parse().unwrap(),
        payment: paid["payment"]["id"].as_str().unwrap().parse().unwrap(),
    }
}

/// Lines computed by the domain, as the store takes them.
fn lines(spec: &[(&str, &str, &str, Option<&str>)]) -> (Vec<NewLine>, StoredTotals) {
    let inputs: Vec<LineInput> = spec
        .iter()
        .map(|(q, p, disc, tax)| LineInput {
            quantity: Quantity::parse(q).unwrap(),
            unit_price: Money(d(p)),
            discount: Percent::parse(disc).unwrap(),
            tax: tax.map_or(LineTax::Exempt, |r| {
                LineTax::Rate(Percent::parse(r).unwrap())
            }),
        })
        .collect();
    let (amounts, totals) = compute_document(&inputs, 2).unwrap();
    let lines = inputs
        .into_iter()
        .zip(amounts)
        .enumerate()
        .map(|(i, (input, amounts))| NewLine {
            kind: if i % 2 == 0 {
                LineKind::Service
            } else {
                LineKind::Part
            },
            item_id: None,
            description: format!("Línea {}", i + 1),
            input,
            amounts,
        })
        .collect();
    (lines, StoredTotals::new(&totals, 2).unwrap())
}

async fn draft_invoice(
    conn: &mut Conn,
    f: &Fixture,
    customer: CustomerId,
    price: &str,
) -> InvoiceId {
    let (lines, totals) = lines(&[("1", price, "0", Some("16"))]);
    let id = InvoiceId::new();
    conn.insert_invoice(&NewInvoice {
        id,
        customer_id: customer,
        order_id: (customer == f.first).then_some(f.order),
        quote_version_id: None,
        currency: "USD".into(),
        notes: String::new(),
        terms: String::new(),
        totals,
        lines,
        created_by: f.admin,
        now: Timestamp::now(),
    })
    .await
    .unwrap();
    id
}

/// Issues a draft in its own transaction, with the next invoice number.
async fn issue(app: &TestApp, f: &Fixture, id: InvoiceId, on: NaiveDate) -> Option<String> {
    let mut tx = app.services.store.begin().await.unwrap();
    let n = tx
        .next_number(DocumentSeries::Invoice.counter())
        .await
        .unwrap();
    let number = DocumentSeries::Invoice.format(n);
    let issued = tx
        .issue_invoice(
            id,
            &InvoiceIssue {
                number: number.clone(),
                issue_date: on,
                due_date: on + TimeDelta::days(30),
                by: f.admin,
                now: Timestamp::now(),
            },
        )
        .await
        .unwrap();
    if !issued {
        return None; // dropped: rolls back and gives the number back
    }
    tx.refresh_invoice_settlement(id, Timestamp::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    Some(number)
}

// --- quotes ------------------------------------------------------------------

async fn quote_versions_answers_and_scopes(app: TestApp) {
    let f = fixture(&app).await;
    let mut tx = app.services.store.begin().await.unwrap();
    let n = tx
        .next_number(DocumentSeries::Quote.counter())
        .await
        .unwrap();
    let number = DocumentSeries::Quote.format(n);
    assert_eq!(number, "PRE-000001");
    let quote = QuoteId::new();
    let v1 = QuoteVersionId::new();
    let (l, totals) = lines(&[
        ("2", "100", "0", Some("16")),
        ("1", "50", "0", None),
        ("1", "10", "50", Some("8")),
        ("1", "100", "0", Some("16")),
    ]);
    let now = Timestamp::now();
    let version = |id, version: i32, lines: Vec<NewLine>, totals: StoredTotals| NewQuoteVersion {
        id,
        quote_id: quote,
        version,
        number: faena::domain::billing::numbers::quote_version_number(&number, version),
        currency: "USD".into(),
        valid_until: day("2099-12-31"),
        notes: "Incluye mano de obra".into(),
        terms: String::new(),
        totals,
        lines,
        created_by: f.admin,
        now,
    };
    tx.insert_quote(
        &NewQuote {
            id: quote,
            number: number.clone(),
            customer_id: f.first,
            order_id: Some(f.order),
            opportunity_id: None,
            created_by: f.admin,
            now,
        },
        &version(v1, 1, l, totals),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let mut c = app.services.store.conn().await.unwrap();
    // Figures stored as the domain computed them, identical on both backends.
    let row = c.quote_version(v1).await.unwrap().unwrap();
    assert_eq!(
        [row.subtotal, row.tax, row.total].map(|m| m.to_string()),
        ["355.00", "48.40", "403.40"]
    );
    let stored = c.quote_lines(v1).await.unwrap();
    assert_eq!(stored.len(), 4);
    assert_eq!(stored[2].discount.to_string(), "5.00");
    assert!(stored[1].tax_exempt && stored[1].kind == LineKind::Part);

    // A draft is invisible to the customer; sending publishes it.
    let company = CustomerScope::Company(f.first);
    assert!(
        c.quote(company, QuoteView::Customer, quote)
            .await
            .unwrap()
            .is_none()
    );
    assert!(c.mark_quote_sent(v1, Timestamp::now()).await.unwrap());
    assert!(
        !c.mark_quote_sent(v1, Timestamp::now()).await.unwrap(),
        "sent once"
    );
    let seen = c
        .quote(company, QuoteView::Customer, quote)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((seen.version, seen.state), (1, QuoteState::Sent));

    // Scopes: the owning seller sees it, another company does not.
    let seller = CustomerScope::OwnedBy(f.seller);
    assert!(
        c.quote(seller, QuoteView::Staff, quote)
            .await
            .unwrap()
            .is_some()
    );
    let other = CustomerScope::Company(f.second);
    assert!(
        c.quote(other, QuoteView::Customer, quote)
            .await
            .unwrap()
            .is_none()
    );
    let filter = |scope, view| QuoteFilter {
        scope,
        view,
        customer_id: None,
        order_id: None,
        opportunity_id: None,
        state: None,
        q: Some("pre-0000".into()),
    };
    assert_eq!(
        c.quotes_page(&filter(other, QuoteView::Customer), None, 50)
            .await
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        c.quotes_page(&filter(company, QuoteView::Customer), None, 50)
            .await
            .unwrap()
            .len(),
        1
    );

    // A change makes version 2 that supersedes the first; the customer keeps
    // seeing version 1 (superseded, not approvable) until v2 is sent.
    let v2 = QuoteVersionId::new();
    let (l2, t2) = lines(&[("3", "100", "0", Some("16"))]);
    assert!(
        c.set_quote_state(v1, QuoteState::Sent, QuoteState::Superseded, now)
            .await
            .unwrap()
    );
    c.insert_quote_version(&version(v2, 2, l2, t2))
        .await
        .unwrap();
    let staff = c
        .quote(CustomerScope::All, QuoteView::Staff, quote)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (staff.version_number.as_str(), staff.state),
        ("PRE-000001-v2", QuoteState::Draft)
    );
    let seen = c
        .quote(company, QuoteView::Customer, quote)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((seen.version, seen.state), (1, QuoteState::Superseded));
    assert!(
        !c.answer_quote(v1, QuoteAnswer::Approve.state(), None, None, now)
            .await
            .unwrap(),
        "a superseded version cannot be approved"
    );
    assert_eq!(
        c.quote_versions(quote, QuoteView::Customer)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(c.mark_quote_sent(v2, now).await.unwrap());
    assert_eq!(
        c.quote_versions(quote, QuoteView::Customer)
            .await
            .unwrap()
            .len(),
        2
    );

    // One answer wins.
    assert!(
        c.answer_quote(v2, QuoteState::Approved, None, Some("De acuerdo"), now)
            .await
            .unwrap()
    );
    assert!(
        !c.answer_quote(v2, QuoteState::Rejected, None, None, now)
            .await
            .unwrap()
    );
    let v = c.quote_version(v2).await.unwrap().unwrap();
    assert_eq!(
        (v.state, v.answer_comment.as_deref()),
        (QuoteState::Approved, Some("De acuerdo"))
    );

    // Expiry marks sent versions past their day.
    let v3 = QuoteVersionId::new();
    let (l3, t3) = lines(&[("1", "1", "0", None)]);
    let mut late = version(v3, 3, l3, t3);
    late.valid_until = day("2020-01-01");
    c.insert_quote_version(&late).await.unwrap();
    c.mark_quote_sent(v3, now).await.unwrap();
    let expired = c.expire_quotes(day("2020-01-02"), now).await.unwrap();
    assert_eq!(expired, vec![(quote, v3)]);
}

// --- invoices ----------------------------------------------------------------

async fn concurrent_issues_never_share_a_number(app: TestApp) {
    let f = fixture(&app).await;
    let mut c = app.services.store.conn().await.unwrap();
    let mut drafts = Vec::new();
    for _ in 0..6 {
        drafts.push(draft_invoice(&mut c, &f, f.first, "100").await);
    }
    let same = drafts[0];
    drop(c);
    let today = day("2025-03-10");
    // Six drafts issued at once, and the first one twice more in parallel.
    let mut tasks: Vec<_> = drafts
        .iter()
        .chain([&same, &same])
        .map(|&id| issue(&app, &f, id, today))
        .collect();
    let results = futures_util::future::join_all(tasks.drain(..)).await;
    let mut numbers: Vec<String> = results.into_iter().flatten().collect();
    numbers.sort();
    assert_eq!(
        numbers,
        (1..=6).map(|n| format!("FAC-{n:06}")).collect::<Vec<_>>(),
        "each draft issued once, numbers gap-free and distinct"
    );
    // The losers gave their numbers back: the next issue continues the series.
    let mut c = app.services.store.conn().await.unwrap();
    let next = draft_invoice(&mut c, &f, f.first, "100").await;
    drop(c);
    assert_eq!(
        issue(&app, &f, next, today).await.as_deref(),
        Some("FAC-000007")
    );

    // Issued invoices are never edited nor deleted; drafts are.
    let mut c = app.services.store.conn().await.unwrap();
    assert!(!c.delete_invoice_draft(same).await.unwrap());
    let draft = draft_invoice(&mut c, &f, f.first, "5").await;
    assert!(c.delete_invoice_draft(draft).await.unwrap());
    assert!(
        c.invoice(CustomerScope::All, true, draft)
            .await
            .unwrap()
            .is_none()
    );
}

async fn invoice_search_and_scopes(app: TestApp) {
    let f = fixture(&app).await;
    let mut c = app.services.store.conn().await.unwrap();
    let a = draft_invoice(&mut c, &f, f.first, "100").await;
    let b = draft_invoice(&mut c, &f, f.second, "2500").await;
    let hidden = draft_invoice(&mut c, &f, f.first, "7").await;
    drop(c);
    issue(&app, &f, a, day("2025-01-15")).await.unwrap();
    issue(&app, &f, b, day("2025-03-01")).await.unwrap();
    let mut c = app.services.store.conn().await.unwrap();
    let ids = |rows: Vec<faena::store::billing::invoices::InvoiceRow>| {
        rows.into_iter().map(|r| r.id).collect::<Vec<_>>()
    };
    let mut f_all = InvoiceFilter::new(CustomerScope::All);
    f_all.include_drafts = true;
    assert_eq!(
        ids(c.invoices_page(&f_all, None, 50).await.unwrap()).len(),
        3
    );
    // Customers never see drafts, and only their company.
    let company = InvoiceFilter::new(CustomerScope::Company(f.first));
    assert_eq!(
        ids(c.invoices_page(&company, None, 50).await.unwrap()),
        vec![a]
    );
    assert!(
        c.invoice(CustomerScope::Company(f.first), false, hidden)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        c.invoice(CustomerScope::Company(f.second), false, a)
            .await
            .unwrap()
            .is_none()
    );
    // "fecha de inicio": issued from.
    let mut from = InvoiceFilter::new(CustomerScope::All);
    from.issued_from = Some(day("2025-02-01"));
    assert_eq!(
        ids(c.invoices_page(&from, None, 50).await.unwrap()),
        vec![b]
    );
    // By amount (minor units: 2500 + 16 % = 2900.00 → 290000).
    let mut amount = InvoiceFilter::new(CustomerScope::All);
    amount.total_min_minor = Some(200_000);
    assert_eq!(
        ids(c.invoices_page(&amount, None, 50).await.unwrap()),
        vec![b]
    );
    // Overdue on a day past a's due date (Feb 14) but not b's (Mar 31).
    let mut overdue = InvoiceFilter::new(CustomerScope::All);
    overdue.overdue_on = Some(day("2025-03-10"));
    assert_eq!(
        ids(c.invoices_page(&overdue, None, 50).await.unwrap()),
        vec![a]
    );
    // By number and state.
    let mut by_number = InvoiceFilter::new(CustomerScope::All);
    by_number.q = Some("fac-000002".into());
    by_number.state = Some(InvoiceState::Issued);
    assert_eq!(
        ids(c.invoices_page(&by_number, None, 50).await.unwrap()),
        vec![b]
    );
    // The seller owns both demo customers; technicians see nothing.
    let seller = InvoiceFilter::new(CustomerScope::OwnedBy(f.seller));
    assert_eq!(
        ids(c.invoices_page(&seller, None, 50).await.unwrap()).len(),
        2
    );
    let nobody = InvoiceFilter::new(CustomerScope::Nothing);
    assert!(c.invoices_page(&nobody, None, 50).await.unwrap().is_empty());
}

async fn allocations_and_credit_notes_settle_invoices(app: TestApp) {
    let f = fixture(&app).await;
    let mut c = app.services.store.conn().await.unwrap();
    let inv = draft_invoice(&mut c, &f, f.first, "1000").await; // 1160.00
    drop(c);
    issue(&app, &f, inv, day("2025-03-10")).await.unwrap();
    let now = Timestamp::now();
    let mut tx = app.services.store.begin().await.unwrap();
    // The order's advance (300) is the customer's credit until allocated.
    let credits = tx
        .payment_credits(PaymentsOf::Customer(f.first))
        .await
        .unwrap();
    assert_eq!(credits.len(), 1);
    assert_eq!(credits[0].unallocated().0, d("300"));
    assert_eq!(
        tx.payment_credits(PaymentsOf::Order(f.order))
            .await
            .unwrap()
            .len(),
        1
    );
    tx.insert_allocation(&NewAllocation {
        id: PaymentAllocationId::new(),
        payment_id: f.payment,
        invoice_id: inv,
        amount: Money(d("300.00")),
        by: f.admin,
        now,
    })
    .await
    .unwrap();
    let (before, s) = tx.refresh_invoice_settlement(inv, now).await.unwrap();
    assert_eq!(before, InvoiceState::Issued);
    assert_eq!(
        (s.state(), s.open().to_string()),
        (InvoiceState::PartiallyPaid, "860.00".into())
    );
    assert!(
        tx.payment_credits(PaymentsOf::Customer(f.first))
            .await
            .unwrap()[0]
            .unallocated()
            .0
            .is_zero()
    );
    // An invoice with money on it cannot be voided.
    assert!(
        !tx.void_invoice(inv, "error", f.admin, day("2025-03-11"), now)
            .await
            .unwrap()
    );

    // A credit note of 116 (100 + tax).
    let (l, totals) = lines(&[("1", "100", "0", Some("16"))]);
    let n = tx
        .next_number(DocumentSeries::CreditNote.counter())
        .await
        .unwrap();
    tx.insert_credit_note(&NewCreditNote {
        id: CreditNoteId::new(),
        number: DocumentSeries::CreditNote.format(n),
        invoice_id: inv,
        customer_id: f.first,
        currency: "USD".into(),
        issue_date: day("2025-03-12"),
        reason: "Descuento acordado".into(),
        totals,
        lines: l,
        created_by: f.admin,
        now,
    })
    .await
    .unwrap();
    let (_, s) = tx.refresh_invoice_settlement(inv, now).await.unwrap();
    assert_eq!(
        (s.credited.to_string(), s.open().to_string()),
        ("116.00".into(), "744.00".into())
    );

    // Master reverses the payment: its allocations are released.
    let touched = tx
        .release_payment_allocations(f.payment, AllocationRelease::PaymentReversed, f.admin, now)
        .await
        .unwrap();
    assert_eq!(touched, vec![inv]);
    let (_, s) = tx.refresh_invoice_settlement(inv, now).await.unwrap();
    assert_eq!(
        (s.state(), s.open().to_string()),
        (InvoiceState::PartiallyPaid, "1044.00".into())
    );
    tx.commit().await.unwrap();

    let mut c = app.services.store.conn().await.unwrap();
    let row = c
        .invoice(CustomerScope::All, false, inv)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.state, InvoiceState::PartiallyPaid);
    // Compared as values: PostgreSQL's NUMERIC keeps no scale on a zero.
    assert_eq!((row.allocated.0, row.credited.0), (d("0"), d("116")));
    let history = c.invoice_allocations(inv, true).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].release_reason,
        Some(AllocationRelease::PaymentReversed)
    );
    assert!(c.invoice_allocations(inv, false).await.unwrap().is_empty());
    assert_eq!(
        c.credit_notes(CustomerScope::Company(f.first), Some(inv), None, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        c.credit_notes(CustomerScope::Company(f.second), None, None, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // A clean issued invoice can be voided, once.
    let mut c2 = app.services.store.conn().await.unwrap();
    let clean = draft_invoice(&mut c2, &f, f.first, "10").await;
    drop(c2);
    issue(&app, &f, clean, day("2025-03-10")).await.unwrap();
    assert!(
        c.void_invoice(clean, "Emitida por error", f.admin, day("2025-03-11"), now)
            .await
            .unwrap()
    );
    assert!(
        !c.void_invoice(clean, "otra vez", f.admin, day("2025-03-11"), now)
            .await
            .unwrap()
    );
    assert!(
        c.open_invoices(CustomerScope::All, Some(f.first))
            .await
            .unwrap()
            .iter()
            .all(|o| o.id != clean)
    );
}

// --- the statement -----------------------------------------------------------

async fn the_statement_is_one_indexed_query(app: TestApp) {
    let f = fixture(&app).await;
    // Other customers' history, so the query has something to skip.
    let mut tx = app.services.store.begin().await.unwrap();
    for _ in 0..300 {
        draft_invoice(&mut tx, &f, f.second, "10").await;
    }
    tx.commit().await.unwrap();
    let mut c = app.services.store.conn().await.unwrap();
    let mut ours = Vec::new();
    for price in ["1000", "200"] {
        ours.push(draft_invoice(&mut c, &f, f.first, price).await);
    }
    drop(c);
    issue(&app, &f, ours[0], day("2025-01-10")).await.unwrap(); // 1160.00
    issue(&app, &f, ours[1], day("2025-02-10")).await.unwrap(); // 232.00
    let mut c = app.services.store.conn().await.unwrap();
    assert!(
        c.void_invoice(
            ours[1],
            "error",
            f.admin,
            day("2025-02-11"),
            Timestamp::now()
        )
        .await
        .unwrap()
    );

    let tz: chrono_tz::Tz = "America/Caracas".parse().unwrap();
    let today = Timestamp::now()
        .as_datetime()
        .with_timezone(&tz)
        .date_naive();
    let movements = c.account_movements(f.first, today, tz).await.unwrap();
    let kinds: Vec<MovementKind> = {
        let mut m = movements.clone();
        m.sort_by_key(|m| (m.date, m.recorded_at));
        m.iter().map(|m| m.kind).collect()
    };
    assert_eq!(
        kinds,
        [
            MovementKind::Invoice,
            MovementKind::Invoice,
            MovementKind::InvoiceVoid,
            MovementKind::Payment
        ]
    );
    let s = statement::build(movements, Some(day("2025-02-01")), today);
    assert_eq!(s.opening_balance.to_string(), "1160.00");
    let balances: Vec<String> = s.lines.iter().map(|l| l.balance.to_string()).collect();
    assert_eq!(balances, ["1392.00", "1160.00", "860.00"]);
    assert_eq!(s.closing_balance.to_string(), "860.00");

    // One query, every branch through an index on the customer.
    let plan = c.account_movements_plan(f.first, today).await.unwrap();
    let text = plan.join("\n");
    match app.backend {
        Backend::Sqlite => {
            for line in &plan {
                assert!(
                    !line.trim_start().starts_with("SCAN"),
                    "full scan in the statement query:\n{text}"
                );
            }
            for index in [
                "invoices_customer",
                "credit_notes_customer",
                "service_orders_customer",
                "payments_order",
            ] {
                assert!(text.contains(index), "{index} unused:\n{text}");
            }
        }
        Backend::Postgres => {
            assert!(!text.contains("Seq Scan"), "sequential scan in:\n{text}");
            for index in [
                "invoices_customer",
                "credit_notes_customer",
                "service_orders_customer",
                "payments_order",
            ] {
                assert!(text.contains(index), "{index} unused:\n{text}");
            }
        }
    }
}

// --- reminders ---------------------------------------------------------------

async fn billing_reminders_are_claimed_once_and_dropped_with_their_subject(app: TestApp) {
    let f = fixture(&app).await;
    let mut c = app.services.store.conn().await.unwrap();
    let inv = draft_invoice(&mut c, &f, f.first, "100").await;
    drop(c);
    issue(&app, &f, inv, day("2025-03-10")).await.unwrap();
    let now = Timestamp::now();
    let subject = ReminderSubject::Invoice(inv);
    let mut tx = app.services.store.begin().await.unwrap();
    for (offset, due) in [
        (-3, now - TimeDelta::minutes(1)),
        (7, now + TimeDelta::days(10)),
    ] {
        tx.insert_billing_reminder(subject, offset, due, now)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();

    let backend = app.services.store.backend();
    let mut tx = app.services.store.begin().await.unwrap();
    assert!(tx.any_billing_reminder_due(now).await.unwrap());
    let lease = now + TimeDelta::seconds(60);
    let claimed = tx
        .claim_due_billing_reminders(backend, "node-a", now, lease, 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1, "only the due one");
    assert_eq!(
        (claimed[0].offset_days, claimed[0].invoice_id),
        (-3, Some(inv))
    );
    assert!(
        tx.claim_due_billing_reminders(backend, "node-b", now, lease, 10)
            .await
            .unwrap()
            .is_empty(),
        "a leased reminder is not claimed twice"
    );
    tx.finish_billing_reminder(claimed[0].id, ReminderStatus::Sent, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // Paying the invoice drops what is still planned.
    let mut c = app.services.store.conn().await.unwrap();
    assert_eq!(c.drop_billing_reminders(subject).await.unwrap(), 1);
    let rows = c.billing_reminders_of(subject).await.unwrap();
    let states: Vec<ReminderStatus> = rows.iter().map(|r| r.status).collect();
    assert_eq!(states, [ReminderStatus::Sent, ReminderStatus::Dropped]);
    assert!(
        !c.any_billing_reminder_due(now + TimeDelta::days(30))
            .await
            .unwrap()
    );
}

both_backends!(
    quote_versions_answers_and_scopes,
    concurrent_issues_never_share_a_number,
    invoice_search_and_scopes,
    allocations_and_credit_notes_settle_invoices,
    the_statement_is_one_indexed_query,
    billing_reminders_are_claimed_once_and_dropped_with_their_subject,
);
