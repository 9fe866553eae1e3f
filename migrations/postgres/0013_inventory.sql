-- Suppliers, parts catalog, stock ledger, purchase orders (capability 10,
-- issue 15). Keep in step with migrations/sqlite/0013_inventory.sql.
--
-- Stock quantities (on hand, reserved, on order, move quantities, minimum,
-- maximum, ordered, received) are BIGINT counts of THOUSANDTHS of the
-- item's unit (1 piece = 1000, 2.5 litres = 2500) on both backends: exact,
-- and comparable and summable in SQL — SQLite would compare TEXT decimals as
-- strings and add them as floats. Money is NUMERIC here / TEXT there.

CREATE TABLE suppliers (
    id             UUID PRIMARY KEY,
    name           TEXT NOT NULL,
    -- Lower-cased name, for ordering and keyset pages.
    sort_name      TEXT NOT NULL,
    -- Lower-cased name, tax id, e-mail and phone, for search on both backends.
    search_text    TEXT NOT NULL,
    -- Canonical form, validated like customers' (RIF / RUT / NIT).
    tax_id         TEXT NOT NULL UNIQUE,
    tax_id_country TEXT NOT NULL,
    email          TEXT,
    phone          TEXT NOT NULL,
    address        TEXT NOT NULL,
    -- As agreed with the supplier: "30 días", "contado"...
    payment_terms  TEXT NOT NULL,
    -- The supplier's usual lead time, in days.
    lead_time_days INTEGER NOT NULL,
    notes          TEXT NOT NULL,
    active         BOOLEAN NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX suppliers_sort ON suppliers (sort_name, id);

CREATE TABLE supplier_contacts (
    id          UUID PRIMARY KEY,
    supplier_id UUID NOT NULL REFERENCES suppliers (id),
    name        TEXT NOT NULL,
    email       TEXT,
    phone       TEXT NOT NULL,
    position    TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX supplier_contacts_supplier ON supplier_contacts (supplier_id);

-- The parts catalog.
CREATE TABLE inventory_items (
    id                    UUID PRIMARY KEY,
    -- Upper-cased, unique.
    sku                   TEXT NOT NULL UNIQUE,
    description           TEXT NOT NULL,
    -- Lower-cased SKU, description, brand and part number, for search.
    search_text           TEXT NOT NULL,
    brand                 TEXT NOT NULL,
    -- The manufacturer's part number.
    part_number           TEXT NOT NULL,
    -- piece | pair | kit | box | litre | gallon | kilogram | metre
    unit                  TEXT NOT NULL,
    -- Moving average unit cost, updated by receipts (money).
    average_cost          NUMERIC NOT NULL,
    -- Default sale price and warranty of the item on a service order.
    sale_price            NUMERIC NOT NULL,
    warranty_days         INTEGER NOT NULL,
    -- Stocking policy (thousandths): reorder below `minimum`, up to `maximum`,
    -- in packs of `reorder_multiple`. A minimum of 0 = not replenished.
    minimum               BIGINT NOT NULL,
    maximum               BIGINT NOT NULL,
    reorder_multiple      BIGINT NOT NULL,
    preferred_supplier_id UUID REFERENCES suppliers (id),
    active                BOOLEAN NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    CHECK (minimum >= 0 AND maximum >= minimum AND reorder_multiple > 0)
);
CREATE INDEX inventory_items_supplier ON inventory_items (preferred_supplier_id);

-- Equipment models an item fits ("CAT 320D", "Komatsu PC200-8").
CREATE TABLE item_models (
    item_id    UUID NOT NULL REFERENCES inventory_items (id),
    -- Lower-cased, spaces collapsed: the key models are matched on.
    model_key  TEXT NOT NULL,
    model      TEXT NOT NULL,
    PRIMARY KEY (item_id, model_key)
);
CREATE INDEX item_models_key ON item_models (model_key);

CREATE TABLE purchase_orders (
    id          UUID PRIMARY KEY,
    -- Human number, e.g. OC-000123 (counter "purchase_order"), gap-free.
    number      TEXT NOT NULL UNIQUE,
    supplier_id UUID NOT NULL REFERENCES suppliers (id),
    -- draft | sent | partially_received | received | closed_short | cancelled
    state       TEXT NOT NULL,
    notes       TEXT NOT NULL,
    created_by  UUID NOT NULL REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ,
    -- When it became received, closed short or cancelled.
    finished_at TIMESTAMPTZ
);
CREATE INDEX purchase_orders_supplier ON purchase_orders (supplier_id, created_at);
CREATE INDEX purchase_orders_created ON purchase_orders (created_at, id);
CREATE INDEX purchase_orders_state ON purchase_orders (state);

CREATE TABLE purchase_order_lines (
    id                UUID PRIMARY KEY,
    purchase_order_id UUID NOT NULL REFERENCES purchase_orders (id),
    item_id           UUID NOT NULL REFERENCES inventory_items (id),
    position          INTEGER NOT NULL,
    -- Ordered and received so far (thousandths); received may exceed
    -- ordered after a confirmed over-receipt.
    quantity          BIGINT NOT NULL,
    received          BIGINT NOT NULL,
    unit_cost         NUMERIC NOT NULL,
    promised_on       DATE,
    -- When received first reached quantity (for on-time rate and lead time).
    fully_received_at TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    UNIQUE (purchase_order_id, item_id),
    CHECK (quantity > 0 AND received >= 0)
);
CREATE INDEX purchase_order_lines_item ON purchase_order_lines (item_id);

-- Cached stock figures per item (thousandths). on_hand and reserved equal the
-- sums of the ledger's deltas; on_order equals what is outstanding on sent
-- and partially received purchase orders (the store's ledger check proves it).
-- Moves change them with one guarded UPDATE, so the last unit cannot be
-- taken twice; the CHECK is the backstop.
CREATE TABLE stock_levels (
    item_id       UUID PRIMARY KEY REFERENCES inventory_items (id),
    on_hand       BIGINT NOT NULL,
    reserved      BIGINT NOT NULL,
    on_order      BIGINT NOT NULL,
    -- The reorder-alert crossing state: when projected (on_hand − reserved +
    -- on_order) fell below the item's minimum; NULL while at or above it.
    -- Purchasing is alerted when it goes from NULL to set, once per crossing.
    reorder_since TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ NOT NULL,
    CHECK (on_hand >= 0 AND reserved >= 0 AND reserved <= on_hand AND on_order >= 0)
);
-- The "to reorder" list reads only the items below their minimum.
CREATE INDEX stock_levels_to_reorder ON stock_levels (reorder_since) WHERE reorder_since IS NOT NULL;

-- The stock ledger: immutable (see the triggers below).
CREATE TABLE stock_moves (
    id               UUID PRIMARY KEY,
    item_id          UUID NOT NULL REFERENCES inventory_items (id),
    -- initial_count | receipt | reservation | release | consumption | return | adjustment
    kind             TEXT NOT NULL,
    -- Positive; signed for adjustments (thousandths).
    quantity         BIGINT NOT NULL,
    on_hand_delta    BIGINT NOT NULL,
    reserved_delta   BIGINT NOT NULL,
    -- The running balances after this move, like a bank statement.
    on_hand_after    BIGINT NOT NULL,
    reserved_after   BIGINT NOT NULL,
    -- Adjustments: physical_count | damaged | lost | found | expired | other.
    reason           TEXT,
    note             TEXT NOT NULL,
    order_id         UUID REFERENCES service_orders (id),
    -- The order part it reserved/consumed/released. No foreign key: removing
    -- a part deletes its row, and the ledger keeps the id.
    order_part_id    UUID,
    purchase_line_id UUID REFERENCES purchase_order_lines (id),
    -- Receipts: the unit cost paid.
    unit_cost        NUMERIC,
    created_by       UUID NOT NULL REFERENCES users (id),
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX stock_moves_item ON stock_moves (item_id, created_at, id);
CREATE INDEX stock_moves_order ON stock_moves (order_id) WHERE order_id IS NOT NULL;

CREATE FUNCTION stock_moves_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stock moves are immutable';
END;
$$;
CREATE TRIGGER stock_moves_no_update BEFORE UPDATE OR DELETE ON stock_moves
    FOR EACH ROW EXECUTE FUNCTION stock_moves_immutable();

-- Goods received on a purchase order line (one row per receiving action).
CREATE TABLE purchase_receipts (
    id                  UUID PRIMARY KEY,
    purchase_order_id   UUID NOT NULL REFERENCES purchase_orders (id),
    line_id             UUID NOT NULL REFERENCES purchase_order_lines (id),
    item_id             UUID NOT NULL REFERENCES inventory_items (id),
    quantity            BIGINT NOT NULL,
    unit_cost           NUMERIC NOT NULL,
    -- The item's average cost just before, for the price variance.
    average_cost_before NUMERIC NOT NULL,
    -- More than outstanding arrived and the receiver confirmed it.
    over_receipt        BOOLEAN NOT NULL,
    stock_move_id       UUID NOT NULL REFERENCES stock_moves (id),
    received_by         UUID NOT NULL REFERENCES users (id),
    received_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX purchase_receipts_order ON purchase_receipts (purchase_order_id, received_at);
CREATE INDEX purchase_receipts_line ON purchase_receipts (line_id);

-- Catalog parts on service orders. Free-text parts keep both NULL.
ALTER TABLE order_parts ADD COLUMN item_id UUID REFERENCES inventory_items (id);
-- reserved | consumed | to_order (a backorder purchasing sees).
ALTER TABLE order_parts ADD COLUMN stock_status TEXT;
CREATE INDEX order_parts_item ON order_parts (item_id) WHERE item_id IS NOT NULL;
