//! Real-time channel names. The server decides who may use a channel from
//! its parsed form, never from anything the client claims.
//!
//! | channel | who |
//! |---|---|
//! | `order:<id>` | staff who may see the order, the customer's contacts: never anything internal |
//! | `internal:order:<id>` | staff who may see the order: internal events, hidden parts |
//! | `ticket:<id>` | staff, the customer's contacts |
//! | `user:<id>` | that user only (personal inbox) |
//! | `public:order:<token>` | anyone holding the order's QR token, read-only |
//! | `staff:tickets`, `staff:maintenance`, `staff:quotes`, `staff:purchasing` | office roles (master, admin, operator), read-only: new tickets and maintenance requests for the open lists |
//! | `staff:crm` | office roles, read-only: every opportunity change (the pipeline board) |
//! | `crm:<user id>` | that seller (or office user) only, read-only: changes of the opportunities they may see as owner or customer owner |
//! | `staff:billing` | office roles, read-only: invoices issued, settled, voided (the invoices list and receivables) |
//! | `staff:orders` | office roles, read-only: orders created, changed, assigned, closed, reopened (the operations report) |
//! | `account:<customer id>` | staff who may see the customer, the customer's contacts; read-only: the customer's invoices and statement |

use std::fmt;
use std::str::FromStr;

use super::{CustomerId, OrderId, TicketId, UserId};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Channel {
    /// An order's room, customers included: chat, order changes, public
    /// timeline events, parts shown to the customer.
    Order(OrderId),
    /// The staff-only stream of an order: internal timeline events and
    /// changes of parts not shown to the customer.
    InternalOrder(OrderId),
    Ticket(TicketId),
    User(UserId),
    /// The QR page of one order; the token is the order's secret QR token.
    PublicOrder(String),
    /// A desk-wide stream the office's open lists follow.
    Staff(StaffFeed),
    /// One person's pipeline board: changes of the opportunities they own
    /// or whose customer they own.
    Crm(UserId),
    /// A customer's account: their invoices, credit notes and statement
    /// (read-only; the office and the portal statement follow it).
    Account(CustomerId),
}

/// The desk-wide streams (`staff:<name>`): what every office user's open
/// list must show without a reload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StaffFeed {
    /// New support tickets (`staff:tickets`).
    Tickets,
    /// New maintenance requests (`staff:maintenance`).
    Maintenance,
    /// Every quote change, drafts included (`staff:quotes`): the office's
    /// quotes list and quote page.
    Quotes,
    /// Every opportunity change, for the office's pipeline board (`staff:crm`).
    Crm,
    /// Stock figures and the "to reorder" list (`staff:stock`): catalog,
    /// reorder and part-picker screens.
    Stock,
    /// Suppliers and purchase orders changed (`staff:purchasing`).
    Purchasing,
    /// Invoices issued, settled or voided (`staff:billing`).
    Billing,
    /// Orders created, changed, assigned, (de)activated, closed or
    /// reopened (`staff:orders`): the operations report.
    Orders,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown channel {0:?}")]
pub struct UnknownChannel(pub String);

/// Longest channel name accepted (a QR token is 22–32 URL-safe characters).
pub const MAX_CHANNEL_LEN: usize = 100;

