//! Deciding who may use a channel. (Publishing is done through the unit of
//! work, [`super::uow`].)

use super::{Principal, Services};
use crate::domain::TicketScope;
use crate::domain::channel::Channel;
use crate::error::{AppError, AppResult, ErrorCode};

pub use crate::realtime::Staged;

/// What a connection wants to do in a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelAction {
    Subscribe,
    Publish,
    History,
    Presence,
}

impl Services {
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
            // The desk's streams: office roles (who see every ticket and
            // request) read them; nobody publishes or lists presence.
            Channel::Staff(_) => match who {
                Some(p)
                    if matches!(action, ChannelAction::Subscribe | ChannelAction::History)
                        && TicketScope::for_user(p.user.role, p.user.id, p.user.customer_id)
                            == TicketScope::All =>
                {
                    Ok(())
                }
                _ => Err(AppError::forbidden()),
            },
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
