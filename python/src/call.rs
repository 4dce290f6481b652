//! `Call`: the library's state of one call across its requests and status queries
//! (`qiwi_errors::retry::Call`), which the httpx transport keeps for every call.

use crate::convert::{member, outcome_name, Vocabulary};
use crate::errors::bad_argument;
use crate::errors::parse_api;
use crate::judgment::{duration, PyJudgment};
use pyo3::prelude::*;
use qiwi_errors::retry::{self, Outcome, StatusAnswer};
use std::time::Duration;

/// What one call leaves open across its requests and status queries: whether an earlier
/// request may have gone through with no status query settling it, when a status query's
/// "not found" may be believed (`settle_delay` seconds after the last request that may still
/// be in flight; ours, 60 s by default, not a QIWI figure), when the status may next be queried
/// (the API's documented interval, or a longer `status_interval`), and so the call's honest
/// outcome: `FAILED` only when the last answer is definite and nothing is left open.
///
/// Time is the call's own clock in seconds (`now`), as given to `RetryPolicy.judge`.
#[pyclass(module = "qiwi_errors", name = "Call")]
pub(crate) struct PyCall {
    pub(crate) call: retry::Call,
}

fn seconds(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn parse_outcome(py: Python<'_>, name: &str) -> PyResult<Outcome> {
    [Outcome::Succeeded, Outcome::Failed, Outcome::Unknown]
        .into_iter()
        .find(|o| outcome_name(*o) == name)
        .ok_or_else(|| {
            bad_argument(
                py,
                format!("unknown outcome {name:?}: succeeded, failed or unknown"),
            )
        })
}

fn parse_status(py: Python<'_>, name: &str) -> PyResult<StatusAnswer> {
    match name {
        "through" => Ok(StatusAnswer::Through),
        "not-through" => Ok(StatusAnswer::NotThrough),
        "not-found" => Ok(StatusAnswer::NotFound),
        "unknown" => Ok(StatusAnswer::Unknown),
        _ => Err(bad_argument(
            py,
            format!("unknown status answer {name:?}: through, not-through, not-found or unknown"),
        )),
    }
}

fn outcome_obj(py: Python<'_>, outcome: Outcome) -> PyResult<Py<PyAny>> {
    member(py, Vocabulary::Outcome, &outcome_name(outcome))
}

#[pymethods]
impl PyCall {
    #[new]
    #[pyo3(signature = (api = None, *, settle_delay = None, status_interval = None))]
    fn new(
        py: Python<'_>,
        api: Option<String>,
        settle_delay: Option<f64>,
        status_interval: Option<f64>,
    ) -> PyResult<Self> {
        let mut call = match api {
            Some(api) => retry::Call::for_api(parse_api(py, &api)?),
            None => retry::Call::new(),
        };
        if let Some(s) = settle_delay {
            call = call.settle_delay(duration(py, "settle_delay", s)?);
        }
        if let Some(s) = status_interval {
            call = call.status_interval(duration(py, "status_interval", s)?);
        }
        Ok(PyCall { call })
    }

    /// Records one request's judged answer at `now`: an `UNKNOWN` outcome leaves the request
    /// unresolved, and one that may still be in flight (`judgment.may_be_in_flight`) starts
    /// the settle delay.
    fn record(
        &mut self,
        py: Python<'_>,
        judgment: PyRef<'_, PyJudgment>,
        now: f64,
    ) -> PyResult<()> {
        let now = duration(py, "now", now)?;
        self.call
            .record(judgment.judgment.outcome, judgment.in_flight, now);
        Ok(())
    }

    /// Records that the status was queried at `now`.
    fn record_query(&mut self, py: Python<'_>, now: f64) -> PyResult<()> {
        self.call.record_query(duration(py, "now", now)?);
        Ok(())
    }

    /// Records what a status query answered at `now` (`"through"`, `"not-through"`,
    /// `"not-found"` or `"unknown"`) and returns what it settles: `Outcome.SUCCEEDED`,
    /// `Outcome.FAILED`, or `None` when nothing (the status could not tell, or "not found"
    /// came while a request may still be in flight: ask again at `not_found_trusted_at`).
    fn record_status(
        &mut self,
        py: Python<'_>,
        answer: &str,
        now: f64,
    ) -> PyResult<Option<Py<PyAny>>> {
        let answer = parse_status(py, answer)?;
        let now = duration(py, "now", now)?;
        self.call
            .record_status(answer, now)
            .map(|o| outcome_obj(py, o))
            .transpose()
    }

    /// Whether a request of this call may have gone through with no status query settling it.
    #[getter]
    fn unresolved(&self) -> bool {
        self.call.is_unresolved()
    }

    /// When (seconds on the call's clock) a "not found" may be believed; `None`: at once.
    #[getter]
    fn not_found_trusted_at(&self) -> Option<f64> {
        self.call.not_found_trusted_at().map(seconds)
    }

    /// Whether a "not found" at `now` may be believed.
    fn trusts_not_found(&self, py: Python<'_>, now: f64) -> PyResult<bool> {
        Ok(self.call.trusts_not_found(duration(py, "now", now)?))
    }

    /// The earliest time, `now` or later, the status may be queried.
    fn next_query_at(&self, py: Python<'_>, now: f64) -> PyResult<f64> {
        Ok(seconds(self.call.next_query_at(duration(py, "now", now)?)))
    }

    /// Seconds from `now` until the status may be queried.
    fn query_status_in(&self, py: Python<'_>, now: f64) -> PyResult<f64> {
        Ok(seconds(
            self.call.query_status_in(duration(py, "now", now)?),
        ))
    }

    /// The call's honest outcome when it ends on an answer judged `last`: `FAILED` only if
    /// `last` is and no earlier request is unresolved; `UNKNOWN` in its place otherwise.
    fn outcome(&self, py: Python<'_>, last: &str) -> PyResult<Py<PyAny>> {
        let last = parse_outcome(py, last)?;
        outcome_obj(py, self.call.outcome(last))
    }

    /// The settle delay in use, in seconds.
    #[getter]
    fn settle_delay(&self) -> f64 {
        seconds(self.call.settle_delay_of())
    }

    /// The least interval between two status queries in use, in seconds.
    #[getter]
    fn status_interval(&self) -> f64 {
        seconds(self.call.status_interval_of())
    }

    fn __repr__(&self) -> String {
        format!(
            "Call(unresolved={}, settle_delay={}, status_interval={})",
            if self.call.is_unresolved() {
                "True"
            } else {
                "False"
            },
            self.settle_delay(),
            self.status_interval()
        )
    }
}
