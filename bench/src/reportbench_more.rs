//! The rest of reportbench's three years, for the parts, sales and quality
//! reports (included by `bin/reportbench.rs`, whose calendar, customers and
//! orders it builds on):
//!
//! - **machines**: one to three per customer, of twenty models, on nine
//!   orders in ten;
//! - **the parts catalog and its stock**: `--items` items (default 2,000)
//!   fitting one to three of those models, from `--suppliers` suppliers
//!   (default 100), and a ledger of about `--stock-moves` moves (default
//!   1,000,000) kept right item by item: an initial count, reservations
//!   and consumptions (or releases) on the orders, receipts on purchase
//!   order lines whenever the projected stock falls below the item's
//!   minimum (lines grouped by supplier and week into purchase orders,
//!   received after the supplier's lead time), a few adjustments; cached
//!   levels equal to the ledger;
//! - **support tickets**: `--tickets` (default 100,000) with their channel
//!   (`ticket:<id>`: created, a few chat messages, closed), first response
//!   and resolution times, SLA targets met or breached (calendar hours by
//!   priority), a survey on some closed ones;
//! - **CRM**: `--opportunities` (default 20,000) owned by the sellers, with
//!   their stage history through the funnel;
//! - **contacts with customers**: one reactive contact per ticket (as the
//!   product records it) and `--contacts` (default 30,000) recorded by
//!   hand, mostly proactive.
//!
//! Everything is deterministic for a given day and arguments.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use faena::domain::crm::Stage;
use faena::domain::events::{Actor, ChannelEvent, ChatMessage, TicketCreated, TicketStateChanged};
use faena::domain::interaction::{Direction, Initiative, InteractionChannel};
use faena::domain::inventory::{StockMoveKind, StockQty, StockUnit};
use faena::domain::ticket::Ticket;
use faena::domain::{
    CustomerId, Role, TaxIdCountry, TicketId, TicketPriority, TicketState, TicketType, UserId,
};
use faena::store::inventory::items::model_key;

use super::*;

/// (brand, model) of the machines customers own.
const MODELS: [(&str, &str); 20] = [
    ("Caterpillar", "320D"),
    ("Caterpillar", "336"),
    ("Caterpillar", "D6T"),
    ("Caterpillar", "950H"),
    ("Caterpillar", "416F"),
    ("Komatsu", "PC200-8"),
    ("Komatsu", "WA380-6"),
    ("Komatsu", "D65EX-17"),
    ("John Deere", "310L"),
    ("John Deere", "544K"),
    ("Volvo", "EC210D"),
    ("Volvo", "L120H"),
    ("Case", "580N"),
    ("Case", "CX210"),
    ("JCB", "3CX"),
    ("Hitachi", "ZX200"),
    ("Doosan", "DX225"),
    ("Bobcat", "S650"),
    ("New Holland", "B95C"),
    ("Hyundai", "R220LC-9S"),
];

const ITEM_NAMES: [&str; 16] = [
    "Filtro de aceite",
    "Filtro hidráulico",
    "Filtro de combustible",
    "Filtro de aire",
    "Kit de sellos de cilindro",
    "Correa del alternador",
    "Pastillas de freno",
    "Bomba de agua",
    "Zapata de oruga",
    "Diente de cucharón",
    "Manguera hidráulica",
    "Rodamiento de rueda",
    "Inyector",
    "Termostato",
    "Sensor de presión",
    "Cuchilla de corte",
];

// --- machines ----------------------------------------------------------------

pub struct Machine {
    pub id: Uuid,
    customer: usize,
    model: usize,
    serial: String,
    year: i32,
    hours: i64,
}

/// One to three machines per customer; the orders of a customer are on
/// them (nine in ten), so a part consumed on an order went into a model.
pub fn machines(w: &World, orders: &mut [Order]) -> Vec<Machine> {
    let mut rng = StdRng::seed_from_u64(31);
    let mut machines = Vec::new();
    let mut of_customer: Vec<Vec<usize>> = vec![Vec::new(); w.customers.len()];
    for (c, list) in of_customer.iter_mut().enumerate() {
        for _ in 0..rng.random_range(1..=3) {
            list.push(machines.len());
            let at = w.start - TimeDelta::days(rng.random_range(30..900));
            machines.push(Machine {
                id: id_at(at),
                customer: c,
                model: rng.random_range(0..MODELS.len()),
                serial: format!("BEN{:08}", rng.random_range(0..100_000_000u32)),
                year: rng.random_range(2008..=2024),
                hours: rng.random_range(500..20_000),
            });
        }
    }
    for o in orders.iter_mut() {
        let list = &of_customer[o.customer];
        if rng.random_bool(0.9) {
            o.equipment = Some(machines[list[rng.random_range(0..list.len())]].id);
        }
    }
    machines
}

// --- the parts catalog and its ledger ----------------------------------------

struct Supplier {
    id: Uuid,
    name: String,
    tax_id: String,
    lead_days: i64,
}

struct Item {
    id: Uuid,
    sku: String,
    description: String,
    supplier: usize,
    models: Vec<usize>,
    cost: i64,
    minimum: i64,
    maximum: i64,
    on_hand: i64,
    reserved: i64,
    on_order: i64,
    below_since: Option<Timestamp>,
}

/// A part an order needed: reserved at `at`, then consumed (closed
/// order), released (deactivated order) or still reserved (open order).
struct Demand {
    item: usize,
    order: Uuid,
    at: Timestamp,
    end: Option<(StockMoveKind, Timestamp)>,
    quantity: i64,
}

struct Move {
    id: Uuid,
    item: usize,
    kind: StockMoveKind,
    quantity: i64,
    on_hand_delta: i64,
    reserved_delta: i64,
    on_hand_after: i64,
    reserved_after: i64,
    reason: Option<&'static str>,
    order: Option<Uuid>,
    line: Option<Uuid>,
    unit_cost: Option<i64>,
    by: Uuid,
    at: Timestamp,
}

/// One item's running balances, recording its moves.
struct Ledger<'a> {
    moves: &'a mut Vec<Move>,
    item: usize,
    on_hand: i64,
    reserved: i64,
}

impl Ledger<'_> {
    /// A move of `quantity` changing on hand by `dh` and reserved by `dr`
    /// (its order, line, cost and reason to fill in).
    fn record(
        &mut self,
        kind: StockMoveKind,
        quantity: i64,
        dh: i64,
        dr: i64,
        at: Timestamp,
        by: Uuid,
    ) -> &mut Move {
        self.on_hand += dh;
        self.reserved += dr;
        self.moves.push(Move {
            id: id_at(at),
            item: self.item,
            kind,
            quantity,
            on_hand_delta: dh,
            reserved_delta: dr,
            on_hand_after: self.on_hand,
            reserved_after: self.reserved,
            reason: None,
            order: None,
            line: None,
            unit_cost: None,
            by,
            at,
        });
        self.moves.last_mut().expect("just pushed")
    }
}

