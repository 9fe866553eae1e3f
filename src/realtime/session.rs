//! The session actor: one per WebSocket connection.
//!
//! It decodes frames into protocol commands and handles them strictly in the
//! order they arrive: a command that needs the database or a room (connect,
//! subscribe, history, presence, refresh, rpc) makes the actor wait for it
//! before the next command, so a client that batches `connect` with its
//! `subscribe`s gets the right answers. Publishes run concurrently (their
//! replies carry ids) so a connection can pipeline chat messages.
//!
//! Everything written to the client goes through one bounded queue drained
//! by a writer task. When the queue is full the client is not keeping up:
//! it is disconnected with the protocol's "slow" code, and no room or other
//! client ever waits for it.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix::prelude::*;
use actix_ws::{AggregatedMessage, CloseCode, CloseReason};
use tokio::sync::{mpsc, oneshot};

use super::app::{App, ChannelAction, Viewer};
use super::protocol::{
    self, ClientInfo, ConnectResult, DecodedCommand, DisconnectReason, ErrorCode, HistoryResult,
    Publication, RawJson, Reply, Request, RpcResult, StreamPosition, SubscribeResult,
};
use super::registry::{Kick, Registry, RoomFor, TrackConnection};
use super::room::{self, GetPresence, GetPresenceStats, Join, Leave, RecoverFrom, Room};
use super::{ClientId, Deliver};
use crate::config::RealtimeSettings;
use crate::domain::Timestamp;
use crate::domain::channel::Channel;
use crate::domain::events::{ChannelEvent, ChatPost, ReadReceipt, RpcMethod, RpcRoomData, Typing};
use crate::domain::rate::TokenBucket;
use crate::error::{AppError, ErrorCode as AppCode};
use crate::store::realtime::StoredPublication;

/// What the writer task sends.
enum Outgoing {
    Frame(Arc<str>),
    Pong(bytes::Bytes),
}

/// Where the connection is in its life.
enum State {
    /// Waiting for the `connect` command.
    Handshake,
    /// Connected; `None` is an anonymous (QR) connection.
    Connected { principal: Option<Viewer> },
    /// Disconnect sent; ignore everything.
    Closing,
}

/// A simple token bucket for publishes.
struct Bucket {
    bucket: TokenBucket,
    rate: f64,
    burst: f64,
    /// Refusals since the last accepted publish; too many disconnects.
    refused: u32,
}

impl Bucket {
    fn new(rate: u32, burst: u32) -> Bucket {
        Bucket {
            bucket: TokenBucket::full(burst as f64, Instant::now()),
            rate: rate as f64,
            burst: burst as f64,
            refused: 0,
        }
    }
    fn take(&mut self) -> bool {
        let ok = self
            .bucket
            .take(self.rate, self.burst, Instant::now(), true)
            .is_ok();
        self.refused = if ok { 0 } else { self.refused + 1 };
        ok
    }
}

pub struct Session {
    /// The protocol's client id.
    id: ClientId,
    app: App,
    registry: Addr<Registry>,
    settings: Arc<RealtimeSettings>,
    state: State,
    /// The signed-in user of the upgrade request (session cookie), used when
    /// `connect` carries no token.
    cookie_principal: Option<Viewer>,
    /// When the credentials expire (None: never, for anonymous connections).
    expires_at: Option<Timestamp>,
    /// Subscribed channels and their rooms.
    subscriptions: HashMap<String, Addr<Room>>,
    /// Commands waiting for an earlier command to finish.
    queue: VecDeque<DecodedCommand>,
    /// A command future is running with the mailbox held (`ctx.wait`).
    busy: bool,
    /// Bounded: full means the client is too slow. Why bounded: one stuck
    /// client must not grow the server's memory without limit.
    out: mpsc::Sender<Outgoing>,
    /// Tells the writer to close the socket with a disconnect code.
    close: Option<oneshot::Sender<DisconnectReason>>,
    publish_bucket: Bucket,
    /// A ping went out and its pong has not come back.
    awaiting_pong: bool,
    /// The user this connection is registered under with the registry (for
    /// disconnecting revoked users).
    tracked_user: Option<crate::domain::UserId>,
}

