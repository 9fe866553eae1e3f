//! The pipeline board: one column per stage with its count, sum and
//! probability-weighted sum over every opportunity in scope, and the
//! newest cards of each column. The board subscribes to `staff:crm`
//! (office) or `crm:<user>` (a seller) and applies the
//! `opportunity.*` events as they come.

use serde::Deserialize;

use super::{view, weighted};
use crate::domain::crm::Stage;
use crate::domain::crm::view::{Board, BoardColumn};
use crate::domain::money::currency_scale;
use crate::domain::{Money, UserId};
use crate::error::AppResult;
use crate::services::{Principal, Services};

/// Cards per column on the board (the list view pages through the rest).
pub const CARDS_PER_STAGE: i64 = 100;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct BoardQuery {
    /// Only this owner's opportunities.
    pub owner_id: Option<UserId>,
}

impl Services {
    /// The board of the opportunities in the caller's scope.
    pub async fn crm_board(&self, who: &Principal, q: BoardQuery) -> AppResult<Board> {
        let scope = who.crm_scope()?;
        let mut conn = self.store.conn().await?;
        let scale = currency_scale(&conn.company_settings().await?.currency);
        let values = conn.pipeline_values(scope, q.owner_id).await?;
        let mut columns = Vec::with_capacity(Stage::ALL.len());
        for stage in Stage::ALL {
            let (mut count, mut sum, mut weighted_sum) = (0i64, Money::ZERO, Money::ZERO);
            for v in values.iter().filter(|v| v.stage == stage) {
                count += 1;
                sum = Money(sum.0 + v.value.0);
                weighted_sum = Money(weighted_sum.0 + weighted(v.value, v.probability, scale).0);
            }
            let cards = conn
                .stage_cards(scope, stage, q.owner_id, CARDS_PER_STAGE)
                .await?
                .into_iter()
                .map(|r| view(r, scale))
                .collect();
            columns.push(BoardColumn {
                stage,
                count,
                sum,
                weighted_sum,
                cards,
            });
        }
        Ok(Board { columns })
    }
}
