//! Support tickets (PQR).
//!
//! Reads take a [`TicketScope`] and apply it in SQL (`scope_binds`), like
//! customers: a seller sees the tickets of the customers they own (and those
//! assigned to them), a customer contact their own company's, a technician
//! those assigned to them. Writes are by id: the service first reads the
//! ticket through its scope in the same transaction.

use serde::{Deserialize, Serialize};

use super::{Conn, on_conn};
pub use crate::domain::ticket::Ticket;
use crate::domain::{
    CustomerId, TicketId, TicketPriority, TicketScope, TicketState, TicketType, Timestamp, UserId,
};

/// How many open tickets have a priority (dashboard).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PriorityCount {
    pub priority: TicketPriority,
    pub count: i64,
}

const TICKET_COLUMNS: &str = "t.id, t.number, t.customer_id, cu.name AS customer_name, t.kind,
    t.priority, t.state, t.subject, t.description, t.created_by, t.assignee_id,
    a.name AS assignee_name, t.created_at, t.first_response_at, t.resolved_at,
    t.sla_response_due_at, t.sla_response_breached_at, t.sla_resolution_due_at,
    t.sla_resolution_breached_at, t.updated_at";

const TICKET_FROM: &str = "tickets t JOIN customers cu ON cu.id = t.customer_id
    LEFT JOIN users a ON a.id = t.assignee_id";

/// A ticket to insert (validated by the service).
#[derive(Debug, Clone)]
pub struct NewTicket {
    pub id: TicketId,
    pub number: String,
    pub customer_id: CustomerId,
    pub kind: TicketType,
    pub priority: TicketPriority,
    pub subject: String,
    pub description: String,
    pub created_by: UserId,
    pub now: Timestamp,
}

#[derive(Debug, Default)]
pub struct TicketFilter {
    pub state: Option<TicketState>,
    pub priority: Option<TicketPriority>,
    pub kind: Option<TicketType>,
    pub customer_id: Option<CustomerId>,
    pub assignee_id: Option<UserId>,
    /// Matches the number or the subject (case-insensitive substring).
    pub q: Option<String>,
    /// Only tickets that are not closed (open, in progress or pending).
    pub not_closed: bool,
}

/// Position after the last row of a page (keyset pagination, newest first,
/// on (created_at, id)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketCursor {
    pub created_at: Timestamp,
    pub id: TicketId,
}

/// The four bind values of a scope, used as
/// `($1 OR cu.owner_id = $2 OR t.customer_id = $3 OR t.assignee_id = $4)`.
/// `Nothing` binds (false, NULL, NULL, NULL), which matches no row.
fn scope_binds(scope: TicketScope) -> (bool, Option<UserId>, Option<CustomerId>, Option<UserId>) {
    match scope {
        TicketScope::All => (true, None, None, None),
        TicketScope::OwnedByOrAssignedTo(user) => (false, Some(user), None, Some(user)),
        TicketScope::Company(id) => (false, None, Some(id), None),
        TicketScope::AssignedTo(user) => (false, None, None, Some(user)),
        TicketScope::Nothing => (false, None, None, None),
    }
}

const SCOPE_SQL: &str = "($1 OR cu.owner_id = $2 OR t.customer_id = $3 OR t.assignee_id = $4)";

fn search_text(number: &str, subject: &str) -> String {
    format!("{} {}", number.to_lowercase(), subject.to_lowercase())
}