impl Session {
    /// Starts the session and its writer task for an upgraded connection.
    pub fn start(
        app: App,
        settings: Arc<RealtimeSettings>,
        registry: Addr<Registry>,
        cookie_principal: Option<Viewer>,
        ws: actix_ws::Session,
        stream: actix_ws::AggregatedMessageStream,
    ) {
        let (out, rx) = mpsc::channel(settings.outgoing_queue_frames.max(1));
        let (close_tx, close_rx) = oneshot::channel();
        actix_rt::spawn(writer(ws, rx, close_rx));
        let publish_bucket = Bucket::new(settings.publish_per_second, settings.publish_burst);
        Session::create(move |ctx| {
            ctx.add_stream(stream);
            Session {
                id: uuid::Uuid::new_v4().to_string().into(),
                app,
                registry,
                settings,
                state: State::Handshake,
                cookie_principal,
                expires_at: None,
                subscriptions: HashMap::new(),
                queue: VecDeque::new(),
                busy: false,
                out,
                close: Some(close_tx),
                publish_bucket,
                awaiting_pong: false,
                tracked_user: None,
            }
        });
    }

    fn principal(&self) -> Option<&Viewer> {
        match &self.state {
            State::Connected { principal } => principal.as_ref(),
            _ => None,
        }
    }

    fn client_info(&self) -> ClientInfo {
        let mut info = ClientInfo::new(
            self.principal()
                .map(|p| p.user.to_string())
                .unwrap_or_default(),
            self.id.to_string(),
        );
        if let Some(p) = self.principal() {
            info.conn_info = RawJson::from_value(&p.actor).ok();
        }
        info
    }

