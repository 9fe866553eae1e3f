//! Purchase orders in the store: gap-free numbers, draft lines, conditional
//! state changes, receiving (ledger + on order + average cost), and the
//! facts supplier performance is computed from.

use chrono::{NaiveDate, TimeDelta};
use faena::domain::inventory::purchase::{average_cost_after_receipt, receive_line};
use faena::domain::inventory::{PurchaseOrderState, StockChange, SupplierPerformance};
use faena::domain::{PurchaseOrderId, Timestamp, UserId};
use faena::store::Conn;
use faena::store::inventory::{
    NewMove, NewReceipt, PurchaseLine, PurchaseLineData, PurchaseOrderFilter,
};
use faena::store::is_unique_violation;
use rust_decimal::Decimal;

use super::*;
use crate::helpers::TestApp;

async fn purchase_order_numbers_are_gap_free(app: TestApp) {
    let by = staff(&app).await;
    let supplier = new_supplier(&app, "Repuestos Andes", 76_000_001).await;
    let store = &app.services.store;
    // A rolled-back order gives its number back.
    let mut tx = store.begin().await.unwrap();
    let lost = tx
        .insert_purchase_order(PurchaseOrderId::new(), supplier, "", by, Timestamp::now())
        .await
        .unwrap();
    assert_eq!(lost.number, "OC-000001");
    drop(tx);
    let mut numbers = Vec::new();
    for _ in 0..2 {
        let mut tx = store.begin().await.unwrap();
        let po = tx
            .insert_purchase_order(
                PurchaseOrderId::new(),
                supplier,
                "Urgente",
                by,
                Timestamp::now(),
            )
            .await
            .unwrap();
        assert_eq!(po.state, PurchaseOrderState::Draft);
        tx.commit().await.unwrap();
        numbers.push(po.number);
    }
    assert_eq!(numbers, ["OC-000001", "OC-000002"]);
    let page = store
        .conn()
        .await
        .unwrap()
        .purchase_orders_page(
            &PurchaseOrderFilter {
                q: Some("oc-000002".into()),
                ..Default::default()
            },
            None,
            10,
        )
        .await
        .unwrap();
    assert_eq!(page.len(), 1);
}

/// What the receiving use-case does, in the caller's transaction: the line,
/// the receipt move, on order, the average cost and the receipt row.
async fn receive(
    tx: &mut Conn,
    line: &PurchaseLine,
    quantity: StockQty,
    confirm: bool,
    by: UserId,
    now: Timestamp,
) -> PurchaseLine {
    let current = tx.purchase_line(line.id).await.unwrap().unwrap();
    let r = receive_line(current.quantity, current.received, quantity, confirm).unwrap();
    let item = tx.item(line.item_id).await.unwrap().unwrap();
    let mut m = NewMove::new(line.item_id, StockChange::Receipt(quantity), by, now);
    m.purchase_line_id = Some(line.id);
    m.unit_cost = Some(line.unit_cost);
    let (mv, _) = tx.append_move(&m).await.unwrap();
    if !r.on_order_delta.is_zero() {
        tx.shift_on_order(line.item_id, r.on_order_delta, now)
            .await
            .unwrap();
    }
    let average =
        average_cost_after_receipt(item.on_hand, item.average_cost, quantity, line.unit_cost, 2);
    tx.set_item_average_cost(line.item_id, average, now)
        .await
        .unwrap();
    tx.insert_purchase_receipt(&NewReceipt {
        purchase_order_id: line.purchase_order_id,
        line_id: line.id,
        item_id: line.item_id,
        quantity,
        unit_cost: line.unit_cost,
        average_cost_before: item.average_cost,
        over_receipt: r.over_receipt,
        stock_move_id: mv.id,
        received_by: by,
        received_at: now,
    })
    .await
    .unwrap();
    tx.add_line_received(line.id, quantity, now).await.unwrap()
}

