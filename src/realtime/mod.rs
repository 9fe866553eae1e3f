//! The real-time server: the Centrifuge client protocol v2 (JSON) over
//! WebSocket, built from actix actors.
//!
//! - [`protocol`]: the wire codec.
//! - [`RealtimeHub`]: the handle use-cases use to announce committed
//!   publications for fan-out.

pub mod protocol;

use crate::services::realtime::Staged;

/// Fans committed publications out to subscribers. Cheap to clone.
#[derive(Clone, Default)]
pub struct RealtimeHub {}

impl RealtimeHub {
    pub fn announce(&self, staged: Staged) {
        tracing::trace!(channel = %staged.channel, n = staged.publications.len(), "announce");
    }
}
