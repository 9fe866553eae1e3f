//! Creating, editing and moving opportunities.
//!
//! Every stage change — the first one at creation, each move, each reopen —
//! appends a row to the stage history in the same transaction as the
//! change, and is announced on the boards after commit (see
//! [`super::channels`]). A next step with a due time arms a reminder to the
//! owner that the scheduler sends once it falls due
//! ([`Services::send_due_next_steps`]).

use chrono::NaiveDate;
use serde::Deserialize;

use super::{channels, view};
use crate::domain::crm::view::{Opportunity, OpportunityDetail, StageChange};
use crate::domain::crm::{LostReason, OpportunityScope, Stage, StageMoveError, check_probability};
use crate::domain::events::{Actor, ChannelEvent, OpportunityChanged, OpportunityMoved};
use crate::domain::money::currency_scale;
use crate::domain::role::CustomerScope;
use crate::domain::{ContactId, CustomerId, Money, OpportunityId, Timestamp, UserId};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::uow::UnitOfWork;
use crate::services::{Lines, Principal, Services, decode_cursor, next_page, text_field};
use crate::store::crm::opportunities::{
    OpportunityCursor, OpportunityData, OpportunityFilter, OpportunityRow,
};

/// An opportunity as typed in the editor.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OpportunityInput {
    /// 1 to 200 characters.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub title: String,
    pub customer_id: CustomerId,
    /// A contact of that customer.
    pub contact_id: Option<ContactId>,
    /// Not below 0, within the currency's decimals.
    #[schema(value_type = String, example = "25000.00", pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub value: Money,
    /// Percent, 0 to 100; default: the stage's.
    #[schema(minimum = 0, maximum = 100)]
    pub probability: Option<i32>,
    #[schema(value_type = Option<String>, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub expected_close: Option<NaiveDate>,
    /// A seller or office user; default: the caller. A seller owns what
    /// they create.
    pub owner_id: Option<UserId>,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub source: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub equipment_interest: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub notes: String,
    #[serde(default)]
    #[schema(max_length = 300)]
    pub next_step: String,
    /// When the next step is due: the owner is reminded then.
    pub next_step_due: Option<Timestamp>,
    /// Creation only: an open stage (default `prospect`).
    pub stage: Option<Stage>,
}

/// A move on the board or in the stage picker.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(as = OpportunityMoveInput)]
pub struct MoveInput {
    pub to: Stage,
    /// Required to move to `lost`: a code of the lost reasons catalog.
    pub lost_reason: Option<String>,
    /// Percent, 0 to 100; default: the new stage's.
    #[schema(minimum = 0, maximum = 100)]
    pub probability: Option<i32>,
}

/// Reopening a won or lost opportunity into an open stage.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(as = OpportunityReopenInput)]
pub struct ReopenInput {
    pub to: Stage,
}

/// A page of the list view.
#[derive(Debug, serde::Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct OpportunityPage {
    pub items: Vec<Opportunity>,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
}

fn move_error(e: StageMoveError) -> AppError {
    let field = match e {
        StageMoveError::ReasonRequired | StageMoveError::ReasonNotAllowed => "lost_reason",
        _ => "to",
    };
    AppError::new(ErrorCode::InvalidTransition, e.to_string()).field(field)
}

fn probability(p: Option<i32>, stage: Stage) -> AppResult<i32> {
    match p {
        Some(p) if !check_probability(p) => Err(AppError::validation(
            "probability",
            "the probability is a percentage from 0 to 100",
        )),
        Some(p) => Ok(p),
        None => Ok(stage.default_probability()),
    }
}

