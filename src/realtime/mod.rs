//! The real-time server: the Centrifuge client protocol v2 (JSON) over
//! WebSocket. So far only the wire codec ([`protocol`]) is here; the session,
//! room and registry actors and the bus follow.

pub mod protocol;