    /// Queues a frame; a full queue disconnects the client as too slow.
    fn send_frame(&mut self, frame: Arc<str>, ctx: &mut Context<Self>) {
        if matches!(self.state, State::Closing) {
            return;
        }
        match self.out.try_send(Outgoing::Frame(frame)) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(_)) => {
                metrics::counter!("realtime_slow_disconnects_total").increment(1);
                self.disconnect(DisconnectReason::SLOW, ctx);
            }
            Err(mpsc::error::TrySendError::Closed(_)) => ctx.stop(),
        }
    }

    fn reply(&mut self, reply: Reply, ctx: &mut Context<Self>) {
        let frame: Arc<str> = protocol::encode_reply(&reply).into();
        self.send_frame(frame, ctx);
    }

    fn error(&mut self, id: u32, code: ErrorCode, ctx: &mut Context<Self>) {
        self.reply(Reply::error(id, code), ctx);
    }

    /// Closes the connection with a protocol disconnect code.
    fn disconnect(&mut self, reason: DisconnectReason, ctx: &mut Context<Self>) {
        if matches!(self.state, State::Closing) {
            return;
        }
        tracing::info!(client = %self.id, code = reason.code, reason = reason.reason, "disconnecting");
        self.state = State::Closing;
        if let Some(close) = self.close.take() {
            let _ = close.send(reason);
        }
        ctx.stop();
    }

    /// Handles queued commands in order until one has to wait.
    fn pump(&mut self, ctx: &mut Context<Self>) {
        while !self.busy {
            let Some(command) = self.queue.pop_front() else {
                return;
            };
            if matches!(self.state, State::Closing) {
                self.queue.clear();
                return;
            }
            self.handle_command(command, ctx);
        }
    }

    /// Runs `fut` with the mailbox held, then continues with the queue.
    fn wait_then_pump<F>(&mut self, fut: F, ctx: &mut Context<Self>)
    where
        F: ActorFuture<Self, Output = ()> + 'static,
    {
        self.busy = true;
        ctx.wait(fut.map(|(), session, ctx| {
            session.busy = false;
            session.pump(ctx);
        }));
    }

    fn handle_command(&mut self, command: DecodedCommand, ctx: &mut Context<Self>) {
        let id = command.id;
        match (&self.state, command.request) {
            (_, Request::Pong) => self.awaiting_pong = false,
            (State::Handshake, Request::Connect(req)) => self.connect(id, req.token, ctx),
            (State::Handshake, _) => self.disconnect(DisconnectReason::BAD_REQUEST, ctx),
            (State::Connected { .. }, Request::Connect(_)) => {
                self.disconnect(DisconnectReason::BAD_REQUEST, ctx)
            }
            (State::Connected { .. }, request) => self.handle_request(id, request, ctx),
            (State::Closing, _) => {}
        }
    }

    fn connect(&mut self, id: u32, token: String, ctx: &mut Context<Self>) {
        let app = self.app.clone();
        let cookie = self.cookie_principal.clone();
        let check = async move {
            if token.is_empty() {
                return Ok(Ok(cookie));
            }
            match app.authenticate(&token).await? {
                Some(principal) => Ok(Ok(Some(principal))),
                // An expired token gets "token expired", so the SDK fetches a
                // new one and reconnects; a forged one gets disconnected.
                None if app.token_expired(&token).await? => Ok(Err(ErrorCode::TokenExpired)),
                None => Err(AppError::unauthenticated()),
            }
        };
        self.wait_then_pump(
            check
                .into_actor(self)
                .map(move |result, session, ctx| match result {
                    Ok(Err(code)) => {
                        tracing::info!(client = %session.id, "connect with an expired token");
                        // Commands batched after this connect cannot run;
                        // the client reconnects with a fresh token.
                        session.queue.clear();
                        session.error(id, code, ctx);
                    }
                    Ok(Ok(principal)) => {
                        let ttl = principal.as_ref().map(|p| {
                            (p.expires_at.as_datetime() - chrono::Utc::now())
                                .num_seconds()
                                .max(1) as u32
                        });
                        session.expires_at = principal.as_ref().map(|p| p.expires_at);
                        if let Some(p) = &principal {
                            session.tracked_user = Some(p.user);
                            session.registry.do_send(TrackConnection {
                                user: p.user,
                                client: session.id.clone(),
                                session: Some(ctx.address().recipient()),
                            });
                        }
                        session.state = State::Connected { principal };
                        session.schedule_expiry_check(ctx);
                        let result = ConnectResult {
                            client: session.id.to_string(),
                            version: env!("CARGO_PKG_VERSION").to_string(),
                            expires: ttl.is_some(),
                            ttl: ttl.unwrap_or(0),
                            ping: session.settings.ping_interval_seconds as u32,
                            pong: true,
                            ..Default::default()
                        };
                        session.reply(Reply::connect(id, result), ctx);
                    }
                    Err(e) if e.code == AppCode::Unauthenticated => {
                        tracing::info!(client = %session.id, "connect refused: invalid token");
                        session.disconnect(DisconnectReason::INVALID_TOKEN, ctx);
                    }
                    Err(e) => {
                        tracing::error!(error = ?e, "connect failed");
                        session.disconnect(DisconnectReason::SERVER_ERROR, ctx);
                    }
                }),
            ctx,
        );
    }

    /// Disconnects when the credentials expire without a `refresh`.
    fn schedule_expiry_check(&mut self, ctx: &mut Context<Self>) {
        if let Some(expires_at) = self.expires_at {
            let left = (expires_at.as_datetime() - chrono::Utc::now())
                .to_std()
                .unwrap_or_default();
            ctx.run_later(left + Duration::from_millis(500), |session, ctx| {
                if session.expires_at.is_some_and(|e| e <= Timestamp::now()) {
                    session.disconnect(DisconnectReason::EXPIRED, ctx);
                }
            });
        }
    }

    fn handle_request(&mut self, id: u32, request: Request, ctx: &mut Context<Self>) {
        if self.expires_at.is_some_and(|e| e <= Timestamp::now())
            && !matches!(request, Request::Refresh(_))
        {
            self.error(id, ErrorCode::TokenExpired, ctx);
            return;
        }
        match request {
            Request::Subscribe(req) => self.subscribe(id, req, ctx),
            Request::Unsubscribe(req) => {
                if let Some(room) = self.subscriptions.remove(&req.channel) {
                    room.do_send(Leave {
                        client: self.id.clone(),
                    });
                }
                self.reply(Reply::unsubscribe(id), ctx);
            }
            Request::Publish(req) => self.publish(id, req.channel, req.data, ctx),
            Request::Presence(req) => self.presence(id, req.channel, false, ctx),
            Request::PresenceStats(req) => self.presence(id, req.channel, true, ctx),
            Request::History(req) => self.history(id, req, ctx),
            Request::Rpc(req) => self.rpc(id, req.method, req.data, ctx),
            Request::Refresh(req) => self.refresh(id, req.token, ctx),
            Request::Ping(_) => self.reply(Reply::ping_result(id), ctx),
            // Asynchronous messages to the server carry nothing we use.
            Request::Send(_) => {}
            Request::SubRefresh(_) => self.error(id, ErrorCode::NotAvailable, ctx),
            Request::Connect(_) | Request::Pong => {}
        }
    }

    /// Parses a channel name, answering `unknown channel` when it is not one.
    fn parse_channel(&mut self, id: u32, name: &str, ctx: &mut Context<Self>) -> Option<Channel> {
        match name.parse::<Channel>() {
            Ok(channel) => Some(channel),
            Err(_) => {
                tracing::info!(client = %self.id, channel = %name.chars().take(100).collect::<String>(), "unknown channel");
                self.error(id, ErrorCode::UnknownChannel, ctx);
                None
            }
        }
    }

    fn subscribe(&mut self, id: u32, req: protocol::SubscribeRequest, ctx: &mut Context<Self>) {
        let Some(channel) = self.parse_channel(id, &req.channel, ctx) else {
            return;
        };
        if self.subscriptions.contains_key(&req.channel) {
            self.error(id, ErrorCode::AlreadySubscribed, ctx);
            return;
        }
        if self.subscriptions.len() >= self.settings.max_subscriptions {
            tracing::warn!(client = %self.id, "too many subscriptions");
            self.error(id, ErrorCode::LimitExceeded, ctx);
            return;
        }
        let app = self.app.clone();
        let registry = self.registry.clone();
        let principal = self.principal().cloned();
        let name: Arc<str> = req.channel.as_str().into();
        let join = Join {
            client: self.id.clone(),
            recipient: ctx.address().recipient(),
            info: self.client_info(),
            join_leave: req.join_leave,
            recover: req.recover.then(|| RecoverFrom {
                epoch: req.epoch.clone(),
                offset: req.offset as i64,
            }),
        };
        let work = async move {
            app.authorize(principal.as_ref(), &channel, ChannelAction::Subscribe)
                .await?;
            let room = registry
                .send(RoomFor {
                    channel: name.clone(),
                })
                .await
                .map_err(|e| AppError::internal(anyhow::anyhow!("registry: {e}")))?;
            let joined = room
                .send(join)
                .await
                .map_err(|e| AppError::internal(anyhow::anyhow!("room: {e}")))??;
            Ok::<_, AppError>((room, joined))
        };
        let was_recovering = req.recover;
        self.wait_then_pump(
            work.into_actor(self)
                .map(move |result, session, ctx| match result {
                    Ok((room, joined)) => {
                        session.subscriptions.insert(req.channel.clone(), room);
                        let result = SubscribeResult {
                            recoverable: true,
                            epoch: joined.epoch,
                            offset: joined.offset as u64,
                            recovered: joined.recovered,
                            was_recovering,
                            publications: joined.publications.iter().map(to_publication).collect(),
                            ..Default::default()
                        };
                        session.reply(Reply::subscribe(id, result), ctx);
                    }
                    Err(e) => session.refuse(id, &req.channel, e, ctx),
                }),
            ctx,
        );
    }

    /// Maps a service refusal to the protocol error and logs it.
    fn refuse(&mut self, id: u32, channel: &str, e: AppError, ctx: &mut Context<Self>) {
        let code = match e.code {
            AppCode::Forbidden | AppCode::Unauthenticated => ErrorCode::PermissionDenied,
            AppCode::NotFound => ErrorCode::UnknownChannel,
            AppCode::TooManyAttempts => ErrorCode::TooManyRequests,
            AppCode::Internal | AppCode::Unavailable => {
                tracing::error!(error = ?e, "real-time command failed");
                ErrorCode::Internal
            }
            _ => ErrorCode::BadRequest,
        };
        tracing::info!(client = %self.id, channel = %channel.chars().take(100).collect::<String>(), ?code, detail = %e.detail, "command refused");
        self.error(id, code, ctx);
    }

    fn publish(
        &mut self,
        id: u32,
        channel_name: String,
        data: Option<RawJson>,
        ctx: &mut Context<Self>,
    ) {
        let Some(channel) = self.parse_channel(id, &channel_name, ctx) else {
            return;
        };
        let Some(principal) = self.principal().cloned() else {
            tracing::info!(client = %self.id, "anonymous publish refused");
            self.error(id, ErrorCode::PermissionDenied, ctx);
            return;
        };
        if !self.publish_bucket.take() {
            tracing::warn!(client = %self.id, "publish rate exceeded");
            if self.publish_bucket.refused > self.settings.publish_burst * 3 {
                self.disconnect(DisconnectReason::TOO_MANY_REQUESTS, ctx);
            } else {
                self.error(id, ErrorCode::TooManyRequests, ctx);
            }
            return;
        }
        let post = match data.as_ref().map(|d| d.parse::<ChatPost>()) {
            Some(Ok(post)) => post,
            _ => {
                tracing::info!(client = %self.id, "publish with a malformed chat message");
                self.error(id, ErrorCode::BadRequest, ctx);
                return;
            }
        };
        let app = self.app.clone();
        let work = async move { app.post_chat(&principal, &channel, post).await };
        // Not `wait`: publishes may overlap so a client can pipeline them; the
        // reply (the acknowledgement) goes out only after the commit.
        ctx.spawn(
            work.into_actor(self)
                .map(move |result, session, ctx| match result {
                    Ok(_) => session.reply(Reply::publish(id), ctx),
                    Err(e) => session.refuse(id, &channel_name, e, ctx),
                }),
        );
    }

    fn presence(&mut self, id: u32, channel_name: String, stats: bool, ctx: &mut Context<Self>) {
        let Some(channel) = self.parse_channel(id, &channel_name, ctx) else {
            return;
        };
        let app = self.app.clone();
        let registry = self.registry.clone();
        let principal = self.principal().cloned();
        let work = async move {
            app.authorize(principal.as_ref(), &channel, ChannelAction::Presence)
                .await?;
            let room = registry
                .send(RoomFor {
                    channel: channel_name.as_str().into(),
                })
                .await
                .map_err(|e| AppError::internal(anyhow::anyhow!("registry: {e}")))?;
            let reply = if stats {
                Reply::presence_stats(
                    id,
                    room.send(GetPresenceStats)
                        .await
                        .map_err(|e| AppError::internal(e.into()))?,
                )
            } else {
                Reply::presence(
                    id,
                    room.send(GetPresence)
                        .await
                        .map_err(|e| AppError::internal(e.into()))?,
                )
            };
            Ok::<_, AppError>((reply, channel_name))
        };
        self.wait_then_pump(
            work.into_actor(self)
                .map(move |result, session, ctx| match result {
                    Ok((reply, _)) => session.reply(reply, ctx),
                    Err(e) => session.refuse(id, "presence", e, ctx),
                }),
            ctx,
        );
    }

    fn history(&mut self, id: u32, req: protocol::HistoryRequest, ctx: &mut Context<Self>) {
        let Some(channel) = self.parse_channel(id, &req.channel, ctx) else {
            return;
        };
        let app = self.app.clone();
        let principal = self.principal().cloned();
        let since = req.since.as_ref().map(|s: &StreamPosition| s.offset as i64);
        let since_epoch = req.since.map(|s| s.epoch);
        let limit = req.limit as i64;
        let reverse = req.reverse;
        let work = async move {
            app.history(principal.as_ref(), &channel, since, limit, reverse)
                .await
        };
        let channel_name = req.channel;
        self.wait_then_pump(
            work.into_actor(self)
                .map(move |result, session, ctx| match result {
                    Ok((position, _))
                        if since_epoch
                            .as_ref()
                            .is_some_and(|e| !e.is_empty() && *e != position.epoch) =>
                    {
                        session.error(id, ErrorCode::UnrecoverablePosition, ctx);
                    }
                    Ok((position, publications)) => {
                        let result = HistoryResult {
                            publications: publications.iter().map(to_publication).collect(),
                            epoch: position.epoch,
                            offset: position.last_offset as u64,
                        };
                        session.reply(Reply::history(id, result), ctx);
                    }
                    Err(e) => session.refuse(id, &channel_name, e, ctx),
                }),
            ctx,
        );
    }

    /// RPC methods: `typing` {channel} and `read` {channel, offset}; both are
    /// also relayed to the room as ephemeral events.
    fn rpc(&mut self, id: u32, method: String, data: Option<RawJson>, ctx: &mut Context<Self>) {
        let Some(principal) = self.principal().cloned() else {
            self.error(id, ErrorCode::PermissionDenied, ctx);
            return;
        };
        let Ok(method) = method.parse::<RpcMethod>() else {
            self.error(id, ErrorCode::MethodNotFound, ctx);
            return;
        };
        let Some(Ok(event)) = data.as_ref().map(|d| d.parse::<RpcRoomData>()) else {
            self.error(id, ErrorCode::BadRequest, ctx);
            return;
        };
        let Some(channel) = self.parse_channel(id, &event.channel, ctx) else {
            return;
        };
        let Some(room) = self.subscriptions.get(&event.channel).cloned() else {
            // Only members of a room may signal in it.
            self.error(id, ErrorCode::PermissionDenied, ctx);
            return;
        };
        let author = principal.actor.clone();
        let app = self.app.clone();
        let client = self.id.clone();
        let work = async move {
            let payload = match method {
                RpcMethod::Read => {
                    app.mark_read(&principal, &channel, event.offset).await?;
                    ChannelEvent::Read(ReadReceipt {
                        user: author,
                        offset: event.offset,
                    })
                }
                RpcMethod::Typing => ChannelEvent::Typing(Typing { user: author }),
            };
            let data = RawJson::from_value(&payload).map_err(|e| AppError::internal(e.into()))?;
            room.do_send(room::Ephemeral { from: client, data });
            Ok::<_, AppError>(())
        };
        let channel_name = event.channel;
        self.wait_then_pump(
            work.into_actor(self)
                .map(move |result, session, ctx| match result {
                    Ok(()) => session.reply(Reply::rpc(id, RpcResult::default()), ctx),
                    Err(e) => session.refuse(id, &channel_name, e, ctx),
                }),
            ctx,
        );
    }

    fn refresh(&mut self, id: u32, token: String, ctx: &mut Context<Self>) {
        let app = self.app.clone();
        let current = self.principal().map(|p| p.user);
        let work = async move {
            let principal = app.authenticate(&token).await?;
            let expired = principal.is_none() && app.token_expired(&token).await?;
            Ok::<_, AppError>((principal, expired))
        };
        self.wait_then_pump(
            work.into_actor(self)
                .map(move |result, session, ctx| match result {
                    Ok((None, true)) => session.error(id, ErrorCode::TokenExpired, ctx),
                    Ok((Some(p), _)) if Some(p.user) == current => {
                        session.expires_at = Some(p.expires_at);
                        let ttl = (p.expires_at.as_datetime() - chrono::Utc::now())
                            .num_seconds()
                            .max(1) as u32;
                        session.state = State::Connected { principal: Some(p) };
                        session.schedule_expiry_check(ctx);
                        session.reply(
                            Reply::refresh(
                                id,
                                protocol::RefreshResult {
                                    client: session.id.to_string(),
                                    version: env!("CARGO_PKG_VERSION").to_string(),
                                    expires: true,
                                    ttl,
                                },
                            ),
                            ctx,
                        );
                    }
                    Ok(_) => session.disconnect(DisconnectReason::INVALID_TOKEN, ctx),
                    Err(e) => {
                        tracing::error!(error = ?e, "refresh failed");
                        session.error(id, ErrorCode::Internal, ctx);
                    }
                }),
            ctx,
        );
    }

    fn handle_text(&mut self, text: &str, ctx: &mut Context<Self>) {
        match protocol::decode_frame(text, self.settings.max_commands_per_frame) {
            Ok(commands) => {
                self.queue.extend(commands);
                self.pump(ctx);
            }
            Err(e) => {
                tracing::warn!(client = %self.id, error = %e, "bad frame");
                match e.reply() {
                    Some(reply) => self.reply(reply, ctx),
                    None => self.disconnect(e.disconnect(), ctx),
                }
            }
        }
    }
}