impl Services {
    /// Checks input into storable data: texts, value, probability, the
    /// customer (in the caller's customer scope), the contact (of that
    /// customer) and the owner (an active seller or office user; a seller
    /// may only name themselves).
    async fn opportunity_data(
        &self,
        who: &Principal,
        input: OpportunityInput,
        stage: Stage,
        current_probability: Option<i32>,
        uow: &mut UnitOfWork<'_>,
    ) -> AppResult<(OpportunityData, u32)> {
        let title = text_field("title", &input.title, 200, true, Lines::Single)?;
        let source = text_field("source", &input.source, 100, false, Lines::Single)?;
        let equipment_interest = text_field(
            "equipment_interest",
            &input.equipment_interest,
            200,
            false,
            Lines::Single,
        )?;
        let notes = text_field("notes", &input.notes, 4000, false, Lines::Multi)?;
        let next_step = text_field("next_step", &input.next_step, 300, false, Lines::Single)?;
        let scale = currency_scale(&uow.company_settings().await?.currency);
        let mut value = input
            .value
            .check(scale)
            .map_err(|e| AppError::new(ErrorCode::InvalidMoney, e.to_string()).field("value"))?;
        // Stored with the currency's decimals, so lists and exports agree.
        value.0.rescale(scale);
        let probability = probability(input.probability.or(current_probability), stage)?;
        let customer = uow
            .customer(who.customer_scope(), input.customer_id)
            .await?
            .ok_or_else(|| AppError::not_found("customer").field("customer_id"))?;
        if let Some(contact) = input.contact_id {
            let contacts = uow.contacts(CustomerScope::All, customer.id).await?;
            if !contacts.iter().any(|c| c.id == contact) {
                return Err(AppError::validation(
                    "contact_id",
                    "the contact is not one of the customer's",
                ));
            }
        }
        let owner_id = input.owner_id.unwrap_or(who.user.id);
        if who.crm_scope()? != OpportunityScope::All && owner_id != who.user.id {
            return Err(AppError::validation(
                "owner_id",
                "a seller owns the opportunities they create",
            ));
        }
        if !uow.is_possible_owner(owner_id).await? {
            return Err(AppError::validation(
                "owner_id",
                "the owner must be an active seller or office user",
            ));
        }
        Ok((
            OpportunityData {
                title,
                customer_id: customer.id,
                contact_id: input.contact_id,
                value,
                probability,
                expected_close: input.expected_close,
                owner_id,
                source,
                equipment_interest,
                notes,
                next_step,
                next_step_due: input.next_step_due,
            },
            scale,
        ))
    }

    async fn reread(uow: &mut UnitOfWork<'_>, id: OpportunityId) -> AppResult<OpportunityRow> {
        uow.opportunity(OpportunityScope::All, id)
            .await?
            .ok_or_else(|| AppError::not_found("opportunity"))
    }

    /// Announces `event(opportunity)` on every board that shows it.
    async fn announce(
        uow: &mut UnitOfWork<'_>,
        by: UserId,
        row: &OpportunityRow,
        previous_owner: Option<UserId>,
        event: ChannelEvent,
    ) -> AppResult<()> {
        for channel in channels(row, previous_owner) {
            uow.publish(&channel, event.clone(), Some(by)).await?;
        }
        Ok(())
    }

    /// Creates an opportunity (office roles; a seller for their own
    /// customers, owned by them).
    pub async fn create_opportunity(
        &self,
        who: &Principal,
        input: OpportunityInput,
    ) -> AppResult<Opportunity> {
        who.crm_scope()?;
        let stage = input.stage.unwrap_or(Stage::Prospect);
        if stage.is_closed() {
            return Err(AppError::validation(
                "stage",
                "a new opportunity starts in an open stage",
            ));
        }
        let now = Timestamp::now();
        let mut uow = self.begin().await?;
        let (data, scale) = self
            .opportunity_data(who, input, stage, None, &mut uow)
            .await?;
        let id = OpportunityId::new();
        uow.insert_opportunity(id, &data, stage, who.user.id, now)
            .await?;
        let row = Self::reread(&mut uow, id).await?;
        let opportunity = view(row.clone(), scale);
        let event = ChannelEvent::OpportunityCreated(OpportunityChanged {
            opportunity: opportunity.clone(),
            by: who.actor(),
        });
        Self::announce(&mut uow, who.user.id, &row, None, event).await?;
        uow.commit().await?;
        Ok(opportunity)
    }

