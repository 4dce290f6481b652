//! Caps that survive between calls: a capped decline's budget kept per card or per recipient,
//! so that a later call (a new operation for the same card) does not reattempt past it.

use qiwi_errors::{Entry, Retry};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// What a capped decline's budget is kept under: a card, a recipient, any key the application
/// chooses for "the same data" in the payment system's sense. Attach it to a request with
/// `with_extension`; without one, caps hold only inside one call.
///
/// # Examples
///
/// ```
/// use qiwi_errors_reqwest::CapKey;
///
/// assert_eq!(CapKey::new("card:4111…1111").as_str(), "card:4111…1111");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CapKey(pub String);

impl CapKey {
    /// A key.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::CapKey;
    ///
    /// assert_eq!(CapKey::new("r-1").0, "r-1");
    /// ```
    pub fn new(key: impl Into<String>) -> Self {
        CapKey(key.into())
    }

    /// The key as text.
    ///
    /// # Examples
    ///
    /// ```
    /// use qiwi_errors_reqwest::CapKey;
    ///
    /// assert_eq!(CapKey::new("x").as_str(), "x");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A cap in force for a key: how many more attempts its window allows, and until when.
///
/// # Examples
///
/// ```
/// use qiwi_errors_reqwest::CapState;
/// use std::time::{Duration, SystemTime};
///
/// let entry = qiwi_errors::lookup(qiwi_errors::Family::PsError, "51").unwrap();
/// let s = CapState { remaining: 0, until: SystemTime::UNIX_EPOCH + Duration::from_secs(86_400), from: entry };
/// assert!(s.is_spent());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CapState {
    /// Attempts the window still allows.
    pub remaining: u32,
    /// When the window closes.
    pub until: SystemTime,
    /// The capped code the budget comes from.
    pub from: Entry,
}

impl CapState {
    /// No attempt is left in the window.
    ///
    /// # Examples
    ///
    /// ```
    /// # use qiwi_errors_reqwest::CapState;
    /// # use std::time::SystemTime;
    /// let entry = qiwi_errors::lookup(qiwi_errors::Family::PsError, "51").unwrap();
    /// assert!(!CapState { remaining: 1, until: SystemTime::UNIX_EPOCH, from: entry }.is_spent());
    /// ```
    pub fn is_spent(&self) -> bool {
        self.remaining == 0
    }
}

/// Where capped declines are kept between calls. [`MemoryCapLedger`] keeps them in the
/// process; an application with several processes keeps them in its database.
///
/// The middleware calls [`decline`](Self::decline) when an answer carries a capped code (the
/// library's [`Entry::cap`], a reason's inherited cap included), [`state`](Self::state) before
/// every request it sends (the first of a call too: a new operation for the same card is a
/// reattempt with the same data) and [`attempt`](Self::attempt) when it sends one inside an
/// open window. Times are wall-clock times.
///
/// # Examples
///
/// ```
/// use qiwi_errors_reqwest::{CapKey, CapLedger, MemoryCapLedger};
/// use std::time::{Duration, SystemTime};
///
/// let ledger = MemoryCapLedger::default();
/// let card = CapKey::new("card-1");
/// let entry = qiwi_errors::lookup(qiwi_errors::Family::PsError, "51").unwrap();
/// let t = SystemTime::UNIX_EPOCH;
/// ledger.decline(&card, entry, 1, Duration::from_secs(86_400), t);
/// assert_eq!(ledger.state(&card, t).unwrap().remaining, 1);
/// ledger.attempt(&card, t + Duration::from_secs(300));
/// assert!(ledger.state(&card, t + Duration::from_secs(600)).unwrap().is_spent());
/// assert!(ledger.state(&card, t + Duration::from_secs(86_400)).is_none(), "the window closed");
/// ```
pub trait CapLedger: Send + Sync + 'static {
    /// A capped decline for `key` at `at`: opens a window of `max` attempts over `window`
    /// unless one is open (a decline inside an open window does not reopen it).
    fn decline(&self, key: &CapKey, from: Entry, max: u32, window: Duration, at: SystemTime);
    /// The cap in force for `key` at `at`; `None` when no window is open.
    fn state(&self, key: &CapKey, at: SystemTime) -> Option<CapState>;
    /// An attempt for `key` is sent at `at`: it counts against an open window.
    fn attempt(&self, key: &CapKey, at: SystemTime);
}

/// The in-memory [`CapLedger`]: one process's memory, lost on restart.
///
/// # Examples
///
/// ```
/// use qiwi_errors_reqwest::{Api, MemoryCapLedger, QiwiRetry};
/// use std::sync::Arc;
///
/// let ledger = Arc::new(MemoryCapLedger::default());
/// let _retry = QiwiRetry::new(Api::payment_protocol()).cap_ledger(ledger);
/// ```
#[derive(Debug, Default)]
pub struct MemoryCapLedger {
    windows: Mutex<HashMap<CapKey, Window>>,
}

#[derive(Clone, Copy, Debug)]
struct Window {
    from: Entry,
    max: u32,
    since: SystemTime,
    window: Duration,
    used: u32,
}

impl Window {
    fn open_at(&self, at: SystemTime) -> bool {
        at < self.since + self.window
    }
}

impl CapLedger for MemoryCapLedger {
    fn decline(&self, key: &CapKey, from: Entry, max: u32, window: Duration, at: SystemTime) {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        match windows.get_mut(key) {
            Some(w) if w.open_at(at) => {
                // The stricter budget holds if two capped codes meet.
                w.max = w.max.min(max);
            }
            _ => {
                windows.insert(
                    key.clone(),
                    Window {
                        from,
                        max,
                        since: at,
                        window,
                        used: 0,
                    },
                );
            }
        }
    }

    fn state(&self, key: &CapKey, at: SystemTime) -> Option<CapState> {
        let windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let w = windows.get(key).filter(|w| w.open_at(at))?;
        Some(CapState {
            remaining: w.max.saturating_sub(w.used),
            until: w.since + w.window,
            from: w.from,
        })
    }

    fn attempt(&self, key: &CapKey, at: SystemTime) {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(w) = windows.get_mut(key).filter(|w| w.open_at(at)) {
            w.used = w.used.saturating_add(1);
        }
    }
}

/// The per-window caps of the codes a failure carries (its own and the paired one).
pub(crate) fn caps_of(
    failure: &qiwi_errors::retry::Failure,
) -> impl Iterator<Item = (Entry, u32, Duration)> {
    [failure.entry, failure.paired]
        .into_iter()
        .flatten()
        .filter_map(Entry::cap)
        .filter_map(|(retry, from)| match retry {
            Retry::Limited {
                max,
                window_seconds,
            } => Some((from, max, Duration::from_secs(u64::from(window_seconds)))),
            _ => None,
        })
}