fn to_publication(p: &StoredPublication) -> Publication {
    let mut publication = Publication::new(
        RawJson::from_string(p.data.clone())
            .unwrap_or_else(|_| RawJson::from_string("null".into()).expect("null")),
    );
    publication.offset = p.seq as u64;
    publication
}

impl Actor for Session {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        metrics::gauge!("realtime_connections").increment(1.0);
        let interval = Duration::from_secs(self.settings.ping_interval_seconds.max(1));
        ctx.run_interval(interval, |session, ctx| match session.state {
            // No connect command within one ping interval.
            State::Handshake => session.disconnect(DisconnectReason::STALE, ctx),
            State::Connected { .. } if session.awaiting_pong => {
                session.disconnect(DisconnectReason::NO_PONG, ctx)
            }
            State::Connected { .. } => {
                session.awaiting_pong = true;
                session.reply(Reply::ping(), ctx);
            }
            State::Closing => {}
        });
    }

    fn stopped(&mut self, _ctx: &mut Self::Context) {
        metrics::gauge!("realtime_connections").decrement(1.0);
        if let Some(user) = self.tracked_user {
            self.registry.do_send(TrackConnection {
                user,
                client: self.id.clone(),
                session: None,
            });
        }
        for room in self.subscriptions.values() {
            room.do_send(Leave {
                client: self.id.clone(),
            });
        }
        if let Some(close) = self.close.take() {
            let _ = close.send(DisconnectReason::CONNECTION_CLOSED);
        }
    }
}

