//! The unit of work: the one way a use-case that changes something ends.
//!
//! A use-case opens it with [`Services::begin`], makes its changes through
//! it (it dereferences to the transaction's [`Conn`], so every store method
//! is available), stages what it must tell — channel events with
//! [`UnitOfWork::publish`], notifications with [`UnitOfWork::notify`] — and
//! ends with [`UnitOfWork::commit`], which commits the transaction and only
//! then announces the staged events to every node and wakes the outbox
//! worker if notification rows were written.
//!
//! Why: events staged in the transaction get their channel offsets and
//! commit together with the change (none is lost, none describes a change
//! that was rolled back), and the after-commit step is no longer hand-written
//! in each use-case, so "forgot to announce" or "forgot to wake the outbox"
//! cannot happen: staging is only possible through a unit of work, and its
//! commit does both. Dropped without `commit` (an error, an early return),
//! it rolls back and announces nothing.
//!
//! ```ignore
//! let mut uow = self.begin().await?;
//! let invoice = uow.insert_invoice(&new).await?;           // any store method
//! uow.publish(&Channel::Order(order), ChannelEvent::InvoiceIssued(InvoiceIssued {
//!     invoice: invoice.clone(),
//!     by: who.actor(),
//! }), Some(who.user.id)).await?;
//! uow.notify_customer(customer, NotificationKind::InvoiceIssued, &key,
//!     SubjectType::Invoice, invoice.id.to_string(), |name| Message::…).await?;
//! uow.commit().await?;                                       // then announced, outbox woken
//! ```

use std::ops::{Deref, DerefMut};

use super::Services;
use super::notifications::Notify;
use crate::domain::channel::Channel;
use crate::domain::events::ChannelEvent;
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::{CustomerId, Timestamp, UserId};
use crate::error::{AppResult, Context};
use crate::notify::templates::Message;
use crate::realtime::Staged;
use crate::store::Conn;
use crate::store::realtime::{NewPublication, StoredPublication};

/// A transaction plus what to announce after it commits.
pub struct UnitOfWork<'s> {
    services: &'s Services,
    tx: Conn,
    /// Publications staged in `tx`, in the order they are announced.
    staged: Vec<Staged>,
    /// Whether `tx` wrote rows the outbox worker delivers.
    outbox: bool,
}

impl Services {
    /// Opens a unit of work (a transaction) for a use-case.
    pub async fn begin(&self) -> AppResult<UnitOfWork<'_>> {
        Ok(UnitOfWork {
            services: self,
            tx: self.store.begin().await?,
            staged: Vec::new(),
            outbox: false,
        })
    }
}

impl Deref for UnitOfWork<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.tx
    }
}

impl DerefMut for UnitOfWork<'_> {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.tx
    }
}

impl UnitOfWork<'_> {
    /// The transaction, for helpers that take a `&mut Conn`.
    pub fn tx(&mut self) -> &mut Conn {
        &mut self.tx
    }

    /// Appends `event` to `channel` in the transaction; it is announced
    /// after commit. `by`: the user who caused it (`None` on channels anyone
    /// may read, such as the QR page).
    pub async fn publish(
        &mut self,
        channel: &Channel,
        event: ChannelEvent,
        by: Option<UserId>,
    ) -> AppResult<()> {
        let data = serde_json::to_string(&event).context("serializing an event")?;
        self.publish_raw(
            &channel.to_string(),
            vec![NewPublication {
                data,
                user_id: by,
                client_msg_id: None,
            }],
            Timestamp::now(),
        )
        .await?;
        Ok(())
    }

    /// Appends already serialized publications (a batch of chat messages)
    /// to the channel named `name`; returns them with their offsets.
    pub(crate) async fn publish_raw(
        &mut self,
        name: &str,
        new: Vec<NewPublication>,
        now: Timestamp,
    ) -> AppResult<Vec<StoredPublication>> {
        let (epoch, publications) = self.tx.append_publications(name, &new, now).await?;
        self.staged.push(Staged {
            channel: name.to_string(),
            epoch,
            publications: publications.clone(),
        });
        Ok(publications)
    }

    /// Enqueues one notification in the transaction (see [`Services::notify`]).
    pub async fn notify(&mut self, n: Notify<'_>) -> AppResult<()> {
        let services = self.services;
        services.notify(self, n).await
    }

    /// Notifies every portal account of `customer` (see
    /// [`Services::notify_customer`]).
    pub async fn notify_customer(
        &mut self,
        customer: CustomerId,
        kind: NotificationKind,
        key: &str,
        subject_type: SubjectType,
        subject_id: String,
        message: impl Fn(&str) -> Message,
    ) -> AppResult<()> {
        let services = self.services;
        services
            .notify_customer(self, customer, kind, key, subject_type, subject_id, message)
            .await
    }

    /// [`UnitOfWork::notify_customer`] with files on every e-mail (see
    /// [`Services::notify_customer_attaching`]).
    #[allow(clippy::too_many_arguments)]
    pub async fn notify_customer_attaching(
        &mut self,
        customer: CustomerId,
        kind: NotificationKind,
        key: &str,
        subject_type: SubjectType,
        subject_id: String,
        attachments: &[crate::notify::mail::EmailAttachment],
        message: impl Fn(&str) -> Message,
    ) -> AppResult<()> {
        let services = self.services;
        services
            .notify_customer_attaching(
                self,
                customer,
                kind,
                key,
                subject_type,
                subject_id,
                attachments,
                message,
            )
            .await
    }

    /// Records that the transaction wrote rows the outbox worker delivers
    /// (notifications, scheduled surveys), so commit wakes it.
    pub fn wake_outbox(&mut self) {
        self.outbox = true;
    }

    /// Commits, then announces every staged event (in staging order) to all
    /// nodes and wakes the outbox worker if it has new work.
    pub async fn commit(self) -> AppResult<()> {
        self.tx.commit().await?;
        for staged in self.staged {
            self.services.hub.announce(staged);
        }
        if self.outbox {
            self.services.outbox_kick.notify_one();
        }
        Ok(())
    }
}
