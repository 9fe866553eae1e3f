//! Publishing to real-time channels from use-cases, and deciding who may use
//! a channel.
//!
//! A use-case that changes state stages its events in the same transaction
//! ([`Services::stage_event`]): the event rows get their channel offsets and
//! commit together with the change, so no event is lost and none describes a
//! change that was rolled back. After commit the use-case calls
//! [`Services::announce`], which hands the publications to the bus for
//! fan-out to every node.

use super::{Principal, Services};
use crate::domain::channel::Channel;
use crate::domain::events::ChannelEvent;
use crate::domain::{Timestamp, UserId};
use crate::error::{AppError, AppResult, Context, ErrorCode};
use crate::store::Conn;
use crate::store::realtime::{NewPublication, StoredPublication};

/// Publications committed (or about to be) in one channel, ready for fan-out.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Staged {
    pub channel: String,
    pub epoch: String,
    pub publications: Vec<StoredPublication>,
}

/// What a connection wants to do in a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelAction {
    Subscribe,
    Publish,
    History,
    Presence,
}

impl Services {
    /// Appends `event` (serialized as JSON) to `channel` inside `tx`.
    pub async fn stage_event(
        &self,
        tx: &mut Conn,
        channel: &Channel,
        event: &ChannelEvent,
        by: Option<UserId>,
    ) -> AppResult<Staged> {
        let data = serde_json::to_string(event).context("serializing an event")?;
        let name = channel.to_string();
        let (epoch, publications) = tx
            .append_publications(
                &name,
                &[NewPublication {
                    data,
                    user_id: by,
                    client_msg_id: None,
                }],
                Timestamp::now(),
            )
            .await?;
        Ok(Staged {
            channel: name,
            epoch,
            publications,
        })
    }

    /// After commit: fans the publications out to subscribers on every node.
    pub fn announce(&self, staged: Staged) {
        self.hub.announce(staged);
    }

    /// Decides whether `who` (None = anonymous QR holder) may `action` in `channel`.
    /// Refusals are `forbidden`; channels that do not exist are `not_found`.
    pub async fn authorize_channel(
        &self,
        who: Option<&Principal>,
        channel: &Channel,
        action: ChannelAction,
    ) -> AppResult<()> {
        match channel {
            Channel::User(id) => match who {
                Some(p) if p.user.id == *id && action != ChannelAction::Publish => Ok(()),
                _ => Err(AppError::forbidden()),
            },
            Channel::Ticket(id) => {
                let who = who.ok_or_else(AppError::forbidden)?;
                if self.may_access_ticket(who, *id).await? {
                    Ok(())
                } else {
                    Err(AppError::forbidden())
                }
            }
            // An order's room: everyone who may see the order, customers
            // included (so nothing internal is ever published there).
            Channel::Order(id) => {
                let who = who.ok_or_else(AppError::forbidden)?;
                if self.may_access_order(who, *id).await? {
                    Ok(())
                } else {
                    Err(AppError::forbidden())
                }
            }
            // The staff-only stream of an order: read-only, no chat.
            Channel::InternalOrder(id) => {
                let who = who.ok_or_else(AppError::forbidden)?;
                if action != ChannelAction::Publish
                    && who.user.role.is_staff()
                    && self.may_access_order(who, *id).await?
                {
                    Ok(())
                } else {
                    Err(AppError::forbidden())
                }
            }
            // The QR page: anyone, even anonymous, may read the public
            // timeline of an active order whose current token this is; a
            // rotated token no longer names a channel. Nobody publishes or
            // sees who else is watching.
            Channel::PublicOrder(token) => match action {
                ChannelAction::Subscribe | ChannelAction::History => {
                    if self.public_order_exists(token).await? {
                        Ok(())
                    } else {
                        Err(AppError::new(ErrorCode::NotFound, "no such channel"))
                    }
                }
                ChannelAction::Publish | ChannelAction::Presence => Err(AppError::forbidden()),
            },
        }
    }
}
