//! Surveys after service.
//!
//! - Closing an order or a ticket calls [`Services::schedule_survey`] inside
//!   its own transaction: the survey row and its invitation e-mails are
//!   committed with the closing. The invitation is an ordinary outbox row
//!   whose `next_attempt_at` is the closing time plus `[surveys]
//!   delay_minutes`: the outbox worker is the only scheduler.
//! - The link token is 256 random bits; only its SHA-256 is stored (like
//!   session tokens). The clear token lives in the invitation e-mail only.
//! - A survey is answered once, through the link or from the portal; a poor
//!   answer opens a high-priority complaint ticket and tells the office, in
//!   the answer's transaction.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::notifications::Notify;
use super::{Lines, Principal, Services, text_field};
use crate::domain::interaction::{Direction, Initiative, InteractionChannel, InteractionSubject};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::survey::{CSAT_MAX, CSAT_MIN, NPS_MAX, PoorThresholds, Score};
use crate::domain::{
    CustomerId, OrderId, Permission, Role, TicketId, TicketPriority, TicketType, Timestamp, UserId,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notify::templates::Lang;
use crate::notify::templates::Message;
use crate::services::uow::UnitOfWork;
use crate::store::surveys::{NewSurvey, Survey};
use crate::store::tickets::NewTicket;

/// An answer: NPS 0–10, CSAT 1–5 and an optional comment.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SurveyAnswer {
    /// How likely are you to recommend us? 0–10.
    #[schema(value_type = i64, minimum = 0, maximum = 10)]
    pub nps: Option<i64>,
    /// How satisfied are you with this service? 1–5.
    #[schema(value_type = i64, minimum = 1, maximum = 5)]
    pub csat: Option<i64>,
    #[schema(max_length = 4000)]
    pub comment: Option<String>,
}

/// One question of the survey.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Question {
    /// `nps`, `csat` or `comment`.
    pub id: &'static str,
    pub text_es: &'static str,
    pub text_en: &'static str,
    pub min: Option<i32>,
    pub max: Option<i32>,
}

/// What the link shows: the questions and what the survey is about.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicSurvey {
    pub company: String,
    /// `order` or `ticket`.
    pub subject_type: &'static str,
    /// The order's or ticket's number.
    pub number: String,
    /// The order's reason or the ticket's subject.
    pub about: String,
    pub expires_at: Timestamp,
    pub answered: bool,
    pub questions: Vec<Question>,
}

/// The result of an answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AnswerReceipt {
    #[schema(value_type = String, format = Uuid)]
    pub survey_id: Uuid,
    pub answered_at: Timestamp,
    /// The complaint ticket a poor answer opened.
    pub followup_ticket_id: Option<TicketId>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MetricsGroup {
    /// Calendar month (UTC) of the answer, `YYYY-MM`.
    Period,
    /// Each technician assigned to the order (an order with two counts for
    /// both); ticket surveys are not counted.
    Technician,
    /// The order's reason (normalized), or `ticket:<type>` for tickets.
    ServiceType,
}

/// One group of the metrics.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MetricsRow {
    /// `2026-11`, a technician's user id, or a service type.
    pub key: String,
    /// A human label (the technician's name; otherwise the key).
    pub label: String,
    #[serde(flatten)]
    pub score: Score,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SurveyMetrics {
    pub from: Timestamp,
    pub to: Timestamp,
    pub group_by: MetricsGroup,
    /// All answers in the range.
    pub total: Score,
    pub groups: Vec<MetricsRow>,
}

fn questions() -> Vec<Question> {
    vec![
        Question {
            id: "nps",
            text_es: "¿Qué tan probable es que nos recomiendes? (0 a 10)",
            text_en: "How likely are you to recommend us? (0 to 10)",
            min: Some(0),
            max: Some(NPS_MAX),
        },
        Question {
            id: "csat",
            text_es: "¿Qué tan satisfecho quedaste con este servicio? (1 a 5)",
            text_en: "How satisfied are you with this service? (1 to 5)",
            min: Some(CSAT_MIN),
            max: Some(CSAT_MAX),
        },
        Question {
            id: "comment",
            text_es: "¿Algo que quieras contarnos?",
            text_en: "Anything you would like to tell us?",
            min: None,
            max: None,
        },
    ]
}

