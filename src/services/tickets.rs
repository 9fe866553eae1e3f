//! Support tickets (PQR). Placeholder until the tickets work lands.

use super::{Principal, Services};
use crate::domain::TicketId;
use crate::error::AppResult;

impl Services {
    /// Whether `who` may see ticket `id` (and so use its channel).
    pub async fn may_access_ticket(&self, _who: &Principal, _id: TicketId) -> AppResult<bool> {
        Ok(false)
    }
}
