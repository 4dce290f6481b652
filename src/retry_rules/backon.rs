//! The adapter for backon's async retries.

use super::failure::Failure;
use super::policy::RetryPolicy;
use std::time::Duration;

impl RetryPolicy {
    /// Turns the policy into an `adjust` function for [backon](https://docs.rs/backon)'s async
    /// retries, so that backon drives the loop and this policy decides each delay.
    ///
    /// `failure_of` reads a [`Failure`] from the caller's error. The returned closure answers
    /// backon's question after every failed attempt: `Some(delay)` to repeat (`Now` or
    /// `After`), `None` to stop and hand the error back (never, check the status first, or wait
    /// for the user). backon's own backoff suggestion is ignored: the documented delays and
    /// budgets win. Time is measured from the call to this method.
    ///
    /// # Examples
    ///
    /// ```
    /// use backon::{ConstantBuilder, Retryable};
    /// use qiwi_errors::retry::{Failure, RetryPolicy};
    /// use qiwi_errors::Family;
    /// use std::sync::atomic::{AtomicU32, Ordering};
    ///
    /// let calls = AtomicU32::new(0);
    /// let pay = || async {
    ///     match calls.fetch_add(1, Ordering::SeqCst) {
    ///         // "retry in a minute", then a final decline
    ///         0 => Err(Failure::code(Family::XmlRequestResult, "13")),
    ///         _ => Err::<(), _>(Failure::code(Family::PsError, "04")),
    ///     }
    /// };
    /// let result = pollster::block_on(
    ///     pay.retry(ConstantBuilder::default())
    ///         .sleep(|_delay| std::future::ready(())) // use tokio::time::sleep in real code
    ///         .adjust(RetryPolicy::new().backon_adjust(|f: &Failure| *f)),
    /// );
    /// assert_eq!(result.unwrap_err().entry.unwrap().code(), "04");
    /// assert_eq!(calls.load(Ordering::SeqCst), 2, "13 was repeated once, 04 never");
    /// ```
    pub fn backon_adjust<E>(
        mut self,
        failure_of: impl Fn(&E) -> Failure,
    ) -> impl FnMut(&E, Option<Duration>) -> Option<Duration> {
        let start = std::time::Instant::now();
        move |error, _suggested| {
            self.decide(&failure_of(error), start.elapsed())
                .action
                .delay()
        }
    }
}