    /// Edits an opportunity in scope (its stage moves only by
    /// [`Self::move_opportunity`]).
    pub async fn update_opportunity(
        &self,
        who: &Principal,
        id: OpportunityId,
        input: OpportunityInput,
    ) -> AppResult<Opportunity> {
        let scope = who.crm_scope()?;
        let now = Timestamp::now();
        let mut uow = self.begin().await?;
        let current = uow
            .opportunity(scope, id)
            .await?
            .ok_or_else(|| AppError::not_found("opportunity"))?;
        let (data, scale) = self
            .opportunity_data(
                who,
                input,
                current.stage,
                Some(current.probability),
                &mut uow,
            )
            .await?;
        let rearm = data.next_step_due != current.next_step_due;
        uow.update_opportunity(id, &data, rearm, now).await?;
        let row = Self::reread(&mut uow, id).await?;
        let opportunity = view(row.clone(), scale);
        let previous = (current.owner_id != row.owner_id).then_some(current.owner_id);
        let event = ChannelEvent::OpportunityUpdated(OpportunityChanged {
            opportunity: opportunity.clone(),
            by: who.actor(),
        });
        Self::announce(&mut uow, who.user.id, &row, previous, event).await?;
        uow.commit().await?;
        Ok(opportunity)
    }

    /// Moves an open opportunity to another stage; `lost` needs a reason
    /// from the catalog. Appends the history row and announces the move.
    pub async fn move_opportunity(
        &self,
        who: &Principal,
        id: OpportunityId,
        input: MoveInput,
    ) -> AppResult<Opportunity> {
        let scope = who.crm_scope()?;
        let probability = probability(input.probability, input.to)?;
        let reason = input
            .lost_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let mut uow = self.begin().await?;
        let current = uow
            .opportunity(scope, id)
            .await?
            .ok_or_else(|| AppError::not_found("opportunity"))?;
        current
            .stage
            .check_move(input.to, reason.is_some())
            .map_err(move_error)?;
        if let Some(code) = reason
            && !uow
                .lost_reasons()
                .await?
                .iter()
                .any(|r| r.active && r.code == code)
        {
            return Err(AppError::validation(
                "lost_reason",
                "choose a reason from the catalog",
            ));
        }
        let moved = self
            .change_stage(
                &who.actor(),
                &mut uow,
                current,
                input.to,
                probability,
                reason,
            )
            .await?;
        uow.commit().await?;
        Ok(moved)
    }

    /// Reopens a won or lost opportunity into an open stage (its history
    /// keeps the close).
    pub async fn reopen_opportunity(
        &self,
        who: &Principal,
        id: OpportunityId,
        input: ReopenInput,
    ) -> AppResult<Opportunity> {
        let scope = who.crm_scope()?;
        let mut uow = self.begin().await?;
        let current = uow
            .opportunity(scope, id)
            .await?
            .ok_or_else(|| AppError::not_found("opportunity"))?;
        current.stage.check_reopen(input.to).map_err(move_error)?;
        let reopened = self
            .change_stage(
                &who.actor(),
                &mut uow,
                current,
                input.to,
                input.to.default_probability(),
                None,
            )
            .await?;
        uow.commit().await?;
        Ok(reopened)
    }