async fn send_partly_receive_close_short_and_rate_the_supplier(app: TestApp) {
    let by = staff(&app).await;
    let supplier = new_supplier(&app, "Repuestos Andes", 76_000_001).await;
    let store = &app.services.store;
    let filter = stocked_item(&app, by, "FLT-10", 2, 4).await; // avg cost 30
    let hose = stocked_item(&app, by, "HOSE-3", 0, 0).await;
    let extra = stocked_item(&app, by, "EXTRA", 0, 0).await;
    let t0 = Timestamp::now();
    let promised = NaiveDate::from_ymd_opt(2099, 1, 1).unwrap();

    // Draft: lines are added, edited, removed; one line per item.
    let mut tx = store.begin().await.unwrap();
    let po = tx
        .insert_purchase_order(PurchaseOrderId::new(), supplier, "", by, t0)
        .await
        .unwrap();
    let data = |q: i64, cost: &str| PurchaseLineData {
        quantity: u(q),
        unit_cost: money(cost),
        promised_on: Some(promised),
    };
    let l1 = tx
        .insert_purchase_line(po.id, filter.id, &data(8, "36"), t0)
        .await
        .unwrap();
    let l2 = tx
        .insert_purchase_line(po.id, hose.id, &data(5, "20"), t0)
        .await
        .unwrap();
    assert_eq!((l1.position, l2.position), (1, 2));
    assert_eq!(l1.sku.as_str(), "FLT-10");
    let dup = tx
        .insert_purchase_line(po.id, filter.id, &data(1, "1"), t0)
        .await;
    assert!(is_unique_violation(&dup.unwrap_err()));
    drop(tx);

    let mut tx = store.begin().await.unwrap();
    let po = tx
        .insert_purchase_order(PurchaseOrderId::new(), supplier, "", by, t0)
        .await
        .unwrap();
    let l1 = tx
        .insert_purchase_line(po.id, filter.id, &data(8, "36"), t0)
        .await
        .unwrap();
    let l2 = tx
        .insert_purchase_line(po.id, hose.id, &data(5, "20"), t0)
        .await
        .unwrap();
    let l1 = tx
        .update_purchase_line(po.id, l1.id, &data(10, "42"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((l1.quantity, l1.unit_cost), (u(10), money("42")));
    assert!(
        tx.update_purchase_line(PurchaseOrderId::new(), l1.id, &data(1, "1"))
            .await
            .unwrap()
            .is_none()
    );
    let l3 = tx
        .insert_purchase_line(po.id, extra.id, &data(1, "1"), t0)
        .await
        .unwrap();
    assert!(tx.delete_purchase_line(po.id, l3.id).await.unwrap());
    assert_eq!(tx.purchase_lines(po.id).await.unwrap().len(), 2);

    // Send: the lines go on order, which lifts the filter off the reorder list.
    assert!(
        tx.set_purchase_order_state(
            po.id,
            PurchaseOrderState::Draft,
            PurchaseOrderState::Sent,
            t0
        )
        .await
        .unwrap()
    );
    for l in [&l1, &l2] {
        tx.shift_on_order(l.item_id, l.quantity, t0).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut conn = store.conn().await.unwrap();
    let sent = conn.purchase_order(po.id).await.unwrap().unwrap();
    assert_eq!(
        (sent.state, sent.sent_at),
        (PurchaseOrderState::Sent, Some(t0))
    );
    assert!(conn.reorder_list().await.unwrap().is_empty());
    assert!(conn.ledger_check(None).await.unwrap().is_empty());
    drop(conn);

    // A stale second "send" changes nothing.
    let mut tx = store.begin().await.unwrap();
    assert!(
        !tx.set_purchase_order_state(
            po.id,
            PurchaseOrderState::Draft,
            PurchaseOrderState::Sent,
            t0
        )
        .await
        .unwrap()
    );

    // Receive 4 filters, then the other 6 a day later; 3 of 5 hoses.
    let t1 = t0 + TimeDelta::days(2);
    let locked = tx.lock_purchase_order(po.id).await.unwrap().unwrap();
    assert!(locked.state.accepts_receipts());
    let l1_after = receive(&mut tx, &l1, u(4), false, by, t1).await;
    assert_eq!(
        (l1_after.received, l1_after.fully_received_at),
        (u(4), None)
    );
    receive(&mut tx, &l2, u(3), false, by, t1).await;
    assert!(
        tx.set_purchase_order_state(
            po.id,
            PurchaseOrderState::Sent,
            PurchaseOrderState::PartiallyReceived,
            t1
        )
        .await
        .unwrap()
    );
    let t2 = t0 + TimeDelta::days(3);
    let l1_done = receive(&mut tx, &l1, u(6), false, by, t2).await;
    assert_eq!(l1_done.fully_received_at, Some(t2));
    tx.commit().await.unwrap();

    let mut conn = store.conn().await.unwrap();
    let f = conn.item(filter.id).await.unwrap().unwrap();
    // 2 on hand at 30 + 4 at 42 → 38; + 6 at 42 → 40.
    assert_eq!((f.on_hand, f.on_order), (u(12), u(0)));
    assert_eq!(f.average_cost, money("40"));
    let h = conn.item(hose.id).await.unwrap().unwrap();
    assert_eq!(
        (h.on_hand, h.on_order, h.average_cost),
        (u(3), u(2), money("20"))
    );
    assert!(conn.ledger_check(None).await.unwrap().is_empty());
    let receipts = conn.purchase_receipts(po.id).await.unwrap();
    assert_eq!(receipts.len(), 3);
    assert_eq!(receipts[0].average_cost_before, money("30"));
    drop(conn);

    // Close short: the 2 hoses that will not come leave on order.
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.set_purchase_order_state(
            po.id,
            PurchaseOrderState::PartiallyReceived,
            PurchaseOrderState::ClosedShort,
            t2
        )
        .await
        .unwrap()
    );
    tx.shift_on_order(hose.id, u(-2), t2).await.unwrap();
    tx.commit().await.unwrap();
    let mut conn = store.conn().await.unwrap();
    let closed = conn.purchase_order(po.id).await.unwrap().unwrap();
    assert_eq!(
        (closed.state, closed.finished_at),
        (PurchaseOrderState::ClosedShort, Some(t2))
    );
    assert!(conn.ledger_check(None).await.unwrap().is_empty());

    // Performance: both lines promised far ahead, the filter line complete
    // in 3 days; fill (1 + 3/5) / 2 = 0.8; price variance against each
    // item's running average: (42−30)×4 + (20−30)×3 + (42−38)×6 = 42 over
    // 30×4 + 30×3 + 38×6 = 438 → 0.0959.
    let lines = conn
        .supplier_line_facts(
            Some(supplier),
            t0 - TimeDelta::days(1),
            t0 + TimeDelta::days(1),
        )
        .await
        .unwrap();
    assert_eq!(lines.len(), 2);
    let receipts = conn
        .supplier_receipt_facts(Some(supplier), t0, t0 + TimeDelta::days(30))
        .await
        .unwrap();
    assert_eq!(receipts.len(), 3);
    let tz = chrono_tz::America::Santiago;
    let p = SupplierPerformance::compute(
        &lines.iter().map(|l| l.facts(tz)).collect::<Vec<_>>(),
        &receipts.iter().map(|r| r.facts()).collect::<Vec<_>>(),
        t2.as_datetime().with_timezone(&tz).date_naive(),
    );
    assert_eq!((p.lines_rated, p.lines_on_time), (1, 1));
    assert_eq!(p.fill_rate, Some(Decimal::new(8, 1)));
    assert_eq!(p.average_lead_time_days, Some(Decimal::new(30, 1)));
    assert_eq!(p.price_variance, Some(Decimal::new(959, 4)));
    // Other periods and suppliers see nothing of it.
    let none = conn
        .supplier_line_facts(
            Some(supplier),
            t0 + TimeDelta::days(1),
            t0 + TimeDelta::days(9),
        )
        .await
        .unwrap();
    assert!(none.is_empty());
}

both_backends!(
    purchase_order_numbers_are_gap_free,
    send_partly_receive_close_short_and_rate_the_supplier
);