impl Handler<Kick> for Session {
    type Result = ();

    fn handle(&mut self, _: Kick, ctx: &mut Self::Context) {
        // "force reconnect": a client whose user may still sign in gets a
        // fresh token and comes back with its current rights; a revoked one
        // cannot get a token and stays out.
        self.disconnect(DisconnectReason::FORCE_RECONNECT, ctx);
    }
}

impl Handler<Deliver> for Session {
    type Result = ();

    fn handle(&mut self, msg: Deliver, ctx: &mut Self::Context) {
        self.send_frame(msg.frame, ctx);
    }
}

impl StreamHandler<Result<AggregatedMessage, actix_ws::ProtocolError>> for Session {
    fn handle(
        &mut self,
        item: Result<AggregatedMessage, actix_ws::ProtocolError>,
        ctx: &mut Self::Context,
    ) {
        match item {
            Ok(AggregatedMessage::Text(text)) => self.handle_text(&text, ctx),
            Ok(AggregatedMessage::Binary(_)) => {
                tracing::warn!(client = %self.id, "binary frame on the JSON protocol");
                self.disconnect(DisconnectReason::BAD_REQUEST, ctx);
            }
            Ok(AggregatedMessage::Ping(bytes)) => {
                let _ = self.out.try_send(Outgoing::Pong(bytes));
            }
            Ok(AggregatedMessage::Pong(_)) => {}
            Ok(AggregatedMessage::Close(_)) => ctx.stop(),
            // The peer went away mid-frame: an ordinary disconnect.
            Err(actix_ws::ProtocolError::Io(_)) => ctx.stop(),
            Err(e) => {
                tracing::warn!(client = %self.id, error = %e, "WebSocket protocol error");
                self.disconnect(DisconnectReason::BAD_REQUEST, ctx);
            }
        }
    }

