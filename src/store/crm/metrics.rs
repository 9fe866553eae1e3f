//! What the CRM metrics are computed from — the opportunities in scope
//! with their whole stage history, oldest first (packed into one text on
//! SQLite, [`super::packed`]; rows on PostgreSQL) — and the funnel's
//! counts, aggregated in SQL for the dashboard. The figures themselves are computed in
//! [`crate::domain::crm::metrics`].

use crate::domain::crm::{OpportunityScope, Stage};
use std::collections::HashMap;

use super::packed;
use crate::domain::{OpportunityId, Timestamp, UserId};
use crate::store::{Conn, on_conn};

/// An opportunity in scope as the metrics read it: who owns it, when it
/// was created, and its stage history, oldest first.
#[derive(Debug, Clone)]
pub struct OpportunityTrack {
    pub owner_id: UserId,
    pub created_at: Timestamp,
    pub history: Vec<(Stage, Timestamp)>,
}

/// How many opportunities got at most to one rank of the funnel.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FurthestCount {
    /// Rank in [`Stage::FUNNEL`] of the furthest stage ever entered; -1 when
    /// the history holds nothing but `lost`.
    pub furthest: i32,
    pub opportunities: i64,
}

/// Counts for the dashboard's headline figures.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DirectoryCounts {
    pub customers: i64,
    pub contacts: i64,
}

/// The tracks packed in `text` (`owner|created|stage@at,…;…`).
fn unpack_tracks(text: &str) -> Result<Vec<OpportunityTrack>, sqlx::Error> {
    let mut tracks = Vec::new();
    for track in packed::items(text, ';') {
        let [owner_id, created_at, points] = packed::fields::<3>(track, '|')?;
        let mut history = Vec::with_capacity(8);
        for point in packed::items(points, ',') {
            let [stage, at] = packed::fields::<2>(point, '@')?;
            history.push((packed::stage(stage)?, packed::timestamp(at)?));
        }
        history.sort_by_key(|(_, at)| *at);
        tracks.push(OpportunityTrack {
            owner_id: UserId(packed::uuid(owner_id)?),
            created_at: packed::timestamp(created_at)?,
            history,
        });
    }
    Ok(tracks)
}

/// The scope condition with the owner filter, binding `$1` (all), `$2` (the
/// seller) and `$3` (the owner filter) over `o` and its customer `cu`.
const SCOPE_AND_OWNER: &str =
    "($1 OR o.owner_id = $2 OR cu.owner_id = $2) AND ($3 IS NULL OR o.owner_id = $3)";

/// The furthest funnel rank each opportunity in scope ever entered, one
/// row per opportunity, binding `$1`–`$3` as [`SCOPE_AND_OWNER`] and
/// `$4`–`$8` (the funnel's stages). Everything in scope scans the covering
/// index `crm_stage_history_walk` alone. A seller's scope or an owner
/// filter on SQLite starts from their opportunities and looks each one's
/// history up in that index (a few rows each; crmbench: 150 ms instead of
/// 600 ms joining every history row); PostgreSQL joins (its hash join is
/// faster than 100,000 lookups: 110 ms instead of 560 ms).
fn furthest_in_scope(conn: &Conn, all: bool, owner: Option<UserId>) -> String {
    const RANK: &str = "MAX(CASE h.to_stage WHEN $4 THEN 0 WHEN $5 THEN 1 WHEN $6 THEN 2
                                            WHEN $7 THEN 3 WHEN $8 THEN 4 ELSE -1 END)";
    if all && owner.is_none() {
        format!(
            "SELECT {RANK} AS furthest FROM crm_stage_history h
             WHERE ($1 OR $2 IS NULL) AND $3 IS NULL GROUP BY h.opportunity_id"
        )
    } else if matches!(conn, Conn::Sqlite(_)) {
        format!(
            "SELECT (SELECT {RANK} FROM crm_stage_history h WHERE h.opportunity_id = o.id)
                    AS furthest
             FROM crm_opportunities o JOIN customers cu ON cu.id = o.customer_id
             WHERE {SCOPE_AND_OWNER}"
        )
    } else {
        format!(
            "SELECT {RANK} AS furthest FROM crm_stage_history h
             JOIN crm_opportunities o ON o.id = h.opportunity_id
             JOIN customers cu ON cu.id = o.customer_id
             WHERE {SCOPE_AND_OWNER} GROUP BY h.opportunity_id"
        )
    }
}

