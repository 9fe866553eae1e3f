//! Chat in order and ticket rooms, channel history, read positions and
//! connection tokens for the real-time endpoint.
//!
//! A chat message is acknowledged only after it is committed: `post_chat`
//! returns once the publication row (with its store-assigned offset) is in
//! the database, and only then announces it for fan-out. A client message
//! id makes a retried send idempotent: the second send returns the first
//! one's publication and publishes nothing.

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use super::realtime::{ChannelAction, Staged};
use super::{Principal, Services};
use crate::domain::channel::Channel;
use crate::domain::{AttachmentId, Role, SessionId, Timestamp, UserId};
use crate::error::{AppError, AppResult, Context, ErrorCode};
use crate::store::accounts::NewSession;
use crate::store::is_unique_violation;
use crate::store::realtime::{ChannelPosition, NewPublication, StoredPublication};

/// What a client publishes in a chat room.
#[derive(Debug, Deserialize)]
pub struct ChatPost {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub attachments: Vec<AttachmentId>,
    /// Makes retries idempotent; up to 64 characters.
    pub client_msg_id: Option<String>,
}

/// The author as shown with each message.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Author {
    pub id: UserId,
    pub name: String,
    pub role: Role,
}

impl From<&Principal> for Author {
    fn from(p: &Principal) -> Self {
        Author {
            id: p.user.id,
            name: p.user.name.clone(),
            role: p.user.role,
        }
    }
}

/// The payload of a chat publication.
#[derive(Debug, Serialize)]
struct ChatMessage<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    author: Author,
    text: &'a str,
    attachments: &'a [AttachmentId],
    #[serde(skip_serializing_if = "Option::is_none")]
    client_msg_id: Option<&'a str>,
    sent_at: Timestamp,
}

/// Keeps line breaks and tabs, drops other control characters, trims.
fn clean_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect::<String>()
        .trim()
        .to_string()
}

/// A connection token for the WebSocket endpoint.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ConnectionToken {
    pub token: String,
    pub expires_at: Timestamp,
    /// Seconds until the token expires; refresh before then.
    pub ttl_seconds: i64,
}

impl Services {
    /// Validates, commits and announces a chat message; returns the stored
    /// publication (the existing one for a retried client message id).
    pub async fn post_chat(
        &self,
        who: &Principal,
        channel: &Channel,
        post: ChatPost,
    ) -> AppResult<StoredPublication> {
        if !channel.accepts_chat() {
            return Err(AppError::forbidden());
        }
        self.authorize_channel(Some(who), channel, ChannelAction::Publish)
            .await?;
        let text = clean_text(&post.text);
        let max = self.settings.realtime.max_message_chars;
        if text.is_empty() && post.attachments.is_empty() {
            return Err(AppError::validation(
                "text",
                "a message needs text or an attachment",
            ));
        }
        if text.chars().count() > max {
            return Err(AppError::validation(
                "text",
                format!("a message has at most {max} characters"),
            ));
        }
        if post.attachments.len() > 10 {
            return Err(AppError::validation(
                "attachments",
                "at most 10 attachments per message",
            ));
        }
        let client_msg_id = post
            .client_msg_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        if client_msg_id.is_some_and(|id| id.len() > 64) {
            return Err(AppError::validation(
                "client_msg_id",
                "client_msg_id has at most 64 characters",
            ));
        }
        let name = channel.to_string();
        if let Some(id) = client_msg_id
            && let Some(existing) = self
                .store
                .conn()
                .await?
                .publication_by_client_msg_id(&name, who.user.id, id)
                .await?
        {
            return Ok(existing);
        }
        let now = Timestamp::now();
        let data = serde_json::to_string(&ChatMessage {
            kind: "chat.message",
            author: who.into(),
            text: &text,
            attachments: &post.attachments,
            client_msg_id,
            sent_at: now,
        })
        .context("encoding a chat message")?;

        let mut tx = self.store.begin().await?;
        self.check_attachments(&mut tx, &name, &post.attachments)
            .await?;
        let appended = tx
            .append_publications(
                &name,
                &[NewPublication {
                    data,
                    user_id: Some(who.user.id),
                    client_msg_id: client_msg_id.map(str::to_owned),
                }],
                now,
            )
            .await;
        let (epoch, publications) = match appended {
            Ok(done) => done,
            // A concurrent retry with the same client message id won the race.
            Err(e) if is_unique_violation(&e) => {
                drop(tx);
                let id = client_msg_id.unwrap_or_default();
                return self
                    .store
                    .conn()
                    .await?
                    .publication_by_client_msg_id(&name, who.user.id, id)
                    .await?
                    .ok_or_else(|| {
                        AppError::internal(anyhow::anyhow!("duplicate message vanished"))
                    });
            }
            Err(e) => return Err(e.into()),
        };
        if let Channel::Ticket(ticket) = channel {
            self.note_staff_reply(&mut tx, *ticket, who.user.role, now)
                .await?;
        }
        tx.commit().await?;
        let stored = publications[0].clone();
        self.announce(Staged {
            channel: name,
            epoch,
            publications,
        });
        metrics::counter!("chat_messages_total").increment(1);
        Ok(stored)
    }

