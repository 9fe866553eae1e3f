//! The home screen's figures, in one request and scoped like every list:
//! open orders by status, open tickets by priority, today's appointments,
//! unread chats and (for customers) pending surveys. Each figure comes from
//! the same scoped store queries the lists use, so a number on the
//! dashboard always matches the list it links to.

use chrono::TimeDelta;
use serde::Serialize;

use super::views::list;
use super::{Principal, Services, company_tz, start_of_day, today_in};
use crate::domain::{OrderScope, Role, TicketScope, Timestamp};
use crate::error::AppResult;
use crate::services::views::appointments::Appointment;
use crate::services::views::orders::StatusCount;
use crate::services::views::tickets::PriorityCount;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    /// Open orders in the caller's scope.
    pub open_orders: i64,
    /// Open orders by public status (what customers see), catalog order.
    pub open_orders_by_status: Vec<StatusCount>,
    /// Open orders by internal status; empty for customers.
    pub open_orders_by_internal_status: Vec<StatusCount>,
    /// Tickets not closed, by priority.
    pub open_tickets_by_priority: Vec<PriorityCount>,
    /// Appointments overlapping today (company time zone), by start.
    pub appointments_today: Vec<Appointment>,
    /// Chat channels with messages the caller has not read.
    pub unread_chats: i64,
    /// Surveys waiting for the caller's company (customers; 0 otherwise).
    pub pending_surveys: i64,
}

impl Services {
    pub async fn dashboard(&self, who: &Principal) -> AppResult<Dashboard> {
        let (role, user, company) = (who.user.role, who.user.id, who.user.customer_id);
        let orders = OrderScope::for_user(role, user, company);
        let tickets = TicketScope::for_user(role, user, company);
        let now = Timestamp::now();
        let mut conn = self.store.conn().await?;
        let settings = conn.company_settings().await?;
        let (start, end) = today_window(&settings.time_zone);
        let by_status = conn.open_orders_by_status(orders, false).await?;
        let by_internal = if role.is_staff() {
            conn.open_orders_by_status(orders, true).await?
        } else {
            Vec::new()
        };
        let open_tickets_by_priority = conn.open_tickets_by_priority(tickets).await?;
        let appointments_today = conn.appointments(tickets, Some(start), Some(end)).await?;
        let unread_chats = conn
            .read_positions(user)
            .await?
            .iter()
            .filter(|(_, read, last)| last > read)
            .count() as i64;
        let pending_surveys = match (role, company) {
            (Role::Customer, Some(c)) => conn.pending_surveys(c, now).await?.len() as i64,
            _ => 0,
        };
        Ok(Dashboard {
            open_orders: by_status.iter().map(|s| s.count).sum(),
            open_orders_by_status: list(by_status),
            open_orders_by_internal_status: list(by_internal),
            open_tickets_by_priority: list(open_tickets_by_priority),
            appointments_today: list(appointments_today),
            unread_chats,
            pending_surveys,
        })
    }
}

/// Midnight to midnight of today in `time_zone` (UTC when unknown).
fn today_window(time_zone: &str) -> (Timestamp, Timestamp) {
    let tz = company_tz(time_zone);
    let today = today_in(time_zone);
    (
        start_of_day(today, tz),
        start_of_day(today + TimeDelta::days(1), tz),
    )
}

#[cfg(test)]
mod tests {
    use super::today_window;

    #[test]
    fn today_is_a_day_long_in_the_company_zone() {
        let (start, end) = today_window("America/Caracas");
        assert_eq!((end.as_datetime() - start.as_datetime()).num_hours(), 24);
        // Caracas is UTC-4: its midnight is 04:00 UTC.
        assert_eq!(start.as_datetime().format("%H:%M").to_string(), "04:00");
        let (start, _) = today_window("Not/AZone");
        assert_eq!(start.as_datetime().format("%H:%M").to_string(), "00:00");
    }
}
