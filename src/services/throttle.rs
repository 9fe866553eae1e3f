//! In-memory token buckets per key (a client IP), for endpoints anyone may
//! call without signing in (the QR page of an order).
//!
//! Each key has a bucket of at most `burst` tokens that refills at `per_minute`
//! tokens a minute; a request takes one token or is refused with the time
//! until the next one. Buckets live in this node's memory only: with several
//! nodes each one limits on its own, which is enough to stop a single client
//! from enumerating links (a QR token has 128 random bits; the limit is
//! defence in depth, not what keeps tokens secret).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::domain::rate::TokenBucket;

/// Buckets kept before idle (full) ones are swept, so a flood of distinct
/// addresses cannot grow the map without bound.
const SWEEP_ABOVE: usize = 10_000;

/// Token buckets per client IP.
#[derive(Debug, Default)]
pub struct Throttle {
    /// A std mutex, not an async one: it is held only for a few arithmetic
    /// operations and never across an `.await`.
    buckets: Mutex<HashMap<IpAddr, TokenBucket>>,
}

impl Throttle {
    /// Takes one token for `ip`; `Err(wait)` when the bucket is empty, with
    /// how long until a token is available.
    pub fn take(&self, ip: IpAddr, per_minute: u32, burst: u32) -> Result<(), Duration> {
        self.apply(ip, per_minute, burst, true)
    }

    /// Like [`take`](Self::take) but only checks: nothing is consumed.
    pub fn check(&self, ip: IpAddr, per_minute: u32, burst: u32) -> Result<(), Duration> {
        self.apply(ip, per_minute, burst, false)
    }

    fn apply(
        &self,
        ip: IpAddr,
        per_minute: u32,
        burst: u32,
        consume: bool,
    ) -> Result<(), Duration> {
        let burst = f64::from(burst.max(1));
        let rate = f64::from(per_minute.max(1)) / 60.0;
        let now = Instant::now();
        // Poisoning only follows a panic while holding the lock, which the
        // arithmetic below cannot cause; the map is still consistent then.
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() > SWEEP_ABOVE {
            buckets.retain(|_, b| !b.is_full_at(rate, burst, now));
        }
        buckets
            .entry(ip)
            .or_insert_with(|| TokenBucket::full(burst, now))
            .take(rate, burst, now, consume)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_a_burst_then_refuses_with_the_wait() {
        let t = Throttle::default();
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..3 {
            assert!(t.take(ip, 60, 3).is_ok());
        }
        let wait = t.take(ip, 60, 3).unwrap_err();
        assert!(wait <= Duration::from_secs(1) && wait > Duration::ZERO);
        // Another address has its own bucket.
        assert!(t.take("10.0.0.2".parse().unwrap(), 60, 3).is_ok());
        // Checking consumes nothing.
        let other: IpAddr = "10.0.0.3".parse().unwrap();
        for _ in 0..10 {
            assert!(t.check(other, 60, 1).is_ok());
        }
    }
}
