//! Service orders (órdenes de servicio): the visibility of timeline events and
//! status labels, the lifecycle state of an order, and which orders a person
//! may see.
//!
//! Two audiences read an order's timeline. **Public** events (and the public
//! status catalog) are what the customer follows — in the portal, on the QR
//! page, over the socket. **Internal** events (the "historial de estatus
//! interno") are for staff only and must never reach a customer by any path;
//! [`Visibility::visible_to`] is the one rule every read applies.
//!
//! | state | meaning |
//! |---|---|
//! | open | active, not closed: work in progress |
//! | closed | fully paid and closed (final report produced) |
//! | deactivated | "desincorporada": hidden from the daily lists, history kept |

use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use super::inventory::PartStockStatus;
use super::{
    CustomerId, ItemId, Money, OrderEventId, OrderId, OrderPartId, OrderPhotoId, OrderStatusId,
    Quantity, Role, Timestamp, UserId,
};

/// Who may see a timeline event or use a status label.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Visibility {
    /// On the customer's timeline (portal, QR page).
    Public,
    /// Staff only: never shown to a customer or a QR holder.
    Internal,
}
crate::text_enum_sql!(Visibility);

impl Visibility {
    /// Whether a person with `role` may see something of this visibility.
    /// Customer contacts (and anonymous QR holders, who have no role) see
    /// public things only.
    pub fn visible_to(self, role: Option<Role>) -> bool {
        match self {
            Visibility::Public => true,
            Visibility::Internal => role.is_some_and(Role::is_staff),
        }
    }
}

/// The lifecycle state of an order, derived from its `active` flag and its
/// closing time (a deactivated order is `deactivated` whether closed or not).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum OrderState {
    Open,
    Closed,
    Deactivated,
}
crate::text_enum_sql!(OrderState);

impl OrderState {
    pub fn of(active: bool, closed: bool) -> OrderState {
        match (active, closed) {
            (false, _) => OrderState::Deactivated,
            (true, true) => OrderState::Closed,
            (true, false) => OrderState::Open,
        }
    }
}

/// Which service orders a signed-in person may see; applied inside store queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderScope {
    /// Office roles (master, admin, operator): every order.
    All,
    /// A seller: orders of the customers they own.
    OwnedBy(UserId),
    /// A customer contact: their own company's orders.
    Company(CustomerId),
    /// A technician: orders they are assigned to.
    AssignedTo(UserId),
    /// A customer contact with no company.
    Nothing,
}

impl OrderScope {
    pub fn for_user(role: Role, user: UserId, company: Option<CustomerId>) -> OrderScope {
        match role {
            Role::Master | Role::Admin | Role::Operator => OrderScope::All,
            Role::Seller => OrderScope::OwnedBy(user),
            Role::Technician => OrderScope::AssignedTo(user),
            Role::Customer => company.map_or(OrderScope::Nothing, OrderScope::Company),
        }
    }
}

// --- records, as people see them (answered over HTTP, published in channels) ---

/// A technician assigned to an order.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct AssignedTechnician {
    pub id: UserId,
    pub name: String,
}

/// One event of an order's timeline.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct OrderEvent {
    pub id: OrderEventId,
    pub order_id: OrderId,
    pub visibility: Visibility,
    /// The catalog label chosen, if any.
    pub status_id: Option<OrderStatusId>,
    /// The label as it was when the event was posted (catalogs may be renamed).
    pub label: String,
    pub comment: String,
    pub author_id: UserId,
    pub author_name: String,
    pub author_role: Role,
    pub created_at: Timestamp,
    pub edited_at: Option<Timestamp>,
    pub edited_by: Option<UserId>,
    /// Who last edited it ("editado por … el …", staff only).
    pub edited_by_name: Option<String>,
    /// Deleted events are shown to staff only, marked as deleted.
    pub deleted_at: Option<Timestamp>,
    pub deleted_by: Option<UserId>,
    pub deleted_by_name: Option<String>,
    /// Filled by the service: where to fetch the photos.
    #[sqlx(skip)]
    pub photos: Vec<PhotoLinks>,
}

/// URLs of one photo (relative to the server).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct PhotoLinks {
    pub id: OrderPhotoId,
    pub url: String,
    pub thumb_url: String,
}

