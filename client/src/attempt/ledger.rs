//! The cap ledger kept between calls: a request it forbids is not sent, a decline it counts
//! is recorded, and a repeat it would forbid becomes `Never`.

use super::Run;
use crate::caps::caps_of;
use crate::middleware::QiwiRetry;
use qiwi_errors::retry::{Judgment, RetryAction, RetryDecision};
use std::time::SystemTime;
use tokio::time::Instant;

impl QiwiRetry {
    /// The wall-clock time of `now` on the call's clock (tokio's, so that a paused clock moves
    /// the cap windows too).
    pub(super) fn wall(&self) -> SystemTime {
        let (wall, at) = *self
            .anchor
            .get_or_init(|| (SystemTime::now(), Instant::now()));
        wall + at.elapsed()
    }

    /// A repeat the cap ledger forbids becomes `Never`.
    pub(super) fn hold_to_ledger(&self, call: &Run, decision: RetryDecision) -> RetryDecision {
        let (Some(ledger), Some(key)) = (&self.caps, &call.key) else {
            return decision;
        };
        if !decision.action.is_retry() {
            return decision;
        }
        match ledger.state(key, self.wall()) {
            Some(state) if state.is_spent() => RetryDecision {
                action: RetryAction::Never,
                reason: format!(
                    "{}; but {} allows no more attempts for this card or recipient until the window closes ({} s from now): no more attempts in this window",
                    decision.reason,
                    state.from.label(),
                    state.until.duration_since(self.wall()).unwrap_or_default().as_secs()
                ),
                ..decision
            },
            _ => decision,
        }
    }

    /// Whether the cap ledger lets a request go; counts it if so.
    pub(super) fn take_cap(&self, call: &Run) -> Result<(), String> {
        let (Some(ledger), Some(key)) = (&self.caps, &call.key) else {
            return Ok(());
        };
        let now = self.wall();
        if let Some(state) = ledger.state(key, now) {
            if state.is_spent() {
                return Err(format!(
                    "{}: the attempts allowed for this card or recipient within the window are spent; no more attempts in this window ({} s left)",
                    state.from.label(),
                    state.until.duration_since(now).unwrap_or_default().as_secs()
                ));
            }
        }
        ledger.attempt(key, now);
        Ok(())
    }

    pub(super) fn record_caps(&self, call: &Run, judgment: &Judgment) {
        let (Some(ledger), Some(key), Some(failure)) = (&self.caps, &call.key, &judgment.failure)
        else {
            return;
        };
        for (from, max, window) in caps_of(failure) {
            ledger.decline(key, from, max, window, self.wall());
        }
    }
}