    fn finished(&mut self, ctx: &mut Self::Context) {
        ctx.stop();
    }
}

/// Drains the outgoing queue into the socket; closes it with the
/// disconnect code when told to.
async fn writer(
    mut ws: actix_ws::Session,
    mut rx: mpsc::Receiver<Outgoing>,
    mut close: oneshot::Receiver<DisconnectReason>,
) {
    loop {
        tokio::select! {
            biased;
            reason = &mut close => {
                let reason = reason.unwrap_or(DisconnectReason::CONNECTION_CLOSED);
                // Flush what is already queued (the replies that explain the
                // disconnect), but never wait long on a client that is slow.
                let flush = async {
                    while let Ok(item) = rx.try_recv() {
                        let sent = match item {
                            Outgoing::Frame(frame) => ws.text(frame.to_string()).await,
                            Outgoing::Pong(bytes) => ws.pong(&bytes).await,
                        };
                        if sent.is_err() {
                            break;
                        }
                    }
                };
                let _ = tokio::time::timeout(Duration::from_millis(500), flush).await;
                let close_reason = CloseReason {
                    code: CloseCode::Other(reason.code as u16),
                    description: Some(reason.reason.to_string()),
                };
                let _ = ws.close(Some(close_reason)).await;
                return;
            }
            item = rx.recv() => {
                let sent = match item {
                    Some(Outgoing::Frame(frame)) => ws.text(frame.to_string()).await,
                    Some(Outgoing::Pong(bytes)) => ws.pong(&bytes).await,
                    None => return,
                };
                if sent.is_err() {
                    return;
                }
            }
        }
    }
}
