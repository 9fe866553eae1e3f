//! Publishing to real-time channels from use-cases, and deciding who may use
//! a channel.
//!
//! A use-case that changes state stages its events in the same transaction
//! ([`Services::stage_event`]): the event rows get their channel offsets and
//! commit together with the change, so no event is lost and none describes a
//! change that was rolled back. After commit the use-case calls
//! [`Services::announce`], which hands the publications to the bus for
//! fan-out to every node.

use serde::Serialize;

use super::{Principal, Services};
use crate::domain::channel::Channel;
use crate::domain::{Role, Timestamp, UserId};
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
        event: &impl Serialize,
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
            // Service orders and their QR channels arrive with the orders work.
            Channel::Order(_) | Channel::PublicOrder(_) => {
                let _ = Role::Master;
                Err(AppError::new(ErrorCode::NotFound, "no such channel"))
            }
        }
    }
}