/// A purchase order line: ordered at `at` (when the projected stock fell
/// below the minimum), arriving after the supplier's lead time.
struct Line {
    id: Uuid,
    item: usize,
    po: usize,
    position: i32,
    quantity: i64,
    at: Timestamp,
    arrival: Timestamp,
    received: bool,
}

struct PurchaseOrder {
    id: Uuid,
    number: String,
    supplier: usize,
    lines: usize,
    received: usize,
    created: Timestamp,
    last_line: Timestamp,
    finished: Option<Timestamp>,
}

struct Receipt {
    id: Uuid,
    line: usize,
    stock_move: Uuid,
    at: Timestamp,
}

/// What the stock part of the seed writes.
struct Stock {
    suppliers: Vec<Supplier>,
    items: Vec<Item>,
    moves: Vec<Move>,
    lines: Vec<Line>,
    orders: Vec<PurchaseOrder>,
    receipts: Vec<Receipt>,
}

const U: i64 = 1000;

fn stock(args: &Args, w: &World, orders: &[Order], machines: &[Machine], po_base: i64) -> Stock {
    let mut rng = StdRng::seed_from_u64(41);
    let days = (w.now.as_datetime() - w.start.as_datetime())
        .num_days()
        .max(1);
    let suppliers: Vec<Supplier> = (0..args.suppliers.max(1))
        .map(|i| Supplier {
            id: id_at(w.start - TimeDelta::days(1000 - i as i64)),
            name: format!("Proveedor de repuestos {:03} C.A.", i + 1),
            tax_id: format!("J-{:08}-{}", 40_000_000 + i, i % 10),
            lead_days: rng.random_range(7..=30),
        })
        .collect();
    let mut items: Vec<Item> = (0..args.items.max(1))
        .map(|i| {
            let mut models = vec![i % MODELS.len()];
            for _ in 0..rng.random_range(0..=2) {
                let m = rng.random_range(0..MODELS.len());
                if !models.contains(&m) {
                    models.push(m);
                }
            }
            let name = ITEM_NAMES[i % ITEM_NAMES.len()];
            Item {
                id: id_at(w.start - TimeDelta::days(900) + TimeDelta::seconds(i as i64)),
                sku: format!("REP-{:05}", i + 1),
                description: format!("{name} {}", MODELS[models[0]].1),
                supplier: rng.random_range(0..suppliers.len()),
                models,
                cost: rng.random_range(5..2_000) * 100,
                minimum: 0,
                maximum: 0,
                on_hand: 0,
                reserved: 0,
                on_order: 0,
                below_since: None,
            }
        })
        .collect();
    // The items that fit each model, most used first (an item's index is
    // its popularity rank).
    let mut fits: Vec<Vec<usize>> = vec![Vec::new(); MODELS.len()];
    for (i, item) in items.iter().enumerate() {
        for &m in &item.models {
            fits[m].push(i);
        }
    }
    let model_of: HashMap<Uuid, usize> = machines.iter().map(|m| (m.id, m.model)).collect();

    // The parts the orders needed: a reservation and its end each, about
    // 1.9 moves per demand once receipts and the few reservations that
    // found no stock are counted.
    let wanted = args.stock_moves.saturating_sub(items.len()) * 10 / 19;
    let mut demands: Vec<Demand> = Vec::with_capacity(wanted);
    for _ in 0..wanted {
        let o = &orders[rng.random_range(0..orders.len())];
        let model = o.equipment.and_then(|e| model_of.get(&e).copied());
        let u: f64 = rng.random();
        let item = match model {
            Some(m) if rng.random_bool(0.85) => {
                fits[m][((u.powf(1.8) * fits[m].len() as f64) as usize).min(fits[m].len() - 1)]
            }
            _ => ((u.powf(2.2) * items.len() as f64) as usize).min(items.len() - 1),
        };
        let end_of_work = o.closed.unwrap_or(w.now);
        let at = between(&mut rng, o.received, end_of_work);
        let end = match o.closed {
            Some(c) => Some((StockMoveKind::Consumption, between(&mut rng, at, c))),
            None if !o.active => Some((StockMoveKind::Release, between(&mut rng, at, w.now))),
            None => None,
        };
        demands.push(Demand {
            item,
            order: o.id,
            at,
            end,
            quantity: rng.random_range(1..=4) * U,
        });
    }
    // The stocking policy from each item's demand: the minimum covers the
    // lead time and a week, the maximum six more weeks.
    let mut demanded = vec![0i64; items.len()];
    for d in &demands {
        demanded[d.item] += d.quantity;
    }
    for (i, item) in items.iter_mut().enumerate() {
        let per_day = demanded[i] as f64 / days as f64;
        let lead = suppliers[item.supplier].lead_days as f64;
        let units = |q: f64| ((q / U as f64).ceil() as i64).max(1) * U;
        item.minimum = units(per_day * (lead + 7.0));
        item.maximum = item.minimum + units(per_day * 42.0);
    }

    // Each item's ledger, in time order.
    let mut per_item: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (k, d) in demands.iter().enumerate() {
        per_item[d.item].push(k);
    }
    let office = &w.office;
    let mut moves: Vec<Move> = Vec::with_capacity(args.stock_moves + args.stock_moves / 10);
    let mut lines: Vec<Line> = Vec::new();
    let counted_at = w.start - TimeDelta::days(1);
    for (i, item) in items.iter_mut().enumerate() {
        // (time, 0 = reserve / 1 = end, demand)
        let mut events: Vec<(Timestamp, u8, usize)> = Vec::new();
        for &k in &per_item[i] {
            let d = &demands[k];
            events.push((d.at, 0, k));
            if let Some((_, t)) = d.end {
                events.push((t, 1, k));
            }
        }
        events.sort_by_key(|e| (e.0, e.1));
        let mut arrivals: BinaryHeap<Reverse<(Timestamp, usize)>> = BinaryHeap::new();
        // Whether each demand's reservation found stock.
        let mut reserved_ok: HashMap<usize, bool> = HashMap::with_capacity(per_item[i].len());
        let mut ledger = Ledger {
            moves: &mut moves,
            item: i,
            on_hand: 0,
            reserved: 0,
        };
        let mut on_order = 0i64;
        ledger.record(
            StockMoveKind::InitialCount,
            item.maximum,
            item.maximum,
            0,
            counted_at,
            office[0],
        );
        let receive = |ledger: &mut Ledger, lines: &mut [Line], l: usize, at, by| {
            lines[l].received = true;
            let q = lines[l].quantity;
            let m = ledger.record(StockMoveKind::Receipt, q, q, 0, at, by);
            m.line = Some(lines[l].id);
            m.unit_cost = Some(item.cost);
            q
        };
        for (t, what, k) in events {
            // Goods that arrived before this move.
            while let Some(Reverse((arrival, l))) = arrivals.peek().copied() {
                if arrival > t {
                    break;
                }
                arrivals.pop();
                let by = office[rng.random_range(0..office.len())];
                on_order -= receive(&mut ledger, &mut lines, l, arrival, by);
            }
            let d = &demands[k];
            let by = w.techs[rng.random_range(0..w.techs.len())];
            if what == 0 {
                // Reserved only when available (else the order waited for
                // another source: no move).
                let fits = ledger.on_hand - ledger.reserved >= d.quantity;
                reserved_ok.insert(k, fits);
                if !fits {
                    continue;
                }
                ledger
                    .record(StockMoveKind::Reservation, d.quantity, 0, d.quantity, t, by)
                    .order = Some(d.order);
            } else {
                if !reserved_ok.get(&k).copied().unwrap_or(false) {
                    continue;
                }
                let (kind, _) = d.end.expect("an end");
                let dh = if kind == StockMoveKind::Consumption {
                    -d.quantity
                } else {
                    0
                };
                ledger
                    .record(kind, d.quantity, dh, -d.quantity, t, by)
                    .order = Some(d.order);
                // Now and then a count finds one more or one less.
                if rng.random_bool(0.01) {
                    let delta = if ledger.on_hand - ledger.reserved >= U {
                        -U
                    } else {
                        U
                    };
                    let at = t + TimeDelta::minutes(5);
                    ledger
                        .record(StockMoveKind::Adjustment, delta, delta, 0, at, office[0])
                        .reason = Some(if delta < 0 { "damaged" } else { "found" });
                }
            }
            // Below the minimum: order up to the maximum.
            let projected = ledger.on_hand - ledger.reserved + on_order;
            if projected < item.minimum {
                let q = item.maximum - projected;
                let arrival = t
                    + TimeDelta::days(suppliers[item.supplier].lead_days)
                    + TimeDelta::minutes(rng.random_range(0..24 * 60));
                on_order += q;
                let l = lines.len();
                lines.push(Line {
                    id: id_at(t + TimeDelta::seconds(1)),
                    item: i,
                    po: 0,
                    position: 0,
                    quantity: q,
                    at: t + TimeDelta::seconds(1),
                    arrival,
                    received: false,
                });
                if arrival <= w.now {
                    arrivals.push(Reverse((arrival, l)));
                }
            }
        }
        // What arrived after the last move and before today.
        while let Some(Reverse((arrival, l))) = arrivals.pop() {
            on_order -= receive(&mut ledger, &mut lines, l, arrival, office[0]);
        }
        let (on_hand, reserved) = (ledger.on_hand, ledger.reserved);
        item.on_hand = on_hand;
        item.reserved = reserved;
        item.on_order = on_order;
        item.below_since = (on_hand - reserved + on_order < item.minimum).then_some(w.now);
    }

    // Purchase orders: a supplier's lines of one week on one order (a
    // second line of the same item that week opens another).
    let mut order_of: HashMap<(usize, i64, usize), usize> = HashMap::new();
    let mut items_of: Vec<Vec<usize>> = Vec::new();
    let mut pos: Vec<PurchaseOrder> = Vec::new();
    let mut by_time: Vec<usize> = (0..lines.len()).collect();
    by_time.sort_by_key(|&l| lines[l].at);
    for l in by_time {
        let supplier = items[lines[l].item].supplier;
        let week = (lines[l].at.as_datetime() - w.start.as_datetime()).num_days() / 7;
        let mut k = 0;
        let po = loop {
            let po = *order_of.entry((supplier, week, k)).or_insert_with(|| {
                pos.push(PurchaseOrder {
                    id: id_at(lines[l].at),
                    number: String::new(),
                    supplier,
                    lines: 0,
                    received: 0,
                    created: lines[l].at,
                    last_line: lines[l].at,
                    finished: None,
                });
                items_of.push(Vec::new());
                pos.len() - 1
            });
            if !items_of[po].contains(&lines[l].item) {
                break po;
            }
            k += 1;
        };
        items_of[po].push(lines[l].item);
        let p = &mut pos[po];
        p.lines += 1;
        p.last_line = lines[l].at;
        lines[l].po = po;
        lines[l].position = p.lines as i32;
        if lines[l].received {
            p.received += 1;
            p.finished = Some(
                p.finished
                    .map_or(lines[l].arrival, |f| f.max(lines[l].arrival)),
            );
        }
    }
    for (k, p) in pos.iter_mut().enumerate() {
        p.number = format!("OC-{:06}", po_base + k as i64 + 1);
    }
    let mut receipts = Vec::new();
    for m in moves.iter().filter(|m| m.kind == StockMoveKind::Receipt) {
        let line = m.line.expect("a receipt's line");
        receipts.push((line, m.id, m.at));
    }
    let line_index: HashMap<Uuid, usize> =
        lines.iter().enumerate().map(|(i, l)| (l.id, i)).collect();
    let receipts = receipts
        .into_iter()
        .map(|(line, stock_move, at)| Receipt {
            id: id_at(at),
            line: line_index[&line],
            stock_move,
            at,
        })
        .collect();
    Stock {
        suppliers,
        items,
        moves,
        lines,
        orders: pos,
        receipts,
    }
}