impl FromStr for Channel {
    type Err = UnknownChannel;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownChannel(name.chars().take(MAX_CHANNEL_LEN).collect());
        if name.len() > MAX_CHANNEL_LEN {
            return Err(unknown());
        }
        if let Some(token) = name.strip_prefix("public:order:") {
            let ok = (16..=64).contains(&token.len())
                && token
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            return if ok {
                Ok(Channel::PublicOrder(token.to_string()))
            } else {
                Err(unknown())
            };
        }
        if let Some(id) = name.strip_prefix("internal:order:") {
            return id
                .parse()
                .map(Channel::InternalOrder)
                .map_err(|_| unknown());
        }
        let (kind, id) = name.split_once(':').ok_or_else(unknown)?;
        match kind {
            "staff" => match id {
                "tickets" => Ok(Channel::Staff(StaffFeed::Tickets)),
                "maintenance" => Ok(Channel::Staff(StaffFeed::Maintenance)),
                "quotes" => Ok(Channel::Staff(StaffFeed::Quotes)),
                "crm" => Ok(Channel::Staff(StaffFeed::Crm)),
                "stock" => Ok(Channel::Staff(StaffFeed::Stock)),
                "purchasing" => Ok(Channel::Staff(StaffFeed::Purchasing)),
                "billing" => Ok(Channel::Staff(StaffFeed::Billing)),
                "orders" => Ok(Channel::Staff(StaffFeed::Orders)),
                _ => Err(unknown()),
            },
            "order" => id.parse().map(Channel::Order).map_err(|_| unknown()),
            "ticket" => id.parse().map(Channel::Ticket).map_err(|_| unknown()),
            "user" => id.parse().map(Channel::User).map_err(|_| unknown()),
            "crm" => id.parse().map(Channel::Crm).map_err(|_| unknown()),
            "account" => id.parse().map(Channel::Account).map_err(|_| unknown()),
            _ => Err(unknown()),
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Channel::Order(id) => write!(f, "order:{id}"),
            Channel::InternalOrder(id) => write!(f, "internal:order:{id}"),
            Channel::Ticket(id) => write!(f, "ticket:{id}"),
            Channel::User(id) => write!(f, "user:{id}"),
            Channel::PublicOrder(token) => write!(f, "public:order:{token}"),
            Channel::Staff(StaffFeed::Tickets) => write!(f, "staff:tickets"),
            Channel::Staff(StaffFeed::Maintenance) => write!(f, "staff:maintenance"),
            Channel::Staff(StaffFeed::Quotes) => write!(f, "staff:quotes"),
            Channel::Staff(StaffFeed::Crm) => write!(f, "staff:crm"),
            Channel::Crm(id) => write!(f, "crm:{id}"),
            Channel::Staff(StaffFeed::Stock) => write!(f, "staff:stock"),
            Channel::Staff(StaffFeed::Purchasing) => write!(f, "staff:purchasing"),
            Channel::Staff(StaffFeed::Billing) => write!(f, "staff:billing"),
            Channel::Staff(StaffFeed::Orders) => write!(f, "staff:orders"),
            Channel::Account(id) => write!(f, "account:{id}"),
        }
    }
}

impl Channel {
    /// Chat (client publications) is allowed in order and ticket rooms only.
    pub fn accepts_chat(&self) -> bool {
        matches!(self, Channel::Order(_) | Channel::Ticket(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for ch in [
            Channel::Ticket(TicketId::new()),
            Channel::Order(OrderId::new()),
            Channel::InternalOrder(OrderId::new()),
            Channel::User(UserId::new()),
            Channel::PublicOrder("abcdefghijklmnopqrstuv".into()),
            Channel::Staff(StaffFeed::Tickets),
            Channel::Staff(StaffFeed::Maintenance),
            Channel::Staff(StaffFeed::Quotes),
            Channel::Staff(StaffFeed::Crm),
            Channel::Crm(UserId::new()),
            Channel::Staff(StaffFeed::Stock),
            Channel::Staff(StaffFeed::Purchasing),
            Channel::Staff(StaffFeed::Billing),
            Channel::Staff(StaffFeed::Orders),
            Channel::Account(CustomerId::new()),
        ] {
            assert_eq!(ch.to_string().parse::<Channel>().unwrap(), ch);
        }
    }

    #[test]
    fn rejects_unknown_and_malformed() {
        for bad in [
            "",
            "ticket",
            "ticket:",
            "ticket:123",
            "news:1",
            "public:order:short",
            "internal:order:",
            "internal:order:123",
            "staff:",
            "staff:everything",
            "crm:",
            "crm:123",
            "account:",
            "account:123",
            "public:order:bad token!!!!!!!!!!",
        ] {
            assert!(bad.parse::<Channel>().is_err(), "{bad}");
        }
        assert!("x".repeat(500).parse::<Channel>().is_err());
    }
}