/// One part used on an order.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct OrderPart {
    pub id: OrderPartId,
    pub order_id: OrderId,
    pub order_number: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub description: String,
    pub quantity: Quantity,
    pub unit_price: Money,
    /// quantity × unit price, rounded to the currency's decimals (filled by the service).
    #[sqlx(skip)]
    pub total: Money,
    /// Warranty period in days (0: none).
    pub warranty_days: i32,
    /// The last day of the warranty, in the company's time zone (filled by the service).
    #[sqlx(skip)]
    pub warranty_until: Option<NaiveDate>,
    /// Whether the customer sees this line (portal, QR page).
    pub shown_to_customer: bool,
    /// Who added it (the responsible).
    pub added_by: UserId,
    pub added_by_name: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Who last edited it ("editado por … el …"); staff only.
    pub edited_at: Option<Timestamp>,
    pub edited_by_name: Option<String>,
    /// A deleted part stays for staff, marked, and no longer counts in the
    /// balance; customers never see it.
    pub deleted_at: Option<Timestamp>,
    pub deleted_by_name: Option<String>,
    /// The catalog item, for a part taken from stock (free-text parts: none).
    pub item_id: Option<ItemId>,
    /// Where a catalog part stands with the stock: reserved, consumed, to order.
    pub stock_status: Option<PartStockStatus>,
}

/// A part shown to the customer, as a QR holder sees it: no author, no
/// staff stamps.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct PublicPart {
    pub id: OrderPartId,
    pub description: String,
    pub quantity: Quantity,
    pub unit_price: Money,
    pub total: Money,
    pub warranty_days: i32,
    pub warranty_until: Option<NaiveDate>,
    pub created_at: Timestamp,
}

impl From<&OrderPart> for PublicPart {
    fn from(p: &OrderPart) -> Self {
        PublicPart {
            id: p.id,
            description: p.description.clone(),
            quantity: p.quantity,
            unit_price: p.unit_price,
            total: p.total,
            warranty_days: p.warranty_days,
            warranty_until: p.warranty_until,
            created_at: p.created_at,
        }
    }
}

/// A public timeline event as a QR holder sees it: no author, nothing internal.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct PublicEvent {
    pub id: OrderEventId,
    pub label: String,
    pub comment: String,
    pub created_at: Timestamp,
    pub edited_at: Option<Timestamp>,
    pub photos: Vec<PhotoLinks>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn internal_things_are_for_staff_only() {
        for role in Role::iter() {
            assert!(Visibility::Public.visible_to(Some(role)));
            assert_eq!(
                Visibility::Internal.visible_to(Some(role)),
                role != Role::Customer,
                "{role}"
            );
        }
        // An anonymous QR holder.
        assert!(Visibility::Public.visible_to(None));
        assert!(!Visibility::Internal.visible_to(None));
    }

    #[test]
    fn state_is_derived() {
        assert_eq!(OrderState::of(true, false), OrderState::Open);
        assert_eq!(OrderState::of(true, true), OrderState::Closed);
        assert_eq!(OrderState::of(false, false), OrderState::Deactivated);
        assert_eq!(OrderState::of(false, true), OrderState::Deactivated);
        assert_eq!(OrderState::Deactivated.to_string(), "deactivated");
        assert_eq!(
            "internal".parse::<Visibility>().unwrap(),
            Visibility::Internal
        );
    }

    #[test]
    fn scopes_per_role() {
        let me = UserId::new();
        let company = CustomerId::new();
        for role in [Role::Master, Role::Admin, Role::Operator] {
            assert_eq!(OrderScope::for_user(role, me, None), OrderScope::All);
        }
        assert_eq!(
            OrderScope::for_user(Role::Seller, me, None),
            OrderScope::OwnedBy(me)
        );
        assert_eq!(
            OrderScope::for_user(Role::Technician, me, None),
            OrderScope::AssignedTo(me)
        );
        assert_eq!(
            OrderScope::for_user(Role::Customer, me, Some(company)),
            OrderScope::Company(company)
        );
        assert_eq!(
            OrderScope::for_user(Role::Customer, me, None),
            OrderScope::Nothing
        );
    }
}
