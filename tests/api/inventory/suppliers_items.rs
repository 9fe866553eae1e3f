//! Suppliers and catalog items in the store.

use faena::domain::inventory::{ReorderTransition, Sku, StockPolicy, StockUnit};
use faena::domain::{Email, ItemId, SupplierId, Timestamp};
use faena::store::inventory::{ItemFilter, SupplierContactData, SupplierCursor, SupplierFilter};
use faena::store::is_unique_violation;

use super::*;
use crate::helpers::TestApp;

async fn suppliers_crud_search_and_contacts(app: TestApp) {
    let store = &app.services.store;
    let now = Timestamp::now();
    let mut tx = store.begin().await.unwrap();
    let a = tx
        .insert_supplier(
            SupplierId::new(),
            &supplier_data("Repuestos Andes", 76_000_001),
            now,
        )
        .await
        .unwrap();
    assert_eq!(a.tax_id, rut(76_000_001));
    assert!(a.active);
    assert_eq!(a.lead_time_days, 7);
    tx.insert_supplier(
        SupplierId::new(),
        &supplier_data("Hidráulica Sur", 76_000_002),
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    // The same tax id twice is refused by the schema, and nothing is written.
    let mut tx = store.begin().await.unwrap();
    let e = tx
        .insert_supplier(SupplierId::new(), &supplier_data("Copia", 76_000_001), now)
        .await
        .unwrap_err();
    assert!(is_unique_violation(&e), "{e}");
    drop(tx);

    let mut conn = store.conn().await.unwrap();
    let all = conn
        .suppliers_page(&SupplierFilter::default(), None, 10)
        .await
        .unwrap();
    let names: Vec<_> = all.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Hidráulica Sur", "Repuestos Andes"]);
    // Search is case-insensitive on name and tax id; % is literal.
    let q = |q: &str| SupplierFilter {
        q: Some(q.into()),
        active: None,
    };
    assert_eq!(
        conn.suppliers_page(&q("ANDES"), None, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        conn.suppliers_page(&q("76.000.002"), None, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        conn.suppliers_page(&q("%"), None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    // Keyset pages.
    let first = &all[0];
    let after = SupplierCursor {
        sort_name: first.name.to_lowercase(),
        id: first.id,
    };
    let rest = conn
        .suppliers_page(&SupplierFilter::default(), Some(&after), 10)
        .await
        .unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].id, a.id);
    drop(conn);

    // Update, deactivate, contacts.
    let mut tx = store.begin().await.unwrap();
    let mut d = supplier_data("Repuestos Andes SpA", 76_000_001);
    d.lead_time_days = 12;
    let upd = tx.update_supplier(a.id, &d, now).await.unwrap().unwrap();
    assert_eq!(
        (upd.name.as_str(), upd.lead_time_days),
        ("Repuestos Andes SpA", 12)
    );
    assert!(
        tx.update_supplier(SupplierId::new(), &d, now)
            .await
            .unwrap()
            .is_none()
    );
    assert!(tx.set_supplier_active(a.id, false, now).await.unwrap());
    let contact = tx
        .insert_supplier_contact(
            a.id,
            &SupplierContactData {
                name: "Marcela Rojas".into(),
                email: Some(Email::parse("mrojas@andes.test").unwrap()),
                phone: "+56 9 8765 4321".into(),
                position: "Ejecutiva de ventas".into(),
            },
            now,
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut conn = store.conn().await.unwrap();
    let inactive = conn
        .suppliers_page(
            &SupplierFilter {
                q: None,
                active: Some(false),
            },
            None,
            10,
        )
        .await
        .unwrap();
    assert_eq!(inactive.len(), 1);
    let contacts = conn.supplier_contacts(a.id).await.unwrap();
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].email.as_deref(), Some("mrojas@andes.test"));
    drop(conn);

    // A contact is changed or removed only through its own supplier.
    let other = new_supplier(&app, "Otro", 76_000_003).await;
    let mut tx = store.begin().await.unwrap();
    let data = SupplierContactData {
        name: "M. Rojas".into(),
        email: None,
        phone: String::new(),
        position: String::new(),
    };
    assert!(
        tx.update_supplier_contact(other, contact.id, &data)
            .await
            .unwrap()
            .is_none()
    );
    assert!(!tx.delete_supplier_contact(other, contact.id).await.unwrap());
    assert!(
        tx.update_supplier_contact(a.id, contact.id, &data)
            .await
            .unwrap()
            .is_some()
    );
    assert!(tx.delete_supplier_contact(a.id, contact.id).await.unwrap());
    tx.commit().await.unwrap();
}

async fn items_sku_unique_models_and_reorder_state(app: TestApp) {
    let store = &app.services.store;
    let now = Timestamp::now();
    let supplier = new_supplier(&app, "Repuestos Andes", 76_000_001).await;

    let mut tx = store.begin().await.unwrap();
    let mut d = item_data("flt-0042", 0, 0, 1);
    d.preferred_supplier_id = Some(supplier);
    let (filter, t) = tx
        .insert_item(ItemId::new(), &d, money("30.50"), now)
        .await
        .unwrap();
    assert_eq!(filter.sku.as_str(), "FLT-0042");
    assert_eq!(filter.average_cost, money("30.50"));
    assert_eq!(
        (filter.on_hand, filter.reserved, filter.on_order),
        (u(0), u(0), u(0))
    );
    // No minimum: not replenished, not on the reorder list.
    assert_eq!(t, ReorderTransition::Unchanged);
    assert!(filter.reorder_since.is_none());
    // An item born with a minimum and no stock is below it from the start.
    let (seal, t) = tx
        .insert_item(
            ItemId::new(),
            &item_data("SEL-7", 2, 6, 2),
            money("12"),
            now,
        )
        .await
        .unwrap();
    assert_eq!(t, ReorderTransition::Crossed);
    assert!(seal.reorder_since.is_some());
    tx.set_item_models(
        filter.id,
        &[
            "CAT 320D".into(),
            "cat  320d".into(),
            " Komatsu PC200-8 ".into(),
            " ".into(),
        ],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    // The same SKU (whatever the case) is refused.
    let mut tx = store.begin().await.unwrap();
    let e = tx
        .insert_item(
            ItemId::new(),
            &item_data("FLT-0042", 0, 0, 1),
            money("1"),
            now,
        )
        .await
        .unwrap_err();
    assert!(is_unique_violation(&e), "{e}");
    drop(tx);

    let mut conn = store.conn().await.unwrap();
    assert_eq!(
        conn.item_models(filter.id).await.unwrap(),
        ["CAT 320D", "Komatsu PC200-8"]
    );
    let by_model = conn
        .items_page(
            &ItemFilter {
                model: Some("KOMATSU pc200-8".into()),
                ..Default::default()
            },
            None,
            10,
        )
        .await
        .unwrap();
    assert_eq!(by_model.len(), 1);
    assert_eq!(by_model[0].id, filter.id);
    let by_text = conn
        .items_page(
            &ItemFilter {
                q: Some("1r-0750".into()),
                supplier: Some(supplier),
                ..Default::default()
            },
            None,
            10,
        )
        .await
        .unwrap();
    assert_eq!(by_text.len(), 1);
    let found = conn
        .item_by_sku(&Sku::parse("flt-0042").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, filter.id);
    drop(conn);

    // Lowering the minimum to zero takes the seal off the reorder list.
    let mut tx = store.begin().await.unwrap();
    let mut d = item_data("SEL-7", 0, 6, 2);
    d.policy = StockPolicy::new(StockUnit::Piece, u(0), u(6), u(2)).unwrap();
    let (seal, change) = tx.update_item(seal.id, &d, now).await.unwrap().unwrap();
    assert_eq!(change.transition, ReorderTransition::Recovered);
    assert!(seal.reorder_since.is_none());
    assert!(
        tx.update_item(ItemId::new(), &d, now)
            .await
            .unwrap()
            .is_none()
    );
    tx.commit().await.unwrap();
    let mut conn = store.conn().await.unwrap();
    assert!(conn.reorder_list().await.unwrap().is_empty());
    assert!(conn.ledger_check(None).await.unwrap().is_empty());
}

both_backends!(
    suppliers_crud_search_and_contacts,
    items_sku_unique_models_and_reorder_state
);