    /// Channel history, oldest first unless `reverse`.
    /// `since` is an offset: with `reverse` the publications before it, otherwise after it.
    pub async fn channel_history(
        &self,
        who: Option<&Principal>,
        channel: &Channel,
        since: Option<i64>,
        limit: i64,
        reverse: bool,
    ) -> AppResult<(ChannelPosition, Vec<StoredPublication>)> {
        self.authorize_channel(who, channel, ChannelAction::History)
            .await?;
        let name = channel.to_string();
        let max = self.settings.realtime.history_max_limit;
        let limit = if limit < 0 { max } else { limit.min(max) };
        let mut conn = self.store.conn().await?;
        let position = conn.ensure_channel(&name).await?;
        let publications = match (since, reverse, limit) {
            (_, _, 0) => Vec::new(),
            (Some(after), false, _) => conn.publications_after(&name, after, limit).await?,
            (None, false, _) => conn.publications_after(&name, 0, limit).await?,
            (Some(before), true, _) => conn.publications_before(&name, before, limit).await?,
            (None, true, _) => {
                conn.publications_before(&name, position.last_offset + 1, limit)
                    .await?
            }
        };
        Ok((position, publications))
    }

    /// Records that `who` has read `channel` up to `offset`.
    pub async fn mark_read(
        &self,
        who: &Principal,
        channel: &Channel,
        offset: i64,
    ) -> AppResult<()> {
        self.authorize_channel(Some(who), channel, ChannelAction::Subscribe)
            .await?;
        if offset < 0 {
            return Err(AppError::validation(
                "offset",
                "the offset cannot be negative",
            ));
        }
        let mut conn = self.store.conn().await?;
        conn.mark_read(who.user.id, &channel.to_string(), offset, Timestamp::now())
            .await?;
        Ok(())
    }

    /// Unread counts: (channel, last read offset, channel's last offset).
    pub async fn unread(&self, who: &Principal) -> AppResult<Vec<(String, i64, i64)>> {
        Ok(self.store.conn().await?.read_positions(who.user.id).await?)
    }

    /// A short-lived token for the WebSocket `connect` command.
    pub async fn connection_token(&self, who: &Principal) -> AppResult<ConnectionToken> {
        let (token, hash) = super::auth::new_token();
        let now = Timestamp::now();
        let minutes = self.settings.realtime.token_minutes;
        // Never outlive the session that asked for it.
        let expires_at = (now + TimeDelta::minutes(minutes)).min(who.expires_at);
        self.store
            .conn()
            .await?
            .insert_session(NewSession {
                id: SessionId::new(),
                user_id: who.user.id,
                token_hash: &hash,
                remember_me: false,
                now,
                expires_at,
                user_agent: "realtime",
                ip: "",
            })
            .await?;
        let ttl_seconds = (expires_at.as_datetime() - now.as_datetime()).num_seconds();
        Ok(ConnectionToken {
            token,
            expires_at,
            ttl_seconds,
        })
    }

    /// Checks that attachments exist in this channel. (Attachments are
    /// uploaded per channel over REST.)
    async fn check_attachments(
        &self,
        _tx: &mut crate::store::Conn,
        _channel: &str,
        attachments: &[AttachmentId],
    ) -> AppResult<()> {
        if attachments.is_empty() {
            Ok(())
        } else {
            Err(AppError::new(
                ErrorCode::ValidationFailed,
                "attachments are not available yet",
            )
            .field("attachments"))
        }
    }
}