/// Escapes `%`, `_` and `\` so a search term is matched literally.
fn like_pattern(term: &str) -> String {
    let escaped = term
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// A ticket's customer, its assignee and the customer's owner seller.
pub type TicketParties = (CustomerId, Option<UserId>, Option<UserId>);

impl Conn {
    /// Active office users (master, admin, operator) `(id, name)`: the desk
    /// told about what customers ask for in the portal.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn desk_recipients(&mut self) -> Result<Vec<(UserId, String)>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT id, name FROM users
             WHERE role IN ('master', 'admin', 'operator') AND active = TRUE ORDER BY email")
            .fetch_all(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_ticket(&mut self, t: &NewTicket) -> Result<Ticket, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO tickets (id, number, customer_id, kind, priority, state, subject, description,
                search_text, created_by, assignee_id, created_at, first_response_at, resolved_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, NULL, NULL, $11)")
            .bind(t.id).bind(&t.number).bind(t.customer_id).bind(t.kind).bind(t.priority)
            .bind(TicketState::Open).bind(&t.subject).bind(&t.description)
            .bind(search_text(&t.number, &t.subject)).bind(t.created_by).bind(t.now)
            .execute(c).await.map(|_| ()))?;
        self.ticket(TicketScope::All, t.id)
            .await
            .map(|t| t.expect("ticket row exists: just inserted"))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ticket(
        &mut self,
        scope: TicketScope,
        id: TicketId,
    ) -> Result<Option<Ticket>, sqlx::Error> {
        let (all, owner, company, assignee) = scope_binds(scope);
        let sql =
            format!("SELECT {TICKET_COLUMNS} FROM {TICKET_FROM} WHERE {SCOPE_SQL} AND t.id = $5");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(assignee).bind(id)
            .fetch_optional(c).await)
    }

    /// Tickets in `scope` that are not closed, counted by priority.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn open_tickets_by_priority(
        &mut self,
        scope: TicketScope,
    ) -> Result<Vec<PriorityCount>, sqlx::Error> {
        let (all, owner, company, assignee) = scope_binds(scope);
        let sql = format!(
            "SELECT t.priority, COUNT(*) AS count FROM {TICKET_FROM}
             WHERE {SCOPE_SQL} AND t.state <> 'closed' GROUP BY t.priority"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(assignee)
            .fetch_all(c).await)
    }

    /// Whether the ticket exists and is within `scope`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ticket_visible(
        &mut self,
        scope: TicketScope,
        id: TicketId,
    ) -> Result<bool, sqlx::Error> {
        let (all, owner, company, assignee) = scope_binds(scope);
        let sql = format!(
            "SELECT COUNT(*) FROM tickets t JOIN customers cu ON cu.id = t.customer_id
             WHERE {SCOPE_SQL} AND t.id = $5"
        );
        let n: i64 = on_conn!(self, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(assignee).bind(id)
            .fetch_one(c).await)?;
        Ok(n > 0)
    }

    /// One page of tickets, newest first, `limit` rows after `after`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn tickets_page(
        &mut self,
        scope: TicketScope,
        filter: &TicketFilter,
        after: Option<&TicketCursor>,
        limit: i64,
    ) -> Result<Vec<Ticket>, sqlx::Error> {
        let (all, owner, company, assignee) = scope_binds(scope);
        let sql = format!(
            "SELECT {TICKET_COLUMNS} FROM {TICKET_FROM}
             WHERE {SCOPE_SQL}
               AND ($5 IS NULL OR t.state = $5)
               AND ($6 IS NULL OR t.priority = $6)
               AND ($7 IS NULL OR t.kind = $7)
               AND ($8 IS NULL OR t.customer_id = $8)
               AND ($9 IS NULL OR t.assignee_id = $9)
               AND ($10 IS NULL OR t.search_text LIKE $10 ESCAPE '\\')
               AND ($11 IS NULL OR t.created_at < $11 OR (t.created_at = $11 AND t.id < $12))
               AND ($14 = FALSE OR t.state <> 'closed')
             ORDER BY t.created_at DESC, t.id DESC LIMIT $13"
        );
        let q = filter.q.as_deref().map(like_pattern);
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(assignee)
            .bind(filter.state).bind(filter.priority).bind(filter.kind)
            .bind(filter.customer_id).bind(filter.assignee_id).bind(q.as_deref())
            .bind(after.map(|a| a.created_at)).bind(after.map(|a| a.id)).bind(limit)
            .bind(filter.not_closed)
            .fetch_all(c).await)
    }

    /// Moves a ticket from `from` to `to`; `false` (and nothing changed) when
    /// it is no longer in `from` because someone else moved it meanwhile.
    /// Remembers whether it ever waited on the customer or was reopened
    /// (first-contact resolution).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_ticket_state(
        &mut self,
        id: TicketId,
        from: TicketState,
        to: TicketState,
        resolved_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE tickets SET state = $3, resolved_at = $4, updated_at = $5,
                 went_pending = (went_pending OR $6), reopened = (reopened OR $7)
             WHERE id = $1 AND state = $2")
            .bind(id).bind(from).bind(to).bind(resolved_at).bind(now)
            .bind(to == TicketState::Pending).bind(from == TicketState::Closed)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_ticket_assignee(
        &mut self,
        id: TicketId,
        assignee: Option<UserId>,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE tickets SET assignee_id = $2, updated_at = $3 WHERE id = $1")
            .bind(id).bind(assignee).bind(now).execute(c).await.map(|_| ()))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_ticket_priority(
        &mut self,
        id: TicketId,
        priority: TicketPriority,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE tickets SET priority = $2, updated_at = $3 WHERE id = $1")
            .bind(id).bind(priority).bind(now).execute(c).await.map(|_| ()))
    }

    /// Sets the first-response time unless it is already set; `true` when it
    /// was set now.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn mark_ticket_first_response(
        &mut self,
        id: TicketId,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE tickets SET first_response_at = $2, updated_at = $2
             WHERE id = $1 AND first_response_at IS NULL")
            .bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Unscoped: who a ticket concerns — (its customer, its assignee, the
    /// customer's owner seller) — for deciding who is told about it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ticket_parties(
        &mut self,
        id: TicketId,
    ) -> Result<Option<TicketParties>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT t.customer_id, t.assignee_id, cu.owner_id
             FROM tickets t JOIN customers cu ON cu.id = t.customer_id WHERE t.id = $1")
            .bind(id).fetch_optional(c).await)
    }
}
