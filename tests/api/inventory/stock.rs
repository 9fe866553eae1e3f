//! The stock ledger: guarded moves, running balances, immutability, the
//! last-unit race, the ledger-equals-aggregates check and the reorder
//! crossing state.

use std::sync::Arc;
use std::time::Duration;

use faena::domain::inventory::{
    AdjustmentReason, ReorderTransition, StockChange, StockLevel, StockMoveKind,
};
use faena::domain::{ItemId, Timestamp};
use faena::store::inventory::{MoveCursor, NewMove, StockError};

use super::*;
use crate::helpers::TestApp;

fn level(on_hand: i64, reserved: i64, on_order: i64) -> StockLevel {
    StockLevel {
        on_hand: u(on_hand),
        reserved: u(reserved),
        on_order: u(on_order),
        backordered: u(0),
    }
}

async fn moves_keep_running_balances_and_refuse_what_breaks_the_books(app: TestApp) {
    let by = staff(&app).await;
    let store = &app.services.store;
    let item = stocked_item(&app, by, "FLT-1", 5, 0).await;
    let now = Timestamp::now;

    let mut tx = store.begin().await.unwrap();
    // The initial count happens once.
    let again = tx
        .append_move(&NewMove::new(
            item.id,
            StockChange::InitialCount(u(1)),
            by,
            now(),
        ))
        .await;
    assert!(
        matches!(again, Err(StockError::AlreadyCounted)),
        "{again:?}"
    );
    let (m, c) = tx
        .append_move(&NewMove::new(
            item.id,
            StockChange::Reservation(u(3)),
            by,
            now(),
        ))
        .await
        .unwrap();
    assert_eq!(
        (m.kind, m.on_hand_after, m.reserved_after),
        (StockMoveKind::Reservation, u(5), u(3))
    );
    assert_eq!((c.before, c.after), (level(5, 0, 0), level(5, 3, 0)));
    // Only 2 are available: reserving 3 more is refused with the figures.
    let e = tx
        .append_move(&NewMove::new(
            item.id,
            StockChange::Reservation(u(3)),
            by,
            now(),
        ))
        .await
        .unwrap_err();
    let StockError::Shortage(s) = e else {
        panic!("{e:?}")
    };
    assert_eq!(
        (s.requested, s.available, s.on_hand, s.reserved),
        (u(3), u(2), u(5), u(3))
    );
    // The transaction is still usable and nothing was written by the refusal.
    for change in [
        StockChange::Consumption(u(2)),
        StockChange::Release(u(1)),
        StockChange::Return(u(1)),
    ] {
        tx.append_move(&NewMove::new(item.id, change, by, now()))
            .await
            .unwrap();
    }
    let e = tx
        .append_move(&NewMove::new(
            item.id,
            StockChange::Adjustment {
                delta: u(-5),
                reason: AdjustmentReason::Lost,
            },
            by,
            now(),
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(e, StockError::Shortage(s) if s.on_hand == u(4)),
        "{e:?}"
    );
    let mut damaged = NewMove::new(
        item.id,
        StockChange::Adjustment {
            delta: u(-1),
            reason: AdjustmentReason::Damaged,
        },
        by,
        now(),
    );
    damaged.note = "Caja aplastada en el despacho";
    let (m, c) = tx.append_move(&damaged).await.unwrap();
    assert_eq!(
        (m.quantity, m.reason),
        (u(-1), Some(AdjustmentReason::Damaged))
    );
    assert_eq!(c.after, level(3, 0, 0));
    let unknown = tx
        .append_move(&NewMove::new(
            ItemId::new(),
            StockChange::Receipt(u(1)),
            by,
            now(),
        ))
        .await;
    assert!(
        matches!(unknown, Err(StockError::UnknownItem)),
        "{unknown:?}"
    );
    tx.commit().await.unwrap();

    // The ledger, newest first, with running balances like a bank statement.
    let mut conn = store.conn().await.unwrap();
    let moves = conn.item_moves(item.id, None, 100).await.unwrap();
    let kinds: Vec<_> = moves.iter().map(|m| m.kind.to_string()).collect();
    assert_eq!(
        kinds,
        [
            "adjustment",
            "return",
            "release",
            "consumption",
            "reservation",
            "initial_count"
        ]
    );
    let balances: Vec<_> = moves
        .iter()
        .map(|m| (m.on_hand_after, m.reserved_after))
        .collect();
    assert_eq!(
        balances,
        [
            (u(3), u(0)),
            (u(4), u(0)),
            (u(3), u(0)),
            (u(3), u(1)),
            (u(5), u(3)),
            (u(5), u(0))
        ]
    );
    assert_eq!(moves[0].note, "Caja aplastada en el despacho");
    let cursor = MoveCursor {
        created_at: moves[1].created_at,
        id: moves[1].id,
    };
    let older = conn.item_moves(item.id, Some(&cursor), 2).await.unwrap();
    assert_eq!(
        older.iter().map(|m| m.id).collect::<Vec<_>>(),
        [moves[2].id, moves[3].id]
    );
    let figures = conn.stock_figures(item.id).await.unwrap().unwrap();
    assert_eq!((figures.available(), figures.projected()), (u(3), u(3)));
    assert!(conn.ledger_check(None).await.unwrap().is_empty());
    drop(conn);

    // The schema itself refuses to edit the ledger or to break the levels.
    let e = raw_execute(&app, "UPDATE stock_moves SET quantity = 1").await;
    assert!(e.unwrap_err().to_string().contains("immutable"));
    let e = raw_execute(&app, "DELETE FROM stock_moves").await;
    assert!(e.unwrap_err().to_string().contains("immutable"));
    assert!(
        raw_execute(&app, "UPDATE stock_levels SET reserved = on_hand + 1000")
            .await
            .is_err()
    );

    // A cache edited behind the ledger's back is caught by the check.
    raw_execute(&app, "UPDATE stock_levels SET on_hand = on_hand + 1000")
        .await
        .unwrap();
    let mismatches = store
        .conn()
        .await
        .unwrap()
        .ledger_check(None)
        .await
        .unwrap();
    assert_eq!(mismatches.len(), 1);
    assert_eq!(mismatches[0].item_id, item.id);
    assert_eq!(mismatches[0].cached.on_hand, u(4));
    assert_eq!(mismatches[0].ledger.on_hand, u(3));
}

/// A deterministic pseudo-random generator (xorshift), so a failure replays.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

async fn the_cached_levels_always_equal_the_ledger(app: TestApp) {
    let by = staff(&app).await;
    let store = &app.services.store;
    let mut items = Vec::new();
    for i in 0..4 {
        items.push(stocked_item(&app, by, &format!("LED-{i}"), 10, 3).await);
    }
    let mut expected: Vec<StockLevel> = vec![level(10, 0, 0); items.len()];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut applied, mut refused) = (0, 0);
    for round in 0..30 {
        let mut tx = store.begin().await.unwrap();
        let mut pending = expected.clone();
        for _ in 0..10 {
            let i = rng.next(items.len() as u64) as usize;
            // Fractional quantities too: the ledger is exact to the thousandth.
            let q = StockQty::from_milli(500 + rng.next(4_000) as i64);
            let change = match rng.next(6) {
                0 => StockChange::Receipt(q),
                1 => StockChange::Reservation(q),
                2 => StockChange::Release(q),
                3 => StockChange::Consumption(q),
                4 => StockChange::Return(q),
                _ => StockChange::Adjustment {
                    delta: if rng.next(2) == 0 { q } else { -q },
                    reason: AdjustmentReason::PhysicalCount,
                },
            };
            let domain = change.apply(pending[i]);
            let stored = tx
                .append_move(&NewMove::new(items[i].id, change, by, Timestamp::now()))
                .await;
            match (domain, stored) {
                (Ok(after), Ok((_, c))) => {
                    assert_eq!(c.after, after);
                    pending[i] = after;
                    applied += 1;
                }
                (Err(_), Err(StockError::Shortage(_))) => refused += 1,
                (d, s) => panic!("domain {d:?} but store {s:?}"),
            }
        }
        // Every third transaction is rolled back: none of it may stick.
        if round % 3 == 2 {
            drop(tx);
        } else {
            tx.commit().await.unwrap();
            expected = pending;
        }
    }
    assert!(
        applied > 100 && refused > 0,
        "{applied} applied, {refused} refused"
    );
    let mut conn = store.conn().await.unwrap();
    for (item, want) in items.iter().zip(&expected) {
        let f = conn.stock_figures(item.id).await.unwrap().unwrap();
        assert_eq!((f.on_hand, f.reserved), (want.on_hand, want.reserved));
        let moves = conn.item_moves(item.id, None, 1000).await.unwrap();
        let sum: StockQty = moves.iter().map(|m| m.on_hand_delta).sum();
        assert_eq!(sum, want.on_hand);
    }
    let mismatches = conn.ledger_check(None).await.unwrap();
    assert!(mismatches.is_empty(), "{mismatches:?}");
}

