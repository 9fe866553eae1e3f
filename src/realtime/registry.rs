//! The registry actor: knows the live rooms of this node, starts one on
//! demand when a session subscribes, and routes committed publications from
//! the bus to the room of their channel (a channel with no room has no
//! subscribers here, so there is nothing to deliver).

use std::collections::HashMap;
use std::sync::Arc;

use actix::prelude::*;

use super::ClientId;
use super::Staged;
use super::app::App;
use super::room::{Incoming, Poll, Room};
use crate::config::RealtimeSettings;
use crate::domain::UserId;

pub struct Registry {
    app: App,
    settings: Arc<RealtimeSettings>,
    /// Live rooms by channel name.
    rooms: HashMap<Arc<str>, Addr<Room>>,
    /// Signed-in connections on this node, by user, so a revoked user can be
    /// disconnected at once.
    connections: HashMap<UserId, HashMap<ClientId, Recipient<Kick>>>,
}

impl Registry {
    pub fn new(app: App, settings: Arc<RealtimeSettings>) -> Registry {
        Registry {
            app,
            settings,
            rooms: HashMap::new(),
            connections: HashMap::new(),
        }
    }
}

/// Tells a session to disconnect: its user was signed out, deactivated or
/// changed role or password.
#[derive(Message, Clone, Copy)]
#[rtype(result = "()")]
pub struct Kick;

/// A signed-in connection opened (`Some`) or closed (`None`).
#[derive(Message)]
#[rtype(result = "()")]
pub struct TrackConnection {
    pub user: UserId,
    pub client: ClientId,
    pub session: Option<Recipient<Kick>>,
}

impl Handler<TrackConnection> for Registry {
    type Result = ();

    fn handle(&mut self, msg: TrackConnection, _ctx: &mut Self::Context) {
        match msg.session {
            Some(session) => {
                self.connections
                    .entry(msg.user)
                    .or_default()
                    .insert(msg.client, session);
            }
            None => {
                if let Some(mine) = self.connections.get_mut(&msg.user) {
                    mine.remove(&msg.client);
                    if mine.is_empty() {
                        self.connections.remove(&msg.user);
                    }
                }
            }
        }
    }
}

/// Disconnects every connection of a user on this node.
#[derive(Message)]
#[rtype(result = "()")]
pub struct KickUser {
    pub user: UserId,
}

impl Handler<KickUser> for Registry {
    type Result = ();

    fn handle(&mut self, msg: KickUser, _ctx: &mut Self::Context) {
        if let Some(sessions) = self.connections.remove(&msg.user) {
            for session in sessions.values() {
                session.do_send(Kick);
            }
        }
    }
}

impl Actor for Registry {
    type Context = Context<Self>;
}

/// The room of a channel, started if needed.
#[derive(Message)]
#[rtype(result = "Addr<Room>")]
pub struct RoomFor {
    pub channel: Arc<str>,
}

impl Handler<RoomFor> for Registry {
    type Result = MessageResult<RoomFor>;

    fn handle(&mut self, msg: RoomFor, ctx: &mut Self::Context) -> Self::Result {
        if let Some(room) = self.rooms.get(&msg.channel).filter(|r| r.connected()) {
            return MessageResult(room.clone());
        }
        let room = Room::new(
            msg.channel.clone(),
            self.app.clone(),
            self.settings.clone(),
            ctx.address().downgrade(),
        )
        .start();
        self.rooms.insert(msg.channel, room.clone());
        metrics::gauge!("realtime_rooms").set(self.rooms.len() as f64);
        MessageResult(room)
    }
}

/// Committed publications to deliver on this node.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Announce {
    pub staged: Staged,
}

impl Handler<Announce> for Registry {
    type Result = ();

    fn handle(&mut self, msg: Announce, _ctx: &mut Self::Context) {
        if let Some(room) = self.rooms.get(msg.staged.channel.as_str()) {
            room.do_send(Incoming {
                epoch: msg.staged.epoch,
                publications: msg.staged.publications,
            });
        }
    }
}

/// Tells every live room to read its channel from the database (the Redis
/// bus is degraded, or just came back).
#[derive(Message)]
#[rtype(result = "()")]
pub struct PollRooms;

impl Handler<PollRooms> for Registry {
    type Result = ();

    fn handle(&mut self, _msg: PollRooms, _ctx: &mut Self::Context) {
        for room in self.rooms.values() {
            room.do_send(Poll);
        }
    }
}

/// A room stopped (idle); forget it unless it was already replaced.
#[derive(Message)]
#[rtype(result = "()")]
pub struct RoomStopped {
    pub channel: Arc<str>,
    pub room: Addr<Room>,
}

impl Handler<RoomStopped> for Registry {
    type Result = ();

    fn handle(&mut self, msg: RoomStopped, _ctx: &mut Self::Context) {
        if self.rooms.get(&msg.channel) == Some(&msg.room) {
            self.rooms.remove(&msg.channel);
            metrics::gauge!("realtime_rooms").set(self.rooms.len() as f64);
        }
    }
}