/// Checks an answer: `(nps, csat, comment)`.
fn parse_answer(a: &SurveyAnswer) -> AppResult<(i32, i32, String)> {
    let nps = a
        .nps
        .ok_or_else(|| AppError::validation("nps", "answer how likely you are to recommend us"))?;
    if !(0..=i64::from(NPS_MAX)).contains(&nps) {
        return Err(AppError::validation("nps", "nps must be between 0 and 10"));
    }
    let csat = a
        .csat
        .ok_or_else(|| AppError::validation("csat", "answer how satisfied you are"))?;
    if !(i64::from(CSAT_MIN)..=i64::from(CSAT_MAX)).contains(&csat) {
        return Err(AppError::validation("csat", "csat must be between 1 and 5"));
    }
    let comment = text_field(
        "comment",
        a.comment.as_deref().unwrap_or(""),
        4000,
        false,
        Lines::Multi,
    )?;
    Ok((nps as i32, csat as i32, comment))
}

fn answered() -> AppError {
    AppError::new(
        ErrorCode::SurveyAnswered,
        "this survey was already answered; thank you",
    )
}

fn expired() -> AppError {
    AppError::new(
        ErrorCode::SurveyExpired,
        "this survey can no longer be answered",
    )
}

impl Services {
    fn poor_thresholds(&self) -> PoorThresholds {
        PoorThresholds {
            nps: self.settings.surveys.poor_nps,
            csat: self.settings.surveys.poor_csat,
        }
    }

    /// The survey link sent in the invitation.
    pub(crate) fn survey_link(&self, token: &str) -> String {
        format!("{}/s/{token}", self.public_url)
    }

    /// Creates the survey of a closing order or ticket in the caller's
    /// transaction, and enqueues its invitation to the customer's portal
    /// accounts, due after the configured delay. At most one survey per
    /// order / ticket (a unique index): a second closing adds nothing.
    pub(crate) async fn schedule_survey(
        &self,
        tx: &mut UnitOfWork<'_>,
        order: Option<OrderId>,
        ticket: Option<TicketId>,
        customer: CustomerId,
        number: &str,
        now: Timestamp,
    ) -> AppResult<()> {
        let cfg = &self.settings.surveys;
        let invite_at = now + chrono::TimeDelta::minutes(cfg.delay_minutes.max(0));
        let expires_at = invite_at + chrono::TimeDelta::days(cfg.expiry_days.max(1));
        let id = Uuid::now_v7();
        let (token, hash) = super::auth::new_token();
        // The invitation is an outbox row due later; the worker plans its wake-up.
        tx.wake_outbox();
        let fresh = tx
            .insert_survey(&NewSurvey {
                id,
                order_id: order,
                ticket_id: ticket,
                customer_id: customer,
                token_hash: &hash,
                invite_at,
                expires_at,
                now,
            })
            .await?;
        if !fresh {
            return Ok(());
        }
        let link = self.survey_link(&token);
        let key = format!("survey:{id}:");
        for r in tx.portal_recipients(customer).await? {
            // E-mail only: an in-app publication cannot wait for the delay.
            // The portal lists the survey as pending meanwhile.
            self.notify(
                tx,
                Notify {
                    kind: NotificationKind::SurveyInvitation,
                    key: format!("{key}{}", r.id),
                    user: Some(r.id),
                    email: Some(&r.email),
                    message: Message::SurveyInvitation {
                        name: r.name.clone(),
                        number: number.to_string(),
                        link: link.clone(),
                        expires_days: cfg.expiry_days,
                    },
                    subject_type: SubjectType::Survey,
                    subject_id: id.to_string(),
                    in_app: false,
                    attachments: Vec::new(),
                },
            )
            .await?;
        }
        tx.defer_notifications(&key, invite_at).await?;
        Ok(())
    }

    /// The link's view: questions and context. 404 for an unknown token.
    pub async fn public_survey(&self, token: &str) -> AppResult<PublicSurvey> {
        let mut conn = self.store.conn().await?;
        let survey = conn
            .survey_by_token_hash(&super::auth::hash_token(token))
            .await?
            .ok_or_else(|| AppError::not_found("survey"))?;
        if survey.answered_at.is_none() && survey.expires_at <= Timestamp::now() {
            return Err(expired());
        }
        let company = conn.company_settings().await?.company_name;
        Ok(PublicSurvey {
            company,
            subject_type: if survey.order_id.is_some() {
                "order"
            } else {
                "ticket"
            },
            number: survey.number,
            about: survey.about,
            expires_at: survey.expires_at,
            answered: survey.answered_at.is_some(),
            questions: questions(),
        })
    }