    /// An approved quote made for an open opportunity marks it won, in the
    /// approval's unit of work: the stage history row, the board
    /// publication, as a move by whoever approved (for an answer through
    /// the e-mail link, the quote's author on behalf of the customer). An
    /// opportunity already closed stays as it is.
    pub(crate) async fn win_opportunity_by_quote(
        &self,
        uow: &mut UnitOfWork<'_>,
        id: OpportunityId,
        actor: &Actor,
    ) -> AppResult<()> {
        let Some(current) = uow.opportunity(OpportunityScope::All, id).await? else {
            return Ok(());
        };
        if current.stage.check_move(Stage::Won, false).is_err() {
            return Ok(());
        }
        self.change_stage(
            actor,
            uow,
            current,
            Stage::Won,
            Stage::Won.default_probability(),
            None,
        )
        .await?;
        Ok(())
    }

    async fn change_stage(
        &self,
        actor: &Actor,
        uow: &mut UnitOfWork<'_>,
        current: OpportunityRow,
        to: Stage,
        probability: i32,
        reason: Option<&str>,
    ) -> AppResult<Opportunity> {
        let now = Timestamp::now();
        let scale = currency_scale(&uow.company_settings().await?.currency);
        uow.set_opportunity_stage(current.id, to, probability, reason, now)
            .await?;
        uow.insert_stage_change(current.id, Some(current.stage), to, reason, actor.id, now)
            .await?;
        let row = Self::reread(uow, current.id).await?;
        let opportunity = view(row.clone(), scale);
        let event = ChannelEvent::OpportunityMoved(OpportunityMoved {
            opportunity: opportunity.clone(),
            from: current.stage,
            to,
            by: actor.clone(),
        });
        Self::announce(uow, actor.id, &row, None, event).await?;
        Ok(opportunity)
    }

    /// One opportunity with its stage history.
    pub async fn get_opportunity(
        &self,
        who: &Principal,
        id: OpportunityId,
    ) -> AppResult<OpportunityDetail> {
        let scope = who.crm_scope()?;
        let mut conn = self.store.conn().await?;
        let row = conn
            .opportunity(scope, id)
            .await?
            .ok_or_else(|| AppError::not_found("opportunity"))?;
        let scale = currency_scale(&conn.company_settings().await?.currency);
        let history = conn
            .stage_history(id)
            .await?
            .into_iter()
            .map(|h| StageChange {
                from_stage: h.from_stage,
                to_stage: h.to_stage,
                lost_reason: h.lost_reason,
                by: h.by_user,
                by_name: h.by_name,
                at: h.at,
            })
            .collect();
        Ok(OpportunityDetail {
            opportunity: view(row, scale),
            history,
        })
    }

    /// The list view: opportunities in scope matching every filter given,
    /// newest change first, `limit` (1–200) per page.
    pub async fn list_opportunities(
        &self,
        who: &Principal,
        filter: OpportunityFilter,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<OpportunityPage> {
        let scope = who.crm_scope()?;
        let after: Option<OpportunityCursor> = cursor.map(decode_cursor).transpose()?;
        let limit = limit.clamp(1, 200);
        if let (Some(from), Some(to)) = (filter.close_from, filter.close_to)
            && to < from
        {
            return Err(AppError::validation(
                "close_to",
                "the range ends before it starts",
            ));
        }
        if let (Some(min), Some(max)) = (filter.value_min, filter.value_max)
            && max < min
        {
            return Err(AppError::validation(
                "value_max",
                "the range ends before it starts",
            ));
        }
        let mut conn = self.store.conn().await?;
        let scale = currency_scale(&conn.company_settings().await?.currency);
        let mut rows = conn
            .opportunities(scope, &filter, after.as_ref(), limit + 1)
            .await?;
        let next_cursor = next_page(&mut rows, limit, |r| OpportunityCursor {
            updated_at: r.updated_at,
            id: r.id,
        });
        Ok(OpportunityPage {
            items: rows.into_iter().map(|r| view(r, scale)).collect(),
            next_cursor,
        })
    }

    /// The lost reasons catalog (anyone with the CRM).
    pub async fn crm_lost_reasons(&self, who: &Principal) -> AppResult<Vec<LostReason>> {
        who.crm_scope()?;
        Ok(self.store.conn().await?.lost_reasons().await?)
    }
}