// --- tickets -----------------------------------------------------------------

struct GenTicket {
    id: Uuid,
    number: String,
    customer: usize,
    kind: TicketType,
    priority: TicketPriority,
    state: TicketState,
    subject: &'static str,
    created_by: usize,
    assignee: Option<usize>,
    created: Timestamp,
    first_response: Option<Timestamp>,
    resolved: Option<Timestamp>,
    response_due: Option<Timestamp>,
    response_breached: Option<Timestamp>,
    resolution_due: Option<Timestamp>,
    resolution_breached: Option<Timestamp>,
    went_pending: bool,
    reopened: bool,
    updated: Timestamp,
    /// (author, text, at)
    chat: Vec<(usize, &'static str, Timestamp)>,
}

const SUBJECTS: [(TicketType, &str); 10] = [
    (TicketType::Billing, "Diferencia en el monto de la factura"),
    (TicketType::Billing, "Solicitud de estado de cuenta"),
    (TicketType::TechnicalSupport, "El equipo pierde potencia"),
    (
        TicketType::TechnicalSupport,
        "Fuga de aceite después del servicio",
    ),
    (
        TicketType::TechnicalSupport,
        "Alarma de temperatura en el tablero",
    ),
    (
        TicketType::GeneralInformation,
        "Horario del taller en diciembre",
    ),
    (
        TicketType::GeneralInformation,
        "Cotización de mantenimiento preventivo",
    ),
    (TicketType::Complaint, "Retraso en la entrega del equipo"),
    (TicketType::Complaint, "Trato recibido en recepción"),
    (
        TicketType::Suggestion,
        "Avisar por mensaje cuando el equipo esté listo",
    ),
];
const CUSTOMER_SAYS: [&str; 4] = [
    "Buenos días, les escribo por el equipo.",
    "¿Tienen alguna novedad?",
    "Gracias, quedo atento.",
    "Adjunto la información que pidieron.",
];
const STAFF_SAYS: [&str; 4] = [
    "Buenos días, ya estamos revisando su caso.",
    "Le confirmamos que el técnico pasará mañana.",
    "Quedó resuelto, cualquier cosa nos escribe.",
    "Necesitamos el número de serie del equipo.",
];

/// Targets in calendar hours by priority: (first response, resolution).
fn targets(p: TicketPriority) -> (i64, i64) {
    match p {
        TicketPriority::High => (2, 24),
        TicketPriority::Medium => (8, 72),
        TicketPriority::Low => (24, 120),
    }
}

fn tickets(args: &Args, w: &World, people: &People, base: i64) -> Vec<GenTicket> {
    let mut rng = StdRng::seed_from_u64(51);
    let mut created: Vec<Timestamp> = (0..args.tickets)
        .map(|_| between(&mut rng, w.start, w.now - TimeDelta::minutes(30)))
        .collect();
    created.sort();
    let mut out = Vec::with_capacity(args.tickets);
    for (n, at) in created.into_iter().enumerate() {
        let (kind, subject) = SUBJECTS[rng.random_range(0..SUBJECTS.len())];
        let priority = [
            TicketPriority::High,
            TicketPriority::Medium,
            TicketPriority::Medium,
            TicketPriority::Low,
        ][rng.random_range(0..4)];
        let (response_target, resolution_target) = targets(priority);
        let staff = if kind == TicketType::TechnicalSupport {
            &people.techs
        } else {
            &people.office
        };
        let age_days = (w.now.as_datetime() - at.as_datetime()).num_days();
        // Log-uniform: 5 minutes to two days to the first reply; an hour
        // to ten days to the resolution after it.
        let log_between = |rng: &mut StdRng, lo: f64, hi: f64| {
            (lo.ln() + rng.random::<f64>() * (hi / lo).ln()).exp() as i64
        };
        let response = at + TimeDelta::minutes(log_between(&mut rng, 5.0, 2880.0));
        let resolution = response + TimeDelta::minutes(log_between(&mut rng, 60.0, 14_400.0));
        let closes = rng.random_bool(if age_days > 30 { 0.97 } else { 0.6 });
        let first_response = (response < w.now).then_some(response);
        let resolved = (closes && resolution < w.now).then_some(resolution);
        let state = match (first_response, resolved) {
            (_, Some(_)) => TicketState::Closed,
            (None, None) => TicketState::Open,
            (Some(_), None) => {
                if rng.random_bool(0.3) {
                    TicketState::Pending
                } else {
                    TicketState::InProgress
                }
            }
        };
        let assignee = first_response.map(|_| rng.random_range(0..staff.len()));
        let response_deadline = at + TimeDelta::hours(response_target);
        let resolution_deadline = at + TimeDelta::hours(resolution_target);
        let response_breached = match first_response {
            Some(r) if r > response_deadline => Some(response_deadline),
            None if w.now > response_deadline => Some(response_deadline),
            _ => None,
        };
        let resolution_breached = match resolved {
            Some(r) if r > resolution_deadline => Some(resolution_deadline),
            None if w.now > resolution_deadline => Some(resolution_deadline),
            _ => None,
        };
        // Clocks still running: the deadline while not met, paused
        // (pending) or breached and past.
        let response_due =
            (first_response.is_none() && response_breached.is_none()).then_some(response_deadline);
        let resolution_due =
            (resolved.is_none() && resolution_breached.is_none() && state != TicketState::Pending)
                .then_some(resolution_deadline);
        // The chat: the customer's message, the first reply, then turns.
        let mut chat = vec![(usize::MAX, CUSTOMER_SAYS[0], at + TimeDelta::minutes(1))];
        if let (Some(r), Some(a)) = (first_response, assignee) {
            chat.push((a, STAFF_SAYS[0], r));
            let end = resolved.unwrap_or(w.now);
            let mut t = r;
            for k in 0..rng.random_range(0..=2) {
                t = between(&mut rng, t, end);
                let (who, text) = if k % 2 == 0 {
                    (
                        usize::MAX,
                        CUSTOMER_SAYS[rng.random_range(1..CUSTOMER_SAYS.len())],
                    )
                } else {
                    (a, STAFF_SAYS[rng.random_range(1..STAFF_SAYS.len())])
                };
                chat.push((who, text, t));
            }
        }
        let updated = resolved.or_else(|| chat.last().map(|c| c.2)).unwrap_or(at);
        out.push(GenTicket {
            id: id_at(at),
            number: format!("PQR-{:06}", base + n as i64 + 1),
            customer: pick_customer(&mut rng, w.customers.len()),
            kind,
            priority,
            state,
            subject,
            created_by: rng.random_range(0..people.office.len()),
            assignee,
            created: at,
            first_response,
            resolved,
            response_due,
            response_breached,
            resolution_due,
            resolution_breached,
            went_pending: state == TicketState::Pending || rng.random_bool(0.15),
            reopened: rng.random_bool(0.03),
            updated,
            chat,
        });
    }
    out
}

/// The users and customers the tickets, opportunities and contacts name.
struct People {
    /// (id, name, role) of the office (admins and operators).
    office: Vec<(Uuid, String, Role)>,
    techs: Vec<(Uuid, String, Role)>,
    sellers: Vec<(Uuid, String, Role)>,
    /// The demo customer contact: who writes the customers' side of the
    /// chats.
    contact: (Uuid, String, Role),
    /// Name and owner of each customer (in `World::customers` order).
    customers: Vec<(String, Option<Uuid>)>,
}

async fn people(s: &faena::services::Services, w: &World) -> anyhow::Result<People> {
    let mut conn = s.store.conn().await?;
    let users = conn
        .list_users(&UserFilter {
            role: None,
            active: Some(true),
        })
        .await?;
    let of = |role: Role| -> Vec<(Uuid, String, Role)> {
        users
            .iter()
            .filter(|u| u.role == role)
            .map(|u| (u.id.0, u.name.clone(), u.role))
            .collect()
    };
    let rows: Vec<(Uuid, String, Option<Uuid>)> = on_backend!(&mut conn, c =>
        sqlx::query_as("SELECT id, name, owner_id FROM customers").fetch_all(c).await)?;
    let by_id: HashMap<Uuid, (String, Option<Uuid>)> =
        rows.into_iter().map(|(id, n, o)| (id, (n, o))).collect();
    let customers = w
        .customers
        .iter()
        .map(|id| by_id.get(id).cloned().unwrap_or_default())
        .collect();
    let office = [of(Role::Admin), of(Role::Operator)].concat();
    let contact: (Uuid, String) = on_backend!(&mut conn, c =>
        sqlx::query_as("SELECT id, name FROM users WHERE role = 'customer' ORDER BY email LIMIT 1")
            .fetch_one(c).await)
    .context("the demo customer contact")?;
    let contact = (contact.0, contact.1, Role::Customer);
    Ok(People {
        office,
        techs: of(Role::Technician),
        sellers: of(Role::Seller),
        contact,
        customers,
    })
}

fn actor(p: &(Uuid, String, Role)) -> Actor {
    Actor {
        id: UserId(p.0),
        name: p.1.clone(),
        role: p.2,
    }
}

/// The ticket as its channel's events carry it: as raised (`Open`) or as
/// closed.
fn ticket_view(t: &GenTicket, people: &People, w: &World, state: TicketState) -> Ticket {
    let staff = if t.kind == TicketType::TechnicalSupport {
        &people.techs
    } else {
        &people.office
    };
    let assignee = t.assignee.map(|a| &staff[a]);
    if state == TicketState::Open {
        let (response, resolution) = targets(t.priority);
        let mut raised = ticket_view(t, people, w, TicketState::Closed);
        raised.state = state;
        raised.assignee_id = None;
        raised.assignee_name = None;
        raised.first_response_at = None;
        raised.resolved_at = None;
        raised.sla_response_due_at = Some(t.created + TimeDelta::hours(response));
        raised.sla_response_breached_at = None;
        raised.sla_resolution_due_at = Some(t.created + TimeDelta::hours(resolution));
        raised.sla_resolution_breached_at = None;
        raised.updated_at = t.created;
        return raised;
    }
    Ticket {
        id: TicketId(t.id),
        number: t.number.clone(),
        customer_id: CustomerId(w.customers[t.customer]),
        customer_name: people.customers[t.customer].0.clone(),
        kind: t.kind,
        priority: t.priority,
        state,
        subject: t.subject.to_string(),
        description: String::new(),
        created_by: UserId(people.office[t.created_by].0),
        assignee_id: assignee.map(|a| UserId(a.0)),
        assignee_name: assignee.map(|a| a.1.clone()),
        created_at: t.created,
        first_response_at: t.first_response,
        resolved_at: if state == TicketState::Closed {
            t.resolved
        } else {
            None
        },
        sla_response_due_at: t.response_due,
        sla_response_breached_at: t.response_breached,
        sla_resolution_due_at: t.resolution_due,
        sla_resolution_breached_at: t.resolution_breached,
        updated_at: t.updated,
    }
}

/// One stored publication of a ticket's channel.
struct Publication {
    channel: String,
    seq: i64,
    data: String,
    user: Option<Uuid>,
    at: Timestamp,
}

fn publications(t: &GenTicket, people: &People, w: &World) -> anyhow::Result<Vec<Publication>> {
    let channel = format!("ticket:{}", t.id);
    let creator = &people.office[t.created_by];
    let staff = if t.kind == TicketType::TechnicalSupport {
        &people.techs
    } else {
        &people.office
    };
    let mut out = Vec::with_capacity(t.chat.len() + 2);
    let mut push = |data: &ChannelEvent, user: Uuid, at: Timestamp| -> anyhow::Result<()> {
        out.push(Publication {
            channel: channel.clone(),
            seq: out.len() as i64 + 1,
            data: serde_json::to_string(data)?,
            user: Some(user),
            at,
        });
        Ok(())
    };
    push(
        &ChannelEvent::TicketCreated(TicketCreated {
            ticket: ticket_view(t, people, w, TicketState::Open),
            by: actor(creator),
        }),
        creator.0,
        t.created,
    )?;
    for &(who, text, at) in &t.chat {
        let author = if who == usize::MAX {
            &people.contact
        } else {
            &staff[who]
        };
        push(
            &ChannelEvent::ChatMessage(ChatMessage {
                author: actor(author),
                text: text.to_string(),
                attachments: Vec::new(),
                client_msg_id: None,
                sent_at: at,
            }),
            author.0,
            at,
        )?;
    }
    if let (Some(resolved), Some(a)) = (t.resolved, t.assignee) {
        push(
            &ChannelEvent::TicketStateChanged(TicketStateChanged {
                ticket: ticket_view(t, people, w, TicketState::Closed),
                by: actor(&staff[a]),
                from: TicketState::InProgress,
            }),
            staff[a].0,
            resolved,
        )?;
    }
    Ok(out)
}

// --- CRM -------------------------------------------------------------------------

struct Opportunity {
    id: Uuid,
    title: String,
    customer: usize,
    owner: Uuid,
    value: i64,
    stage: Stage,
    lost_reason: Option<&'static str>,
    model: usize,
    source: &'static str,
    created: Timestamp,
    updated: Timestamp,
    expected_close: NaiveDate,
    /// (from, to, lost reason, at)
    history: Vec<(Option<Stage>, Stage, Option<&'static str>, Timestamp)>,
}

const LOST_REASONS: [&str; 6] = [
    "price",
    "competitor",
    "no_budget",
    "no_response",
    "timing",
    "other",
];

fn opportunities(args: &Args, w: &World, people: &People) -> Vec<Opportunity> {
    let mut rng = StdRng::seed_from_u64(61);
    let sellers: Vec<Uuid> = people.sellers.iter().map(|s| s.0).collect();
    let mut out = Vec::with_capacity(args.opportunities);
    for n in 0..args.opportunities {
        let created = between(&mut rng, w.start, w.now - TimeDelta::hours(1));
        let customer = pick_customer(&mut rng, w.customers.len());
        let owner = people.customers[customer]
            .1
            .filter(|o| sellers.contains(o))
            .unwrap_or_else(|| sellers[rng.random_range(0..sellers.len())]);
        let model = rng.random_range(0..MODELS.len());
        let mut history = vec![(None, Stage::Prospect, None, created)];
        let (mut stage, mut at, mut reason) = (Stage::Prospect, created, None);
        loop {
            // Some stall where they are (still open).
            if rng.random_bool(0.2) {
                break;
            }
            let next_at = at + TimeDelta::hours(rng.random_range(24..24 * 30));
            if next_at >= w.now {
                break;
            }
            let next = if stage == Stage::Negotiation {
                if rng.random_bool(0.55) {
                    Stage::Won
                } else {
                    Stage::Lost
                }
            } else if rng.random_bool(0.2) {
                Stage::Lost
            } else {
                Stage::FUNNEL[stage.rank() + 1]
            };
            reason = (next == Stage::Lost).then(|| LOST_REASONS[rng.random_range(0..6)]);
            history.push((Some(stage), next, reason, next_at));
            stage = next;
            at = next_at;
            if stage.is_closed() {
                break;
            }
        }
        out.push(Opportunity {
            id: id_at(created),
            title: format!(
                "{} {} — oportunidad {}",
                MODELS[model].0,
                MODELS[model].1,
                n + 1
            ),
            customer,
            owner,
            value: rng.random_range(1_000..200_000) * 100,
            stage,
            lost_reason: reason,
            model,
            source: ["Referido", "Sitio web", "Visita", "Feria", "Llamada"][rng.random_range(0..5)],
            created,
            updated: at,
            expected_close: local_day(created, w.tz) + TimeDelta::days(rng.random_range(30..120)),
            history,
        });
    }
    out
}

// --- contacts with customers -------------------------------------------------------

struct Contact {
    id: Uuid,
    customer: usize,
    channel: InteractionChannel,
    direction: Direction,
    initiative: Initiative,
    reason: &'static str,
    outcome: &'static str,
    user: Option<Uuid>,
    at: Timestamp,
    subject: Option<(&'static str, String)>,
    source_key: Option<String>,
}

fn contacts(args: &Args, w: &World, people: &People, tickets: &[GenTicket]) -> Vec<Contact> {
    let mut rng = StdRng::seed_from_u64(71);
    let mut out = Vec::with_capacity(tickets.len() + args.contacts);
    // What the product records when a ticket is opened.
    for t in tickets {
        let portal = rng.random_bool(0.4);
        out.push(Contact {
            id: id_at(t.created),
            customer: t.customer,
            channel: if portal {
                InteractionChannel::Portal
            } else {
                InteractionChannel::Phone
            },
            direction: Direction::Inbound,
            initiative: Initiative::Reactive,
            reason: t.subject,
            outcome: "",
            user: (!portal).then(|| people.office[t.created_by].0),
            at: t.created,
            subject: Some(("ticket", t.id.to_string())),
            source_key: Some(format!("ticket:{}:opened", t.id)),
        });
    }
    // Recorded by hand: follow-ups and visits (proactive), calls taken.
    let staff: Vec<Uuid> = people
        .sellers
        .iter()
        .chain(&people.office)
        .map(|p| p.0)
        .collect();
    for _ in 0..args.contacts {
        let at = between(&mut rng, w.start, w.now);
        let proactive = rng.random_bool(0.75);
        let customer = pick_customer(&mut rng, w.customers.len());
        let user = people.customers[customer]
            .1
            .filter(|_| rng.random_bool(0.7))
            .unwrap_or_else(|| staff[rng.random_range(0..staff.len())]);
        out.push(Contact {
            id: id_at(at),
            customer,
            channel: [
                InteractionChannel::Phone,
                InteractionChannel::Phone,
                InteractionChannel::Email,
                InteractionChannel::Visit,
                InteractionChannel::Social,
            ][rng.random_range(0..5)],
            direction: if proactive {
                Direction::Outbound
            } else {
                Direction::Inbound
            },
            initiative: if proactive {
                Initiative::Proactive
            } else {
                Initiative::Reactive
            },
            reason: if proactive {
                [
                    "Seguimiento de cotización",
                    "Recordatorio de mantenimiento preventivo",
                    "Visita comercial",
                ][rng.random_range(0..3)]
            } else {
                ["Consulta por repuestos", "Reporte de falla"][rng.random_range(0..2)]
            },
            outcome: [
                "Interesado",
                "Volver a llamar",
                "Sin respuesta",
                "Agendó visita",
            ][rng.random_range(0..4)],
            user: Some(user),
            at,
            subject: None,
            source_key: None,
        });
    }
    out
}

// --- writing ---------------------------------------------------------------------

/// Writes the machines (before the orders that name them).
pub async fn write_machines(
    s: &faena::services::Services,
    w: &World,
    machines: &[Machine],
) -> anyhow::Result<usize> {
    write_table!(
        s.store,
        "INSERT INTO equipment (id, customer_id, brand, model, serial, year, engine_hours,
            warranty_ends_on, notes, created_at) ",
        10,
        machines,
        |b, m| {
            let (brand, model) = MODELS[m.model];
            b.push_bind(m.id)
                .push_bind(w.customers[m.customer])
                .push_bind(brand)
                .push_bind(model)
                .push_bind(&m.serial)
                .push_bind(m.year)
                .push_bind(m.hours)
                .push_bind(None::<NaiveDate>)
                .push_bind("")
                .push_bind(w.start - TimeDelta::days(30));
        }
    );
    Ok(machines.len())
}

/// Generates and writes the stock, tickets, CRM and contacts; returns the
/// rows written.
pub async fn seed_more(
    s: &faena::services::Services,
    args: &Args,
    w: &World,
    orders: &[Order],
    machines: &[Machine],
) -> anyhow::Result<usize> {
    let people = people(s, w).await?;
    anyhow::ensure!(
        !people.sellers.is_empty() && !people.techs.is_empty(),
        "sellers and technicians"
    );
    let mut conn = s.store.conn().await?;
    let po_base = counter(&mut conn, "purchase_order").await?;
    let ticket_base = counter(&mut conn, "ticket").await?;
    drop(conn);
    let st = stock(args, w, orders, machines, po_base);
    let ts = tickets(args, w, &people, ticket_base);
    let ops = opportunities(args, w, &people);
    let cs = contacts(args, w, &people, &ts);
    let created = w.start - TimeDelta::days(900);
    let mut rows = 0;

    // The catalog and purchasing.
    write_table!(
        s.store,
        "INSERT INTO suppliers (id, name, sort_name, search_text, tax_id, tax_id_country, email,
            phone, address, payment_terms, lead_time_days, notes, active, created_at,
            updated_at) ",
        15,
        st.suppliers,
        |b, p| {
            b.push_bind(p.id)
                .push_bind(&p.name)
                .push_bind(p.name.to_lowercase())
                .push_bind(format!(
                    "{} {}",
                    p.name.to_lowercase(),
                    p.tax_id.to_lowercase()
                ))
                .push_bind(&p.tax_id)
                .push_bind(TaxIdCountry::Venezuela)
                .push_bind(None::<String>)
                .push_bind("+58 241 555 0100")
                .push_bind("Zona industrial")
                .push_bind("30 días")
                .push_bind(p.lead_days as i32)
                .push_bind("")
                .push_bind(true)
                .push_bind(created)
                .push_bind(created);
        }
    );
    write_table!(
        s.store,
        "INSERT INTO inventory_items (id, sku, description, search_text, brand, part_number,
            unit, average_cost, average_cost_cents, sale_price, warranty_days, minimum, maximum,
            reorder_multiple, preferred_supplier_id, active, created_at, updated_at) ",
        18,
        st.items,
        |b, it| {
            b.push_bind(it.id)
                .push_bind(&it.sku)
                .push_bind(&it.description)
                .push_bind(format!(
                    "{} {}",
                    it.sku.to_lowercase(),
                    it.description.to_lowercase()
                ))
                .push_bind(MODELS[it.models[0]].0)
                .push_bind(format!("PN-{}", &it.sku[4..]))
                .push_bind(StockUnit::Piece)
                .push_bind(money(it.cost))
                .push_bind(it.cost)
                .push_bind(money(it.cost * 16 / 10))
                .push_bind(90i32)
                .push_bind(StockQty::from_milli(it.minimum))
                .push_bind(StockQty::from_milli(it.maximum))
                .push_bind(StockQty::units(1))
                .push_bind(st.suppliers[it.supplier].id)
                .push_bind(true)
                .push_bind(created)
                .push_bind(created);
        }
    );
    let fits: Vec<(Uuid, usize)> = st
        .items
        .iter()
        .flat_map(|it| it.models.iter().map(move |&m| (it.id, m)))
        .collect();
    write_table!(
        s.store,
        "INSERT INTO item_models (item_id, model_key, model) ",
        3,
        fits,
        |b, f| {
            let model = MODELS[f.1].1;
            b.push_bind(f.0)
                .push_bind(model_key(model))
                .push_bind(model);
        }
    );
    write_table!(
        s.store,
        "INSERT INTO purchase_orders (id, number, supplier_id, state, notes, created_by,
            created_at, updated_at, sent_at, finished_at) ",
        10,
        st.orders,
        |b, p| {
            let state = if p.received == p.lines {
                "received"
            } else if p.received > 0 {
                "partially_received"
            } else {
                "sent"
            };
            let finished = (p.received == p.lines).then(|| p.finished).flatten();
            b.push_bind(p.id)
                .push_bind(&p.number)
                .push_bind(st.suppliers[p.supplier].id)
                .push_bind(state)
                .push_bind("")
                .push_bind(w.office[0])
                .push_bind(p.created)
                .push_bind(p.finished.unwrap_or(p.last_line))
                .push_bind(p.last_line)
                .push_bind(finished);
        }
    );
    write_table!(
        s.store,
        "INSERT INTO purchase_order_lines (id, purchase_order_id, item_id, position, quantity,
            received, unit_cost, promised_on, fully_received_at, created_at) ",
        10,
        st.lines,
        |b, l| {
            let item = &st.items[l.item];
            b.push_bind(l.id)
                .push_bind(st.orders[l.po].id)
                .push_bind(item.id)
                .push_bind(l.position)
                .push_bind(StockQty::from_milli(l.quantity))
                .push_bind(StockQty::from_milli(if l.received {
                    l.quantity
                } else {
                    0
                }))
                .push_bind(money(item.cost))
                .push_bind(Some(local_day(l.arrival, w.tz)))
                .push_bind(l.received.then_some(l.arrival))
                .push_bind(l.at);
        }
    );
    write_table!(
        s.store,
        "INSERT INTO stock_moves (id, item_id, kind, quantity, on_hand_delta, reserved_delta,
            on_hand_after, reserved_after, reason, note, order_id, order_part_id,
            purchase_line_id, unit_cost, created_by, created_at, cost_cents) ",
        17,
        st.moves,
        |b, m| {
            b.push_bind(m.id)
                .push_bind(st.items[m.item].id)
                .push_bind(m.kind)
                .push_bind(StockQty::from_milli(m.quantity))
                .push_bind(StockQty::from_milli(m.on_hand_delta))
                .push_bind(StockQty::from_milli(m.reserved_delta))
                .push_bind(StockQty::from_milli(m.on_hand_after))
                .push_bind(StockQty::from_milli(m.reserved_after))
                .push_bind(m.reason)
                .push_bind("")
                .push_bind(m.order)
                .push_bind(None::<Uuid>)
                .push_bind(m.line)
                .push_bind(m.unit_cost.map(money))
                .push_bind(m.by)
                .push_bind(m.at)
                // The item's average cost (the generator never changes it).
                .push_bind(st.items[m.item].cost);
        }
    );
    write_table!(
        s.store,
        "INSERT INTO purchase_receipts (id, purchase_order_id, line_id, item_id, quantity,
            unit_cost, average_cost_before, over_receipt, stock_move_id, received_by,
            received_at) ",
        11,
        st.receipts,
        |b, r| {
            let line = &st.lines[r.line];
            let item = &st.items[line.item];
            b.push_bind(r.id)
                .push_bind(st.orders[line.po].id)
                .push_bind(line.id)
                .push_bind(item.id)
                .push_bind(StockQty::from_milli(line.quantity))
                .push_bind(money(item.cost))
                .push_bind(money(item.cost))
                .push_bind(false)
                .push_bind(r.stock_move)
                .push_bind(w.office[0])
                .push_bind(r.at);
        }
    );
    write_table!(
        s.store,
        "INSERT INTO stock_levels (item_id, on_hand, reserved, on_order, reorder_since,
            updated_at) ",
        6,
        st.items,
        |b, it| {
            b.push_bind(it.id)
                .push_bind(StockQty::from_milli(it.on_hand))
                .push_bind(StockQty::from_milli(it.reserved))
                .push_bind(StockQty::from_milli(it.on_order))
                .push_bind(it.below_since)
                .push_bind(w.now);
        }
    );
    rows += st.suppliers.len()
        + 2 * st.items.len()
        + fits.len()
        + st.orders.len()
        + st.lines.len()
        + st.moves.len()
        + st.receipts.len();
    drop(fits);

    // Tickets, their channels and surveys.
    write_table!(
        s.store,
        "INSERT INTO tickets (id, number, customer_id, kind, priority, state, subject,
            description, search_text, created_by, assignee_id, created_at, first_response_at,
            resolved_at, updated_at, sla_response_due_at, sla_response_breached_at,
            sla_resolution_due_at, sla_resolution_breached_at, went_pending, reopened) ",
        21,
        ts,
        |b, t| {
            let staff = if t.kind == TicketType::TechnicalSupport {
                &people.techs
            } else {
                &people.office
            };
            b.push_bind(t.id)
                .push_bind(&t.number)
                .push_bind(w.customers[t.customer])
                .push_bind(t.kind)
                .push_bind(t.priority)
                .push_bind(t.state)
                .push_bind(t.subject)
                .push_bind("")
                .push_bind(format!(
                    "{} {}",
                    t.number.to_lowercase(),
                    t.subject.to_lowercase()
                ))
                .push_bind(people.office[t.created_by].0)
                .push_bind(t.assignee.map(|a| staff[a].0))
                .push_bind(t.created)
                .push_bind(t.first_response)
                .push_bind(t.resolved)
                .push_bind(t.updated)
                .push_bind(t.response_due)
                .push_bind(t.response_breached)
                .push_bind(t.resolution_due)
                .push_bind(t.resolution_breached)
                .push_bind(t.went_pending)
                .push_bind(t.reopened);
        }
    );
    // Each ticket's channel (its publications' foreign key), then its
    // publications, in the same transactions.
    let mut published = 0usize;
    for part in ts.chunks(TX_ROWS) {
        // (name, epoch, last offset, created)
        let mut channels: Vec<(String, String, i64, Timestamp)> = Vec::with_capacity(part.len());
        let mut pubs = Vec::with_capacity(part.len() * 5);
        for t in part {
            let p = publications(t, &people, w)?;
            // The id's low bits are random: a new channel's epoch.
            let epoch = format!("{:08x}", t.id.as_u128() as u32);
            channels.push((format!("ticket:{}", t.id), epoch, p.len() as i64, t.created));
            pubs.extend(p);
        }
        published += pubs.len();
        let mut tx = s.store.begin().await?;
        insert_rows!(
            &mut tx,
            "INSERT INTO channels (name, epoch, last_offset, created_at) ",
            4,
            channels,
            |b, c| {
                b.push_bind(&c.0)
                    .push_bind(&c.1)
                    .push_bind(c.2)
                    .push_bind(c.3);
            }
        );
        insert_rows!(
            &mut tx,
            "INSERT INTO publications (channel, seq, data, user_id, client_msg_id, created_at) ",
            6,
            pubs,
            |b, p| {
                b.push_bind(&p.channel)
                    .push_bind(p.seq)
                    .push_bind(&p.data)
                    .push_bind(p.user)
                    .push_bind(None::<String>)
                    .push_bind(p.at);
            }
        );
        tx.commit().await?;
    }
    rows += 2 * ts.len() + published;
    let surveyed: Vec<&GenTicket> = {
        let mut rng = StdRng::seed_from_u64(81);
        ts.iter()
            .filter(|t| t.resolved.is_some() && rng.random_bool(0.3))
            .collect()
    };
    let mut rng = StdRng::seed_from_u64(82);
    let ticket_surveys: Vec<(&GenTicket, Option<(Timestamp, i32, i32)>, String)> = surveyed
        .into_iter()
        .map(|t| {
            let resolved = t.resolved.expect("closed");
            let at = resolved + TimeDelta::minutes(rng.random_range(60..3 * 24 * 60));
            let answered = (rng.random_bool(0.5) && at < w.now).then(|| {
                (
                    at,
                    [10, 10, 9, 9, 8, 8, 7, 6, 5, 3, 0][rng.random_range(0..11)],
                    [5, 5, 4, 4, 3, 2, 1][rng.random_range(0..7)],
                )
            });
            let token = format!("{:032x}{:032x}", rng.random::<u128>(), rng.random::<u128>());
            (t, answered, token)
        })
        .collect();
    write_table!(
        s.store,
        "INSERT INTO surveys (id, order_id, ticket_id, customer_id, token_hash, created_at,
            invite_at, expires_at, answered_at, answered_by, nps, csat, comment,
            followup_ticket_id) ",
        14,
        ticket_surveys,
        |b, v| {
            let (t, answered, token) = v;
            let at = t.resolved.expect("closed");
            b.push_bind(id_at(at))
                .push_bind(None::<Uuid>)
                .push_bind(t.id)
                .push_bind(w.customers[t.customer])
                .push_bind(token)
                .push_bind(at)
                .push_bind(at + TimeDelta::hours(2))
                .push_bind(at + TimeDelta::days(14))
                .push_bind(answered.map(|a| a.0))
                .push_bind(None::<Uuid>)
                .push_bind(answered.map(|a| a.1))
                .push_bind(answered.map(|a| a.2))
                .push_bind("")
                .push_bind(None::<Uuid>);
        }
    );
    rows += ticket_surveys.len();

    // CRM.
    write_table!(
        s.store,
        "INSERT INTO crm_opportunities (id, title, customer_id, contact_id, value, probability,
            expected_close, owner_id, source, equipment_interest, notes, stage, lost_reason,
            next_step, next_step_due, reminder_state, reminder_locked_until, created_by,
            created_at, updated_at) ",
        20,
        ops,
        |b, o| {
            b.push_bind(o.id)
                .push_bind(&o.title)
                .push_bind(w.customers[o.customer])
                .push_bind(None::<Uuid>)
                .push_bind(money(o.value))
                .push_bind(o.stage.default_probability())
                .push_bind(Some(o.expected_close))
                .push_bind(o.owner)
                .push_bind(o.source)
                .push_bind(format!("{} {}", MODELS[o.model].0, MODELS[o.model].1))
                .push_bind("")
                .push_bind(o.stage)
                .push_bind(o.lost_reason)
                .push_bind("")
                .push_bind(None::<Timestamp>)
                .push_bind("none")
                .push_bind(None::<Timestamp>)
                .push_bind(o.owner)
                .push_bind(o.created)
                .push_bind(o.updated);
        }
    );
    // (id, opportunity, from, to, lost reason, by, at)
    let history: Vec<(
        Uuid,
        Uuid,
        Option<Stage>,
        Stage,
        Option<&str>,
        Uuid,
        Timestamp,
    )> = ops
        .iter()
        .flat_map(|o| {
            o.history
                .iter()
                .map(move |h| (id_at(h.3), o.id, h.0, h.1, h.2, o.owner, h.3))
        })
        .collect();
    write_table!(
        s.store,
        "INSERT INTO crm_stage_history (id, opportunity_id, from_stage, to_stage, lost_reason,
            by_user, at) ",
        7,
        history,
        |b, h| {
            let (id, opportunity, from, to, reason, by, at) = h;
            b.push_bind(*id)
                .push_bind(*opportunity)
                .push_bind(*from)
                .push_bind(*to)
                .push_bind(*reason)
                .push_bind(*by)
                .push_bind(*at);
        }
    );
    rows += ops.len() + history.len();

    // Contacts.
    write_table!(
        s.store,
        "INSERT INTO customer_interactions (id, customer_id, channel, direction, initiative,
            reason, outcome, user_id, occurred_at, subject_type, subject_id, source_key,
            created_at) ",
        13,
        cs,
        |b, c| {
            b.push_bind(c.id)
                .push_bind(w.customers[c.customer])
                .push_bind(c.channel)
                .push_bind(c.direction)
                .push_bind(c.initiative)
                .push_bind(c.reason)
                .push_bind(c.outcome)
                .push_bind(c.user)
                .push_bind(c.at)
                .push_bind(c.subject.as_ref().map(|s| s.0))
                .push_bind(c.subject.as_ref().map(|s| s.1.clone()))
                .push_bind(c.source_key.as_deref())
                .push_bind(c.at);
        }
    );
    rows += cs.len();

    let mut tx = s.store.begin().await?;
    set_counter(&mut tx, "purchase_order", po_base + st.orders.len() as i64).await?;
    set_counter(&mut tx, "ticket", ticket_base + ts.len() as i64).await?;
    tx.commit().await?;
    Ok(rows)
}
