//! Service orders (capability 3): create (with the customer and the machine
//! inline when they are new), edit, assign technicians, deactivate; the
//! status catalogs; the timeline of public and internal events with photos;
//! the parts used; the QR link and its public, read-only view.
//!
//! # Who sees what
//!
//! Which orders a person sees is [`OrderScope`], applied by the store: office
//! roles all, a seller their customers' orders, a technician those assigned
//! to them, a customer contact their own company's. Within an order,
//! internal events, the internal status and parts not shown to the customer
//! are for staff only ([`Visibility::visible_to`]); a customer contact gets
//! them neither over REST nor over the socket.
//!
//! # What the customer is charged
//!
//! Every amount a customer is charged is a line they can see, and every
//! total is the sum of the lines shown: a part hidden from the customer is
//! internal and **not billed** (it never counts in the balance, the parts
//! total, the portal, the QR page, printouts or e-mails). To charge for a
//! part, show it.
//!
//! # Closing and reopening
//!
//! A closed order (closing lives with the payments, it needs a zero
//! balance) refuses new public events, parts and payments with 409
//! `order_closed`; staff may still write internal notes. Master reopens it
//! with a reason: audit-logged, an internal "Orden reabierta" event, and
//! `order.reopened` in the room and on the QR page.
//!
//! # Real time
//!
//! Every change is staged in the same transaction as the change and
//! announced after commit, in channels chosen by audience:
//!
//! | channel | who subscribes | what is published there |
//! |---|---|---|
//! | `order:<id>` | staff in scope and the customer's contacts | order created/updated/technicians changed/(de)activated (without the internal status or the QR token), public events added/edited/deleted, parts shown to the customer added/updated/removed, chat |
//! | `internal:order:<id>` | staff in scope | internal events added/edited/deleted, parts hidden from the customer, QR rotations |
//! | `public:order:<token>` | anyone holding the QR link | public events stripped to label, comment, photos and time; parts shown to the customer (no author) with the new balance; balance changes of payments; closing and reopening |
//! | `staff:orders` | office roles | the order's own changes — created, updated, technicians changed, (de)activated, closed, reopened — for the operations report (`publish_order_change`) |
//!
//! An internal event is therefore never written to a channel a customer or a
//! QR holder may read, so no bug in fan-out, recovery or history can leak it.
//! Staff watching an order subscribe to both `order:<id>` and
//! `internal:order:<id>`; the order detail lists the channels the caller may use.
//!
//! # Photos
//!
//! Up to [`MAX_PHOTOS`] per event, uploaded in the same multipart request.
//! Each is decoded, scaled to `uploads.max_image_side` and re-encoded as JPEG
//! (so what we serve is never the uploaded file), with a [`THUMB_SIDE`] px
//! thumbnail beside it. A file that is not an image is refused before
//! anything is stored.

mod access;
mod events;
mod lifecycle;
mod parts;
mod public;
mod statuses;
mod stock_parts;
mod timeline;

pub use lifecycle::{OrderDetail, OrderInput, OrderPage, OrderUpdate, REOPENED_LABEL, ReopenInput};
pub use parts::{PartInput, PartPage, PartsQuery};
pub use public::{PublicEquipment, PublicEvent, PublicOrder, PublicPart};
pub use statuses::{StatusInput, StatusPositions, StatusUpdate};
pub use timeline::{EventEdit, EventInput, MAX_PHOTOS, THUMB_SIDE};

use access::*;
use parts::*;
use public::*;
use timeline::*;

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::services::{company_tz, start_of_day};

    #[test]
    fn days_start_in_the_company_time_zone() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
        let caracas = company_tz("America/Caracas");
        assert_eq!(
            start_of_day(day, caracas).as_datetime().to_rfc3339(),
            "2025-03-10T04:00:00+00:00"
        );
        assert_eq!(company_tz("Nowhere/Else"), chrono_tz::UTC);
    }
}
