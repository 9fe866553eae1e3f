//! The room actor: one per live channel on this node.
//!
//! A room is the single place where a channel's order is decided on a node.
//! Publications reach it from the bus in whatever order commits and networks
//! deliver them; the room hands them to its subscribers strictly by offset,
//! holding back any that arrive early and, if the missing offset does not
//! show up within `gap_fill_millis`, reading it from the database. It also
//! tracks presence and answers recovery on (re)subscribe, so a client that
//! recovers gets exactly the publications it missed, never one twice.
//!
//! Rooms never run SQL themselves: database reads go through the
//! application ([`App`]) in futures the room waits on. A room with no subscribers
//! stops after `room_idle_seconds`, telling the [`Registry`](super::registry::Registry).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use actix::WeakAddr;
use actix::prelude::*;

use super::app::App;
use super::protocol::{
    ClientInfo, PresenceResult, PresenceStatsResult, Publication, Push, RawJson, Reply,
    encode_reply,
};
use super::registry::{Registry, RoomStopped};
use super::{ClientId, Deliver};
use crate::config::RealtimeSettings;
use crate::error::{AppError, AppResult};
use crate::store::realtime::StoredPublication;

/// One subscriber of the room.
struct Subscriber {
    recipient: Recipient<Deliver>,
    info: ClientInfo,
    /// Wants join/leave pushes about others.
    join_leave: bool,
}

pub struct Room {
    /// The channel name, shared with every encoded frame.
    channel: Arc<str>,
    app: App,
    settings: Arc<RealtimeSettings>,
    registry: WeakAddr<Registry>,
    /// The channel's epoch and the last offset delivered to subscribers.
    epoch: String,
    last: i64,
    /// Publications that arrived ahead of a missing offset, by offset.
    early: BTreeMap<i64, StoredPublication>,
    /// A gap-fill read is scheduled or running.
    gap_fill_pending: bool,
    /// A poll of the database (bus degraded) is running.
    poll_pending: bool,
    subscribers: HashMap<ClientId, Subscriber>,
    idle_timer: Option<SpawnHandle>,
}

impl Room {
    pub fn new(
        channel: Arc<str>,
        app: App,
        settings: Arc<RealtimeSettings>,
        registry: WeakAddr<Registry>,
    ) -> Room {
        Room {
            channel,
            app,
            settings,
            registry,
            epoch: String::new(),
            last: 0,
            early: BTreeMap::new(),
            gap_fill_pending: false,
            poll_pending: false,
            subscribers: HashMap::new(),
            idle_timer: None,
        }
    }

    /// The push frame for a stored publication, encoded once for all subscribers.
    fn publication_frame(&self, p: &StoredPublication) -> Arc<str> {
        let data = RawJson::from_string(p.data.clone())
            .unwrap_or_else(|_| RawJson::from_string("null".into()).expect("null is JSON"));
        let mut publication = Publication::new(data);
        publication.offset = p.seq as u64;
        encode_reply(&Reply::push(Push::publication(&*self.channel, publication))).into()
    }

    fn broadcast(&self, frame: Arc<str>, except: Option<&ClientId>) {
        for (id, sub) in &self.subscribers {
            if Some(id) != except {
                sub.recipient.do_send(Deliver {
                    frame: frame.clone(),
                });
            }
        }
    }

    /// Takes publications from any source (bus, gap fill, recovery read) and
    /// delivers the ones that are next in order; keeps early ones back.
    fn accept(&mut self, publications: Vec<StoredPublication>, ctx: &mut Context<Self>) {
        for p in publications {
            if p.seq > self.last {
                self.early.insert(p.seq, p);
            }
        }
        while let Some(p) = self.early.remove(&(self.last + 1)) {
            self.last = p.seq;
            let frame = self.publication_frame(&p);
            self.broadcast(frame, None);
        }
        if !self.early.is_empty() && !self.gap_fill_pending {
            self.gap_fill_pending = true;
            let wait = Duration::from_millis(self.settings.gap_fill_millis);
            ctx.run_later(wait, |room, ctx| room.fill_gap(ctx));
        }
    }

