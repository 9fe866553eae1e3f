//! The one token bucket: at most `burst` tokens, refilled at `rate` tokens a
//! second; an action takes one token or is refused with the wait until the
//! next. Pure arithmetic over instants the caller passes in, so the
//! per-IP throttle of public pages and the per-connection publish limit of
//! the real-time endpoint share one tested implementation.

use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct TokenBucket {
    tokens: f64,
    updated: Instant,
}

impl TokenBucket {
    /// A full bucket.
    pub fn full(burst: f64, now: Instant) -> TokenBucket {
        TokenBucket {
            tokens: burst,
            updated: now,
        }
    }

    /// Refills for the time since the last look (never above `burst`).
    fn refill(&mut self, rate: f64, burst: f64, now: Instant) {
        let refilled = now.saturating_duration_since(self.updated).as_secs_f64() * rate;
        self.tokens = (self.tokens + refilled).min(burst);
        self.updated = now;
    }

    /// Takes one token (or, with `consume` false, only checks there is one);
    /// `Err(wait)` when empty, with how long until a token is available.
    pub fn take(
        &mut self,
        rate: f64,
        burst: f64,
        now: Instant,
        consume: bool,
    ) -> Result<(), Duration> {
        self.refill(rate, burst, now);
        if self.tokens >= 1.0 {
            if consume {
                self.tokens -= 1.0;
            }
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (1.0 - self.tokens) / rate.max(f64::MIN_POSITIVE),
            ))
        }
    }

    /// Whether the bucket would be full at `now` (an idle bucket can be forgotten).
    pub fn is_full_at(&self, rate: f64, burst: f64, now: Instant) -> bool {
        self.tokens + now.saturating_duration_since(self.updated).as_secs_f64() * rate >= burst
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_one_token_per_interval() {
        let start = Instant::now();
        let mut b = TokenBucket::full(2.0, start);
        assert!(b.take(1.0, 2.0, start, true).is_ok());
        assert!(b.take(1.0, 2.0, start, true).is_ok());
        let wait = b.take(1.0, 2.0, start, true).unwrap_err();
        assert_eq!(wait, Duration::from_secs(1));
        assert!(
            b.take(1.0, 2.0, start + Duration::from_secs(1), true)
                .is_ok()
        );
        assert!(
            b.take(1.0, 2.0, start + Duration::from_secs(1), false)
                .is_err()
        );
    }
}