impl Conn {
    /// Every opportunity in scope (of `owner` when given) with its stage
    /// history, oldest first.
    ///
    /// SQLite hands it over as one packed text (see [`super::packed`]):
    /// each opportunity is `owner|created|stage@at,stage@at…`, separated by
    /// `;`. One text for all, not one per owner: grouping the texts by owner
    /// made SQLite sort 24 MB of them (crmbench: +400 ms). The history is
    /// put in order here (by `at`; the index feeds it in that order already,
    /// but SQL does not promise it inside an aggregate, and an `ORDER BY`
    /// inside `string_agg` costs a sort per opportunity). PostgreSQL sends
    /// rows cheaply but formats timestamps as text slowly, so it reads the
    /// opportunities and their history as rows (two queries, the history
    /// from the covering index `crm_stage_history_walk`).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn metric_tracks(
        &mut self,
        scope: OpportunityScope,
        owner: Option<UserId>,
    ) -> Result<Vec<OpportunityTrack>, sqlx::Error> {
        match self {
            Conn::Sqlite(_) => self.metric_tracks_packed(scope, owner).await,
            Conn::Postgres(_) => self.metric_tracks_rows(scope, owner).await,
        }
    }

    /// SQLite only (its text columns and `hex()`).
    async fn metric_tracks_packed(
        &mut self,
        scope: OpportunityScope,
        owner: Option<UserId>,
    ) -> Result<Vec<OpportunityTrack>, sqlx::Error> {
        let (all, user) = scope.binds();
        let (join, condition) = if all && owner.is_none() {
            ("", "($1 OR $2 IS NULL) AND $3 IS NULL")
        } else {
            (
                "JOIN customers cu ON cu.id = o.customer_id",
                SCOPE_AND_OWNER,
            )
        };
        let sql = format!(
            "SELECT string_agg(t.track, ';') FROM (
                 SELECT hex(o.owner_id) || '|' || o.created_at || '|'
                        || string_agg(h.to_stage || '@' || h.at, ',') AS track
                 FROM crm_opportunities o {join}
                 JOIN crm_stage_history h ON h.opportunity_id = o.id
                 WHERE {condition}
                 GROUP BY o.id, o.owner_id, o.created_at) t"
        );
        let text: Option<String> = on_conn!(self, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(user).bind(owner).fetch_one(c).await)?;
        unpack_tracks(&text.unwrap_or_default())
    }

    async fn metric_tracks_rows(
        &mut self,
        scope: OpportunityScope,
        owner: Option<UserId>,
    ) -> Result<Vec<OpportunityTrack>, sqlx::Error> {
        let (all, user) = scope.binds();
        let sql = format!(
            "SELECT o.id, o.owner_id, o.created_at FROM crm_opportunities o
             JOIN customers cu ON cu.id = o.customer_id WHERE {SCOPE_AND_OWNER}"
        );
        let opportunities: Vec<(OpportunityId, UserId, Timestamp)> = on_conn!(self, c =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(all).bind(user).bind(owner).fetch_all(c).await)?;
        let (from, condition) = if all && owner.is_none() {
            ("crm_stage_history h", "($1 OR $2 IS NULL) AND $3 IS NULL")
        } else {
            (
                "crm_stage_history h JOIN crm_opportunities o ON o.id = h.opportunity_id
                 JOIN customers cu ON cu.id = o.customer_id",
                SCOPE_AND_OWNER,
            )
        };
        let sql = format!(
            "SELECT h.opportunity_id, h.to_stage, h.at FROM {from} WHERE {condition}
             ORDER BY h.opportunity_id, h.at, h.id"
        );
        let points: Vec<(OpportunityId, Stage, Timestamp)> = on_conn!(self, c =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(all).bind(user).bind(owner).fetch_all(c).await)?;
        let mut index: HashMap<OpportunityId, usize> = HashMap::with_capacity(opportunities.len());
        let mut tracks: Vec<OpportunityTrack> = Vec::with_capacity(opportunities.len());
        for (id, owner_id, created_at) in opportunities {
            index.insert(id, tracks.len());
            tracks.push(OpportunityTrack {
                owner_id,
                created_at,
                history: Vec::new(),
            });
        }
        // Rows of opportunities out of scope (everything-in-scope reads the
        // history alone) find no track and are dropped.
        for (id, stage, at) in points {
            if let Some(&i) = index.get(&id) {
                tracks[i].history.push((stage, at));
            }
        }
        Ok(tracks)
    }

    /// The funnel's raw counts, aggregated in the database: for every
    /// opportunity in scope the furthest funnel stage its history ever
    /// entered, counted per rank. Everything in scope reads the covering
    /// index `crm_stage_history_walk` alone; a seller's scope joins the
    /// opportunity and its customer.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn funnel_furthest(
        &mut self,
        scope: OpportunityScope,
        owner: Option<UserId>,
    ) -> Result<Vec<FurthestCount>, sqlx::Error> {
        let (all, user) = scope.binds();
        let reach = furthest_in_scope(self, all, owner);
        // The ranks are bound, not written here: `Stage::rank` stays the one
        // definition of the funnel's order. An opportunity without history
        // (impossible through the services) is left out.
        let sql = format!(
            "SELECT furthest, COUNT(*) AS opportunities FROM ({reach}) reach
             WHERE furthest IS NOT NULL
             GROUP BY furthest"
        );
        let [s0, s1, s2, s3, s4] = Stage::FUNNEL;
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(user).bind(owner)
            .bind(s0).bind(s1).bind(s2).bind(s3).bind(s4)
            .fetch_all(c).await)
    }

    /// Active customers and their contacts visible to a seller (`Some`) or
    /// everyone (`None`).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn directory_counts(
        &mut self,
        seller: Option<UserId>,
    ) -> Result<DirectoryCounts, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM customers cu
                     WHERE cu.active AND ($1 IS NULL OR cu.owner_id = $1)) AS customers,
                    (SELECT COUNT(*) FROM contacts ct JOIN customers cu ON cu.id = ct.customer_id
                     WHERE cu.active AND ($1 IS NULL OR cu.owner_id = $1)) AS contacts")
            .bind(seller).fetch_one(c).await)
    }
}