    /// Reads the missing offsets from the database.
    fn fill_gap(&mut self, ctx: &mut Context<Self>) {
        let Some(&first_early) = self.early.keys().next() else {
            self.gap_fill_pending = false;
            return;
        };
        let (app, channel, after) = (self.app.clone(), self.channel.clone(), self.last);
        let missing = first_early - after - 1;
        tracing::debug!(channel = %channel, after, missing, "filling a gap from the store");
        let read = async move {
            app.publications_after(&channel, after, missing.max(1))
                .await
        };
        ctx.spawn(read.into_actor(self).map(|result, room, ctx| {
            room.gap_fill_pending = false;
            match result {
                Ok(found) => room.accept(found, ctx),
                Err(e) => {
                    tracing::warn!(error = ?e, "gap fill failed; retrying");
                    room.accept(Vec::new(), ctx);
                }
            }
        }));
    }

    fn schedule_idle_stop(&mut self, ctx: &mut Context<Self>) {
        if self.subscribers.is_empty() && self.idle_timer.is_none() {
            let idle = Duration::from_secs(self.settings.room_idle_seconds);
            self.idle_timer = Some(ctx.run_later(idle, |room, ctx| {
                if room.subscribers.is_empty() {
                    ctx.stop();
                }
            }));
        }
    }
}

impl Actor for Room {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        // Learn the channel's position before handling any message.
        let (app, channel) = (self.app.clone(), self.channel.clone());
        let load = async move { app.channel_position(&channel).await };
        ctx.wait(load.into_actor(self).map(|result, room, ctx| match result {
            Ok(position) => {
                room.epoch = position.epoch;
                room.last = position.last_offset;
            }
            Err(e) => {
                tracing::error!(error = ?e, channel = %room.channel, "room could not load its position");
                ctx.stop();
            }
        }));
        self.schedule_idle_stop(ctx);
    }

    fn stopped(&mut self, ctx: &mut Self::Context) {
        if let Some(registry) = self.registry.upgrade() {
            registry.do_send(RoomStopped {
                channel: self.channel.clone(),
                room: ctx.address(),
            });
        }
    }
}

/// Where a recovering subscriber left off.
#[derive(Debug, Clone)]
pub struct RecoverFrom {
    pub epoch: String,
    pub offset: i64,
}

/// The answer to a subscription.
#[derive(Debug)]
pub struct Joined {
    pub epoch: String,
    /// The channel's offset at the moment of joining: everything after it
    /// arrives as live pushes.
    pub offset: i64,
    /// Missed publications (only when recovering).
    pub publications: Vec<StoredPublication>,
    pub recovered: bool,
}

/// Adds a subscriber, optionally recovering what it missed.
#[derive(Message)]
#[rtype(result = "AppResult<Joined>")]
pub struct Join {
    pub client: ClientId,
    pub recipient: Recipient<Deliver>,
    pub info: ClientInfo,
    pub join_leave: bool,
    pub recover: Option<RecoverFrom>,
}

impl Handler<Join> for Room {
    type Result = AtomicResponse<Self, AppResult<Joined>>;

    fn handle(&mut self, msg: Join, _ctx: &mut Self::Context) -> Self::Result {
        if let Some(timer) = self.idle_timer.take() {
            _ctx.cancel_future(timer);
        }
        let max = self.settings.recovery_max_publications;
        // Recovery reads the database from the client's offset; everything
        // the read finds beyond `last` is committed but not yet delivered
        // here, so it is delivered to the others too before the newcomer
        // joins. The exclusive (atomic) handling means no live publication
        // slips in between, so nothing is missed or sent twice.
        let read_from = match &msg.recover {
            Some(r)
                if r.epoch == self.epoch
                    && r.offset <= self.last
                    && self.last - r.offset <= max =>
            {
                Some(r.offset)
            }
            _ => None,
        };
        let (app, channel) = (self.app.clone(), self.channel.clone());
        let read = async move {
            match read_from {
                None => Ok::<_, AppError>(None),
                Some(after) => Ok(Some(
                    app.publications_after(&channel, after, max + 1).await?,
                )),
            }
        };
        AtomicResponse::new(Box::pin(read.into_actor(self).map(
            move |result, room, ctx| {
                let found = result?;
                let recovered = found.is_some();
                let mut missed = Vec::new();
                if let Some(found) = found {
                    let newer: Vec<_> = found
                        .iter()
                        .filter(|p| p.seq > room.last)
                        .cloned()
                        .collect();
                    room.accept(newer, ctx);
                    missed = found.into_iter().filter(|p| p.seq <= room.last).collect();
                }
                if msg.join_leave || room.subscribers.values().any(|s| s.join_leave) {
                    let frame: Arc<str> =
                        encode_reply(&Reply::push(Push::join(&*room.channel, msg.info.clone())))
                            .into();
                    for sub in room.subscribers.values().filter(|s| s.join_leave) {
                        sub.recipient.do_send(Deliver {
                            frame: frame.clone(),
                        });
                    }
                }
                room.subscribers.insert(
                    msg.client,
                    Subscriber {
                        recipient: msg.recipient,
                        info: msg.info,
                        join_leave: msg.join_leave,
                    },
                );
                Ok(Joined {
                    epoch: room.epoch.clone(),
                    offset: room.last,
                    publications: missed,
                    recovered,
                })
            },
        )))
    }
}

