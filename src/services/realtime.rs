//! Deciding who may use a channel, and the application as the real-time
//! engine sees it ([`RealtimeApp`], implemented here so `src/realtime/` never
//! imports the services). Publishing is done through the unit of work,
//! [`super::uow`].

use super::{Principal, Services};
use crate::domain::channel::{Channel, StaffFeed};
use crate::domain::events::ChatPost;
use crate::domain::{Permission, TicketScope};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::realtime::app::{AppFuture, RealtimeApp, Viewer};
use crate::store::realtime::{ChannelPosition, StoredPublication};

pub use crate::realtime::Staged;
pub use crate::realtime::app::ChannelAction;

impl From<Principal> for Viewer {
    fn from(p: Principal) -> Viewer {
        Viewer::new(p.user.id, p.actor(), p.expires_at, p)
    }
}

/// The caller behind a viewer (every viewer the engine holds came from
/// [`RealtimeApp::authenticate`] or the session cookie, so it is there).
fn principal(viewer: &Viewer) -> AppResult<&Principal> {
    viewer
        .credentials::<Principal>()
        .ok_or_else(AppError::unauthenticated)
}

impl RealtimeApp for Services {
    fn authenticate<'a>(&'a self, token: &'a str) -> AppFuture<'a, Option<Viewer>> {
        Box::pin(async move { Ok(Services::authenticate(self, token).await?.map(Viewer::from)) })
    }

    fn token_expired<'a>(&'a self, token: &'a str) -> AppFuture<'a, bool> {
        Box::pin(Services::token_expired(self, token))
    }

    fn authorize<'a>(
        &'a self,
        who: Option<&'a Viewer>,
        channel: &'a Channel,
        action: ChannelAction,
    ) -> AppFuture<'a, ()> {
        Box::pin(async move {
            let who = who.map(principal).transpose()?;
            self.authorize_channel(who, channel, action).await
        })
    }

    fn post_chat<'a>(
        &'a self,
        who: &'a Viewer,
        channel: &'a Channel,
        post: ChatPost,
    ) -> AppFuture<'a, StoredPublication> {
        Box::pin(async move { Services::post_chat(self, principal(who)?, channel, post).await })
    }

    fn history<'a>(
        &'a self,
        who: Option<&'a Viewer>,
        channel: &'a Channel,
        since: Option<i64>,
        limit: i64,
        reverse: bool,
    ) -> AppFuture<'a, (ChannelPosition, Vec<StoredPublication>)> {
        Box::pin(async move {
            let who = who.map(principal).transpose()?;
            self.channel_history(who, channel, since, limit, reverse)
                .await
        })
    }

    fn mark_read<'a>(
        &'a self,
        who: &'a Viewer,
        channel: &'a Channel,
        offset: i64,
    ) -> AppFuture<'a, ()> {
        Box::pin(async move { Services::mark_read(self, principal(who)?, channel, offset).await })
    }

    fn channel_position<'a>(&'a self, channel: &'a str) -> AppFuture<'a, ChannelPosition> {
        Box::pin(async move {
            let mut conn = self.store.conn().await?;
            Ok(conn.ensure_channel(channel).await?)
        })
    }

    fn publications_after<'a>(
        &'a self,
        channel: &'a str,
        after: i64,
        limit: i64,
    ) -> AppFuture<'a, Vec<StoredPublication>> {
        Box::pin(async move {
            let mut conn = self.store.conn().await?;
            Ok(conn.publications_after(channel, after, limit).await?)
        })
    }
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
            // A person's pipeline board: that seller or office user only,
            // read-only.
            Channel::Crm(id) => match who {
                Some(p)
                    if p.user.id == *id
                        && matches!(action, ChannelAction::Subscribe | ChannelAction::History)
                        && p.user.role.allows(Permission::UseCrm) =>
                {
                    Ok(())
                }
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
            // The stock stream: whoever may see availability (staff, not
            // customers) reads it; nobody publishes or lists presence.
            Channel::Staff(StaffFeed::Stock) => match who {
                Some(p)
                    if matches!(action, ChannelAction::Subscribe | ChannelAction::History)
                        && p.user.role.allows(crate::domain::Permission::ReadStock) =>
                {
                    Ok(())
                }
                _ => Err(AppError::forbidden()),
            },
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
            // A customer's account (invoices, statement): read-only, for
            // whoever may see the customer (office, the owning seller, the
            // customer's own contacts); technicians see no billing.
            Channel::Account(customer) => match who {
                Some(p) if matches!(action, ChannelAction::Subscribe | ChannelAction::History) => {
                    if self.may_see_account(p, *customer).await? {
                        Ok(())
                    } else {
                        Err(AppError::forbidden())
                    }
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