/// Reserves `q` of `item` in its own transaction once every task is ready,
/// holding the transaction open a moment so the others collide with it.
async fn reserve_in_parallel(
    app: &TestApp,
    item: ItemId,
    by: faena::domain::UserId,
    tasks: usize,
) -> Vec<Result<ReorderTransition, StockError>> {
    let barrier = Arc::new(tokio::sync::Barrier::new(tasks));
    let mut handles = Vec::new();
    for _ in 0..tasks {
        let store = app.services.store.clone();
        let barrier = barrier.clone();
        handles.push(tokio::spawn(async move {
            barrier.wait().await;
            let mut tx = store.begin().await?;
            let (_, change) = tx
                .append_move(&NewMove::new(
                    item,
                    StockChange::Reservation(u(1)),
                    by,
                    Timestamp::now(),
                ))
                .await?;
            tokio::time::sleep(Duration::from_millis(50)).await;
            tx.commit().await?;
            Ok(change.transition)
        }));
    }
    let mut results = Vec::new();
    for h in handles {
        results.push(h.await.unwrap());
    }
    results
}

async fn two_people_taking_the_last_unit_exactly_one_succeeds(app: TestApp) {
    let by = staff(&app).await;
    for round in 0..3 {
        let item = stocked_item(&app, by, &format!("LAST-{round}"), 1, 0).await;
        let results = reserve_in_parallel(&app, item.id, by, 4).await;
        let ok = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(ok, 1, "round {round}: {results:?}");
        for r in &results {
            if let Err(e) = r {
                assert!(
                    matches!(e, StockError::Shortage(s) if s.available == u(0)),
                    "{e:?}"
                );
            }
        }
        let mut conn = app.services.store.conn().await.unwrap();
        let f = conn.stock_figures(item.id).await.unwrap().unwrap();
        assert_eq!((f.on_hand, f.reserved), (u(1), u(1)));
        assert_eq!(conn.item_moves(item.id, None, 10).await.unwrap().len(), 2);
    }
    assert!(
        app.services
            .store
            .conn()
            .await
            .unwrap()
            .ledger_check(None)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn purchasing_is_alerted_once_per_crossing(app: TestApp) {
    let by = staff(&app).await;
    let store = &app.services.store;
    // Min 4, max 12. Created empty (below), then counted to 6 (recovered).
    let mut tx = store.begin().await.unwrap();
    let (item, born) = tx
        .insert_item(
            ItemId::new(),
            &item_data("RO-1", 4, 12, 1),
            money("10"),
            Timestamp::now(),
        )
        .await
        .unwrap();
    assert_eq!(born, ReorderTransition::Crossed);
    let (_, c) = tx
        .append_move(&NewMove::new(
            item.id,
            StockChange::InitialCount(u(6)),
            by,
            Timestamp::now(),
        ))
        .await
        .unwrap();
    assert_eq!(c.transition, ReorderTransition::Recovered);
    tx.commit().await.unwrap();

    let mut transitions = Vec::new();
    let mut tx = store.begin().await.unwrap();
    for q in [1, 2, 1] {
        let (_, c) = tx
            .append_move(&NewMove::new(
                item.id,
                StockChange::Reservation(u(q)),
                by,
                Timestamp::now(),
            ))
            .await
            .unwrap();
        transitions.push(c.transition);
    }
    tx.commit().await.unwrap();
    // 6 → 5 → 3 (crossed) → 2: one alert, not three.
    use ReorderTransition::*;
    assert_eq!(transitions, [Unchanged, Crossed, Unchanged]);

    let mut conn = store.conn().await.unwrap();
    let list = conn.reorder_list().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].item_id, item.id);
    // Projected 2, max 12, packs of 1: suggest 10.
    assert_eq!(list[0].suggested(), u(10));
    drop(conn);

    // Goods put on order lift projected back (recovered); cancelling drops
    // it again: a new crossing, a new alert.
    let mut tx = store.begin().await.unwrap();
    let up = tx
        .shift_on_order(item.id, u(10), Timestamp::now())
        .await
        .unwrap();
    assert_eq!((up.after.projected(), up.transition), (u(12), Recovered));
    let down = tx
        .shift_on_order(item.id, u(-10), Timestamp::now())
        .await
        .unwrap();
    assert_eq!(down.transition, Crossed);
    let too_far = tx.shift_on_order(item.id, u(-1), Timestamp::now()).await;
    assert!(
        matches!(too_far, Err(StockError::OnOrderNegative)),
        "{too_far:?}"
    );
    tx.commit().await.unwrap();

    // Concurrent moves: three people each reserve one of an item sitting
    // exactly at its minimum. All succeed; only the first crosses.
    let at_min = stocked_item(&app, by, "RO-2", 4, 4).await;
    let results = reserve_in_parallel(&app, at_min.id, by, 3).await;
    let crossed = results
        .iter()
        .filter(|r| matches!(r, Ok(ReorderTransition::Crossed)))
        .count();
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(crossed, 1, "{results:?}");
    let list = store.conn().await.unwrap().reorder_list().await.unwrap();
    assert_eq!(list.len(), 2);
}

both_backends!(
    moves_keep_running_balances_and_refuse_what_breaks_the_books,
    the_cached_levels_always_equal_the_ledger,
    two_people_taking_the_last_unit_exactly_one_succeeds,
    purchasing_is_alerted_once_per_crossing
);