/// Removes a subscriber.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Leave {
    pub client: ClientId,
}

impl Handler<Leave> for Room {
    type Result = ();

    fn handle(&mut self, msg: Leave, ctx: &mut Self::Context) {
        if let Some(gone) = self.subscribers.remove(&msg.client) {
            let frame: Arc<str> =
                encode_reply(&Reply::push(Push::leave(&*self.channel, gone.info))).into();
            for sub in self.subscribers.values().filter(|s| s.join_leave) {
                sub.recipient.do_send(Deliver {
                    frame: frame.clone(),
                });
            }
        }
        self.schedule_idle_stop(ctx);
    }
}

/// Committed publications of this channel, from the bus.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Incoming {
    pub epoch: String,
    pub publications: Vec<StoredPublication>,
}

impl Handler<Incoming> for Room {
    type Result = ();

    fn handle(&mut self, msg: Incoming, ctx: &mut Self::Context) {
        if msg.epoch != self.epoch {
            tracing::warn!(channel = %self.channel, "publication from another epoch ignored");
            return;
        }
        self.accept(msg.publications, ctx);
    }
}

/// Most publications one poll reads.
const POLL_BATCH: i64 = 200;

/// Read the channel's newer publications from the database: the Redis bus
/// is degraded (or just came back), so publications committed on other
/// nodes may not arrive through it.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Poll;

impl Handler<Poll> for Room {
    type Result = ();

    fn handle(&mut self, _msg: Poll, ctx: &mut Self::Context) {
        if self.subscribers.is_empty() || self.poll_pending {
            return;
        }
        self.poll_pending = true;
        let (app, channel, after) = (self.app.clone(), self.channel.clone(), self.last);
        let read = async move { app.publications_after(&channel, after, POLL_BATCH).await };
        ctx.spawn(read.into_actor(self).map(|result, room, ctx| {
            room.poll_pending = false;
            match result {
                Ok(found) => room.accept(found, ctx),
                Err(e) => {
                    tracing::warn!(error = ?e, "reading a channel while the bus is degraded failed")
                }
            }
        }));
    }
}

/// A non-persisted event (typing, read receipt): a publication without an
/// offset, to every subscriber but the sender.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Ephemeral {
    pub from: ClientId,
    pub data: RawJson,
}

impl Handler<Ephemeral> for Room {
    type Result = ();

    fn handle(&mut self, msg: Ephemeral, _ctx: &mut Self::Context) {
        let frame: Arc<str> = encode_reply(&Reply::push(Push::publication(
            &*self.channel,
            Publication::new(msg.data),
        )))
        .into();
        self.broadcast(frame, Some(&msg.from));
    }
}

/// Who is in the room (one entry per connection).
#[derive(Message)]
#[rtype(result = "PresenceResult")]
pub struct GetPresence;

impl Handler<GetPresence> for Room {
    type Result = MessageResult<GetPresence>;

    fn handle(&mut self, _: GetPresence, _ctx: &mut Self::Context) -> Self::Result {
        let presence = self
            .subscribers
            .iter()
            .map(|(id, s)| (id.to_string(), s.info.clone()))
            .collect();
        MessageResult(PresenceResult { presence })
    }
}

/// How many connections and distinct users are in the room.
#[derive(Message)]
#[rtype(result = "PresenceStatsResult")]
pub struct GetPresenceStats;

impl Handler<GetPresenceStats> for Room {
    type Result = MessageResult<GetPresenceStats>;

    fn handle(&mut self, _: GetPresenceStats, _ctx: &mut Self::Context) -> Self::Result {
        let users: std::collections::HashSet<&str> = self
            .subscribers
            .values()
            .map(|s| s.info.user.as_str())
            .collect();
        MessageResult(PresenceStatsResult {
            num_clients: self.subscribers.len() as u32,
            num_users: users.len() as u32,
        })
    }
}