    /// Answers through the link.
    pub async fn answer_survey_by_token(
        &self,
        token: &str,
        answer: SurveyAnswer,
    ) -> AppResult<AnswerReceipt> {
        let parsed = parse_answer(&answer)?;
        let hash = super::auth::hash_token(token);
        let survey = self
            .store
            .conn()
            .await?
            .survey_by_token_hash(&hash)
            .await?
            .ok_or_else(|| AppError::not_found("survey"))?;
        self.record_answer(survey, parsed, None).await
    }

    /// A customer contact's unanswered, unexpired surveys (their company's).
    pub async fn pending_surveys(&self, who: &Principal) -> AppResult<Vec<Survey>> {
        let customer = match (who.user.role, who.user.customer_id) {
            (Role::Customer, Some(c)) => c,
            _ => return Err(AppError::forbidden()),
        };
        Ok(self
            .store
            .conn()
            .await?
            .pending_surveys(customer, Timestamp::now())
            .await?)
    }

    /// Answers from the portal: only a contact of the survey's company.
    pub async fn answer_survey(
        &self,
        who: &Principal,
        id: Uuid,
        answer: SurveyAnswer,
    ) -> AppResult<AnswerReceipt> {
        let customer = match (who.user.role, who.user.customer_id) {
            (Role::Customer, Some(c)) => c,
            _ => return Err(AppError::forbidden()),
        };
        let survey = self
            .store
            .conn()
            .await?
            .survey(id)
            .await?
            .filter(|s| s.customer_id == customer)
            .ok_or_else(|| AppError::not_found("survey"))?;
        let parsed = parse_answer(&answer)?;
        self.record_answer(survey, parsed, Some(who.user.id)).await
    }

    async fn record_answer(
        &self,
        survey: Survey,
        (nps, csat, comment): (i32, i32, String),
        by: Option<UserId>,
    ) -> AppResult<AnswerReceipt> {
        if survey.answered_at.is_some() {
            return Err(answered());
        }
        let now = Timestamp::now();
        if survey.expires_at <= now {
            return Err(expired());
        }
        let mut tx = self.begin().await?;
        if !tx
            .answer_survey(survey.id, nps, csat, &comment, by, now)
            .await?
        {
            return Err(answered());
        }
        // The answer is the customer's reply to a contact the company
        // started: on their interaction timeline.
        let reason = match self.language() {
            Lang::Es => "Encuesta de satisfacción respondida",
            Lang::En => "Satisfaction survey answered",
        };
        self.log_seen_interaction(
            &mut tx,
            survey.customer_id,
            InteractionChannel::Portal,
            Direction::Inbound,
            Initiative::Proactive,
            reason.to_string(),
            format!("NPS {nps} · CSAT {csat}"),
            None,
            (InteractionSubject::Survey, survey.id.to_string()),
            format!("survey:{}:answered", survey.id),
        )
        .await?;
        let mut followup = None;
        if self.poor_thresholds().is_poor(nps, csat) {
            let ticket = self
                .open_followup(&mut tx, &survey, nps, csat, &comment, by, now)
                .await?;
            followup = Some(ticket);
        }
        tx.commit().await?;
        Ok(AnswerReceipt {
            survey_id: survey.id,
            answered_at: now,
            followup_ticket_id: followup,
        })
    }

