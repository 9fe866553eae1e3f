//! Chat in order and ticket rooms, channel history, read positions and
//! connection tokens for the real-time endpoint.
//!
//! A chat message is acknowledged only after it is committed: `post_chat`
//! returns once the publication row (with its store-assigned offset) is in
//! the database, and only then announces it for fan-out. A client message
//! id makes a retried send idempotent: the second send returns the first
//! one's publication and publishes nothing.

use std::collections::HashMap;

use chrono::TimeDelta;
use serde::Serialize;
use tokio::sync::{mpsc, oneshot};

use super::attachments::AttachmentInfo;
use super::realtime::ChannelAction;
use super::{Principal, Services};
use crate::domain::channel::Channel;
use crate::domain::events::{ChannelEvent, ChatMessage};
use crate::domain::{AttachmentId, Role, SessionId, Timestamp, UserId};
use crate::error::{AppError, AppResult, Context, ErrorCode};
use crate::store::accounts::NewSession;
use crate::store::realtime::{ChannelPosition, NewPublication, StoredPublication};

pub use crate::domain::events::ChatPost;

/// Most messages committed in one transaction.
const MAX_CHAT_BATCH: usize = 256;

/// A message for a writer and where to send its outcome.
pub type PendingChat = (ChatItem, oneshot::Sender<AppResult<StoredPublication>>);

/// Which writer handles a channel.
fn shard(channel: &str, writers: usize) -> usize {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    channel.hash(&mut hasher);
    (hasher.finish() % writers as u64) as usize
}