    /// Opens the complaint ticket of a poor answer and tells masters and
    /// admins (e-mail and in-app), in the answer's transaction.
    #[allow(clippy::too_many_arguments)]
    async fn open_followup(
        &self,
        tx: &mut UnitOfWork<'_>,
        survey: &Survey,
        nps: i32,
        csat: i32,
        comment: &str,
        by: Option<UserId>,
        now: Timestamp,
    ) -> AppResult<TicketId> {
        let office = tx.office_recipients().await?;
        // The ticket's author: the contact who answered, else the first
        // master / admin (an answer through the link has no signed-in user).
        let author = match by.or_else(|| office.first().map(|o| o.0)) {
            Some(a) => a,
            None => {
                return Err(AppError::internal(anyhow::anyhow!(
                    "no master or admin user to own the follow-up ticket"
                )));
            }
        };
        let number = format!("PQR-{:06}", tx.next_number("ticket").await?);
        let subject: String = format!(
            "Encuesta {}: NPS {nps}, CSAT {csat} — {}",
            survey.number, survey.about
        )
        .chars()
        .take(200)
        .collect();
        let description = format!(
            "Seguimiento automático de la encuesta {} ({}).\nNPS: {nps}\nCSAT: {csat}\nComentario: {comment}",
            survey.id, survey.number
        );
        let ticket = tx
            .insert_ticket(&NewTicket {
                id: TicketId::new(),
                number,
                customer_id: survey.customer_id,
                kind: TicketType::Complaint,
                priority: TicketPriority::High,
                subject,
                description,
                created_by: author,
                now,
            })
            .await?;
        self.refresh_ticket_sla(tx, ticket.id, now).await?;
        tx.set_survey_followup(survey.id, ticket.id).await?;
        let link = format!("{}/tickets/{}", self.public_url, ticket.id);
        for (user, name, email) in office {
            self.notify(
                tx,
                Notify {
                    kind: NotificationKind::SurveyPoorAnswer,
                    key: format!("survey_poor:{}:{user}", survey.id),
                    user: Some(user),
                    email: Some(&email),
                    message: Message::SurveyPoorAnswer {
                        name,
                        number: survey.number.clone(),
                        nps,
                        csat,
                        comment: comment.to_string(),
                        ticket_number: ticket.number.clone(),
                        link: link.clone(),
                    },
                    subject_type: SubjectType::Survey,
                    subject_id: survey.id.to_string(),
                    in_app: true,
                    attachments: Vec::new(),
                },
            )
            .await?;
        }
        Ok(ticket.id)
    }

    /// NPS and CSAT of the answers in `[from, to)` (default: the last 12
    /// months), grouped. Office roles only.
    pub async fn survey_metrics(
        &self,
        who: &Principal,
        from: Option<Timestamp>,
        to: Option<Timestamp>,
        group_by: MetricsGroup,
    ) -> AppResult<SurveyMetrics> {
        who.require(Permission::ManageOrders)?;
        let to = to.unwrap_or_else(|| Timestamp::now() + chrono::TimeDelta::seconds(1));
        let from = from.unwrap_or(to - chrono::TimeDelta::days(366));
        if from >= to {
            return Err(AppError::validation("from", "from must be before to"));
        }
        let mut conn = self.store.conn().await?;
        let rows = conn.answered_surveys(from, to).await?;
        let total = Score::of(rows.iter().map(|r| (r.nps, r.csat)));
        let mut groups: BTreeMap<String, (String, Vec<(i32, i32)>)> = BTreeMap::new();
        match group_by {
            MetricsGroup::Period => {
                for r in &rows {
                    let d = r.answered_at.as_datetime();
                    let key = format!("{:04}-{:02}", d.year(), d.month());
                    groups
                        .entry(key.clone())
                        .or_insert_with(|| (key, Vec::new()))
                        .1
                        .push((r.nps, r.csat));
                }
            }
            MetricsGroup::ServiceType => {
                for r in &rows {
                    let key = match (&r.reason, r.ticket_kind) {
                        (Some(reason), _) => reason.trim().to_lowercase(),
                        (None, Some(kind)) => {
                            format!("ticket:{}", <&'static str>::from(kind))
                        }
                        (None, None) => "unknown".to_string(),
                    };
                    groups
                        .entry(key.clone())
                        .or_insert_with(|| (key, Vec::new()))
                        .1
                        .push((r.nps, r.csat));
                }
            }
            MetricsGroup::Technician => {
                let techs = conn.surveyed_order_technicians(from, to).await?;
                for r in &rows {
                    let Some(order) = r.order_id else { continue };
                    for (_, user, name) in techs.iter().filter(|t| t.0 == order) {
                        groups
                            .entry(user.to_string())
                            .or_insert_with(|| (name.clone(), Vec::new()))
                            .1
                            .push((r.nps, r.csat));
                    }
                }
            }
        }
        Ok(SurveyMetrics {
            from,
            to,
            group_by,
            total,
            groups: groups
                .into_iter()
                .map(|(key, (label, answers))| MetricsRow {
                    key,
                    label,
                    score: Score::of(answers),
                })
                .collect(),
        })
    }
}