/// A validated chat message waiting to be committed.
#[derive(Debug, Clone)]
pub struct ChatItem {
    channel: Channel,
    /// The channel name.
    name: String,
    author: UserId,
    role: Role,
    /// The publication JSON.
    data: String,
    /// The message text (what a notification of the reply quotes).
    text: String,
    client_msg_id: Option<String>,
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
        let text = crate::domain::text::clean_text(&post.text, crate::domain::text::Lines::Multi)
            .map_err(|e| AppError::validation("text", e.to_string()))?;
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
        // Retries with a known client message id are answered by the writer
        // (one lookup per batch), not here.
        let attachments = self.resolve_attachments(&name, &post.attachments).await?;
        let now = Timestamp::now();
        let data = serde_json::to_string(&ChannelEvent::ChatMessage(ChatMessage {
            author: who.actor(),
            text: text.clone(),
            attachments,
            client_msg_id: client_msg_id.map(str::to_owned),
            sent_at: now,
        }))
        .context("encoding a chat message")?;
        let item = ChatItem {
            channel: channel.clone(),
            name,
            author: who.user.id,
            role: who.user.role,
            data,
            text,
            client_msg_id: client_msg_id.map(str::to_owned),
        };
        let stored = match self.chat_writer.get().filter(|w| !w.is_empty()) {
            Some(writers) => {
                // A channel always goes to the same writer, so two writers
                // never wait on each other's lock of one channel's row.
                let writer = &writers[shard(&item.name, writers.len())];
                let (done, result) = oneshot::channel();
                writer.send((item, done)).await.map_err(|_| {
                    AppError::new(ErrorCode::Unavailable, "the server is shutting down")
                })?;
                result
                    .await
                    .map_err(|_| AppError::internal(anyhow::anyhow!("chat writer stopped")))??
            }
            None => self
                .commit_chat(vec![item])
                .await
                .pop()
                .expect("one result per item")?,
        };
        metrics::counter!("chat_messages_total").increment(1);
        Ok(stored)
    }

    /// Starts the task that commits chat messages in batches: while one
    /// transaction commits, new messages queue up and go in the next one, so
    /// the number of commits (and fsyncs) grows far slower than the number
    /// of messages. Each message is still acknowledged only after the
    /// commit that contains it.
    pub fn start_chat_writer(&self) {
        // Several writers let PostgreSQL merge their commits into one WAL
        // flush (group commit); SQLite has one writer lock, so one is enough.
        let writers = match self.store.backend() {
            crate::store::Backend::Sqlite => 1,
            crate::store::Backend::Postgres => self.settings.realtime.chat_writers.max(1),
        };
        let mut senders = Vec::with_capacity(writers);
        for _ in 0..writers {
            // Bounded: a burst beyond this makes publishers wait instead of
            // growing memory.
            let (tx, rx) = mpsc::channel::<PendingChat>(10_000);
            senders.push(tx);
            tokio::spawn(self.clone().run_chat_writer(rx));
        }
        let _ = self.chat_writer.set(senders);
    }

    /// One writer: takes what has queued up, commits it as one batch, answers.
    async fn run_chat_writer(self, mut rx: mpsc::Receiver<PendingChat>) {
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            while batch.len() < MAX_CHAT_BATCH {
                match rx.try_recv() {
                    Ok(next) => batch.push(next),
                    Err(_) => break,
                }
            }
            metrics::histogram!("chat_batch_size").record(batch.len() as f64);
            let (items, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
            let results = self.commit_chat(items).await;
            for (reply, result) in replies.into_iter().zip(results) {
                let _ = reply.send(result);
            }
        }
    }

    /// Commits a batch of chat messages in one transaction and announces
    /// them; one result per item, in order. If the batch transaction fails
    /// (e.g. a concurrent duplicate from another node), each message is
    /// retried alone so one bad message cannot sink the others.
    async fn commit_chat(&self, items: Vec<ChatItem>) -> Vec<AppResult<StoredPublication>> {
        match self.try_commit_chat(&items).await {
            Ok(results) => results,
            Err(_) if items.len() > 1 => {
                let mut results = Vec::with_capacity(items.len());
                for item in &items {
                    results.push(self.commit_one_chat(item).await);
                }
                results
            }
            Err(e) => vec![self.settle_failed(&items[0], e).await],
        }
    }

    async fn commit_one_chat(&self, item: &ChatItem) -> AppResult<StoredPublication> {
        match self.try_commit_chat(std::slice::from_ref(item)).await {
            Ok(mut results) => results.pop().expect("one result per item"),
            Err(e) => self.settle_failed(item, e).await,
        }
    }

    /// A message whose transaction failed: if an identical retry (same
    /// client message id) was committed meanwhile — by another node, say —
    /// that one is the answer; otherwise the error is.
    async fn settle_failed(&self, item: &ChatItem, e: AppError) -> AppResult<StoredPublication> {
        if let Some(id) = item.client_msg_id.as_deref()
            && let Ok(mut conn) = self.store.conn().await
            && let Ok(Some(existing)) = conn
                .publication_by_client_msg_id(&item.name, item.author, id)
                .await
        {
            return Ok(existing);
        }
        Err(e)
    }

    async fn try_commit_chat(
        &self,
        items: &[ChatItem],
    ) -> AppResult<Vec<AppResult<StoredPublication>>> {
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let mut results: Vec<Option<AppResult<StoredPublication>>> =
            (0..items.len()).map(|_| None).collect();
        // Duplicates: already stored (one query for the whole batch), or
        // repeated within this batch.
        let keys: Vec<(&str, UserId, &str)> = items
            .iter()
            .filter_map(|item| {
                item.client_msg_id
                    .as_deref()
                    .map(|id| (item.name.as_str(), item.author, id))
            })
            .collect();
        let stored: HashMap<(String, UserId, String), StoredPublication> = if keys.is_empty() {
            HashMap::new()
        } else {
            tx.publications_by_client_msg_ids(&keys)
                .await?
                .into_iter()
                .filter_map(|p| {
                    let key = (p.channel.clone(), p.user_id?, p.client_msg_id.clone()?);
                    Some((key, p))
                })
                .collect()
        };
        let mut first_of: HashMap<(&str, UserId, &str), usize> = HashMap::new();
        let mut copy_of: Vec<Option<usize>> = vec![None; items.len()];
        for (i, item) in items.iter().enumerate() {
            let Some(id) = item.client_msg_id.as_deref() else {
                continue;
            };
            if let Some(&first) = first_of.get(&(item.name.as_str(), item.author, id)) {
                copy_of[i] = Some(first);
            } else if let Some(existing) =
                stored.get(&(item.name.clone(), item.author, id.to_string()))
            {
                results[i] = Some(Ok(existing.clone()));
            } else {
                first_of.insert((item.name.as_str(), item.author, id), i);
            }
        }
        // New messages, grouped by channel in arrival order.
        let mut channels: Vec<&str> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if results[i].is_none()
                && copy_of[i].is_none()
                && !channels.contains(&item.name.as_str())
            {
                channels.push(&item.name);
            }
        }
        let mut seen_days = Vec::new();
        for name in channels {
            let members: Vec<usize> = (0..items.len())
                .filter(|&i| items[i].name == name && results[i].is_none() && copy_of[i].is_none())
                .collect();
            let new: Vec<NewPublication> = members
                .iter()
                .map(|&i| NewPublication {
                    data: items[i].data.clone(),
                    user_id: Some(items[i].author),
                    client_msg_id: items[i].client_msg_id.clone(),
                })
                .collect();
            // The chat's own publications go out before its notifications.
            let publications = tx.publish_raw(name, new, now).await?;
            for (&i, p) in members.iter().zip(&publications) {
                results[i] = Some(Ok(p.clone()));
            }
            let first = &items[members[0]];
            // The day's conversation, on the customer's interaction timeline.
            if let Some(day) = self
                .log_chat_day(
                    &mut tx,
                    &first.channel,
                    name,
                    first.author,
                    first.role == Role::Customer,
                )
                .await?
            {
                seen_days.push((day, name.to_string()));
            }
            if let Channel::Ticket(ticket) = first.channel
                && let Some((&i, reply)) = members
                    .iter()
                    .zip(&publications)
                    .rev()
                    .find(|(i, _)| items[**i].role.is_staff())
            {
                self.note_staff_reply(&mut tx, ticket, &items[i].text, reply.seq, now)
                    .await?;
            }
        }
        tx.commit().await?;
        for (day, name) in seen_days {
            self.chat_days.remember(day, name);
        }
        for i in 0..items.len() {
            if let Some(first) = copy_of[i] {
                results[i] = Some(match &results[first] {
                    Some(Ok(p)) => Ok(p.clone()),
                    _ => Err(AppError::validation(
                        "client_msg_id",
                        "the original message was refused",
                    )),
                });
            }
        }
        Ok(results
            .into_iter()
            .map(|r| r.expect("every item has a result"))
            .collect())
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
        let seconds = self.settings.realtime.token_seconds;
        // Never outlive the session that asked for it.
        let expires_at = (now + TimeDelta::seconds(seconds)).min(who.expires_at);
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
                user_agent: crate::store::accounts::REALTIME_TOKEN_AGENT,
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

    /// The attachments of a message: each must have been uploaded to this
    /// same channel (so nobody can attach a file from a room they are not in).
    async fn resolve_attachments(
        &self,
        channel: &str,
        ids: &[AttachmentId],
    ) -> AppResult<Vec<AttachmentInfo>> {
        let mut found = Vec::with_capacity(ids.len());
        if ids.is_empty() {
            return Ok(found);
        }
        let mut conn = self.store.conn().await?;
        for id in ids {
            match conn.attachment(*id).await? {
                Some(a) if a.channel == channel => found.push(AttachmentInfo::from(a)),
                _ => {
                    return Err(AppError::validation(
                        "attachments",
                        format!("attachment {id} was not uploaded to {channel}"),
                    ));
                }
            }
        }
        Ok(found)
    }
}
