//! `Judgment` and `RetryPolicy`: the library's one retry judgment, for one answer and for an
//! operation's answers.

use crate::convert::{action_name, member, outcome_name, py_str, to_py, Vocabulary};
use crate::diagnosis::{decision_obj, PyDecision, PyDiagnosis};
use crate::entry::opt_entry;
use crate::entry::PyEntry;
use crate::errors::bad_argument;
use crate::errors::{parse_api, parse_lang};
use pyo3::prelude::*;
use qiwi_errors::retry::{self, Outcome, Reply, RetryConfig};
use qiwi_errors::Lang;
use std::time::{Duration, Instant, SystemTime};

/// One answer judged by the library's one retry judgment: what it means for the operation
/// (`outcome`), the failure it reports, and what to do next (`decision`).
#[pyclass(frozen, module = "qiwi_errors", name = "Judgment")]
pub(crate) struct PyJudgment {
    pub(crate) judgment: retry::Judgment,
    pub(crate) lang: Lang,
    /// Read from the answer, which the judgment does not keep ([`retry::Reply::may_be_in_flight`]).
    pub(crate) in_flight: bool,
}

#[pymethods]
impl PyJudgment {
    /// An `Outcome` member: `SUCCEEDED`, `FAILED` (a definite statement that the operation did
    /// not go through) or `UNKNOWN` (it may have gone through: query its status).
    #[getter]
    fn outcome(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        member(
            py,
            Vocabulary::Outcome,
            &outcome_name(self.judgment.outcome),
        )
    }
    /// `True` when the outcome is `UNKNOWN`: never treat the operation as declined.
    #[getter]
    fn may_have_gone_through(&self) -> bool {
        self.judgment.outcome == Outcome::Unknown
    }
    /// `True` when the request may still be on its way behind this answer (nothing came back,
    /// the body was cut off, a proxy answered in the API's place): what `Call.record` reads.
    #[getter]
    fn may_be_in_flight(&self) -> bool {
        self.in_flight
    }
    /// What to do next; `None` when nothing failed.
    #[getter]
    fn decision(&self, py: Python<'_>) -> PyResult<Option<Py<PyDecision>>> {
        decision_obj(py, &self.judgment.decision)
    }
    /// The decision's action (an `Action` member), `None` when nothing failed.
    #[getter]
    fn action(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.judgment
            .decision
            .as_ref()
            .map(|d| member(py, Vocabulary::Action, action_name(d.action)))
            .transpose()
    }
    /// The failure's main entry (the most specific code), when known.
    #[getter]
    fn entry(&self, py: Python<'_>) -> PyResult<Option<Py<PyEntry>>> {
        opt_entry(
            py,
            self.judgment.failure.as_ref().and_then(|f| f.entry),
            self.lang,
        )
    }
    /// The code the main one came with (a psErrorCode's reasonCode), when known.
    #[getter]
    fn paired(&self, py: Python<'_>) -> PyResult<Option<Py<PyEntry>>> {
        opt_entry(
            py,
            self.judgment.failure.as_ref().and_then(|f| f.paired),
            self.lang,
        )
    }
    /// The diagnosis of the body, when there was one that could be read.
    #[getter]
    fn diagnosis(&self, py: Python<'_>) -> PyResult<Option<Py<PyDiagnosis>>> {
        self.judgment
            .diagnosis
            .as_ref()
            .map(|d| {
                Py::new(
                    py,
                    PyDiagnosis {
                        diagnosis: d.clone(),
                        lang: self.lang,
                    },
                )
            })
            .transpose()
    }
    /// The wait the answer asked for with `Retry-After`, in seconds.
    #[getter]
    fn retry_after(&self) -> Option<f64> {
        self.judgment.retry_after.map(|d| d.as_secs_f64())
    }
    /// The failure as the library reads it (plain data), `None` when nothing failed.
    #[getter]
    fn failure(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.judgment.failure)
    }
    /// Every field as plain data.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.judgment)
    }
    fn __repr__(&self) -> String {
        let j = &self.judgment;
        format!(
            "Judgment(outcome={}, action={}, entry={})",
            py_str(&outcome_name(j.outcome)),
            j.decision
                .as_ref()
                .map_or_else(|| "None".to_string(), |d| py_str(action_name(d.action))),
            j.failure
                .as_ref()
                .and_then(|f| f.entry)
                .map_or_else(|| "None".to_string(), |e| py_str(&e.key()))
        )
    }
    fn __str__(&self) -> String {
        let j = &self.judgment;
        match &j.decision {
            Some(d) => format!(
                "{}: {}: {}",
                outcome_name(j.outcome),
                action_name(d.action),
                d.reason
            ),
            None => outcome_name(j.outcome),
        }
    }
    fn __eq__(&self, other: PyRef<'_, PyJudgment>) -> bool {
        self.judgment == other.judgment && self.lang == other.lang
    }
}

/// The body as text: `str` as it is, `bytes` decoded as UTF-8 (undecodable bytes replaced).
pub(crate) fn body_text(body: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(bytes) = body.cast::<pyo3::types::PyBytes>() {
        return Ok(String::from_utf8_lossy(bytes.as_bytes()).into_owned());
    }
    if body.is_none() {
        return Ok(String::new());
    }
    body.extract::<String>()
}

/// `Retry-After` as the header's text: a `str` as it is, a number of seconds written out.
pub(crate) fn retry_after_text(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = value.extract::<String>() {
        return Ok(text);
    }
    if let Ok(seconds) = value.extract::<u64>() {
        return Ok(seconds.to_string());
    }
    match value.extract::<f64>() {
        Ok(seconds) if seconds.is_finite() && seconds >= 0.0 => {
            Ok(format!("{}", seconds.ceil() as u64))
        }
        _ => Err(bad_argument(
            py,
            "retry_after must be the header's text or a number of seconds".into(),
        )),
    }
}

pub(crate) fn duration(py: Python<'_>, what: &str, seconds: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(seconds).map_err(|_| {
        bad_argument(
            py,
            format!("{what} must be a finite number of seconds, 0 or more; got {seconds}"),
        )
    })
}

/// Reads one answer into the library's `Reply` and judges it with `policy`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn judge_with(
    py: Python<'_>,
    policy: &mut retry::RetryPolicy,
    status: Option<u16>,
    body: &Bound<'_, PyAny>,
    api: Option<&str>,
    retry_after: Option<&Bound<'_, PyAny>>,
    truncated: bool,
    now: Duration,
    lang: Lang,
) -> PyResult<PyJudgment> {
    let text = body_text(body)?;
    let mut reply = match status {
        Some(status) => Reply::new(status, &text),
        None => Reply::none(),
    };
    if let Some(api) = api {
        reply = reply.api(parse_api(py, api)?);
    }
    if let Some(value) = retry_after.filter(|v| !v.is_none()) {
        reply = reply.retry_after(&retry_after_text(py, value)?, SystemTime::now());
    }
    if truncated {
        reply = reply.truncated();
    }
    let judgment = policy.judge(&reply, now);
    Ok(PyJudgment {
        in_flight: reply.may_be_in_flight(&judgment),
        judgment,
        lang,
    })
}

/// The retry state of one operation (one payment, one payout): keep one per operation and
/// ask it after every answer with `judge(...)`; after a status check that found no such
/// operation, ask `repeat_after_check()` before sending the request again.
///
/// Time is the operation's own clock in seconds (`now`); by default, seconds since the policy
/// was made. Limits beyond the documented ones: `max_attempts` (the first included),
/// `base_backoff` and `max_backoff` (seconds, for 429/423), `later` (seconds, qiwi-errors'
/// wait where the documentation says "later"), and `trust_idempotence` (set it to `False`
/// when you have a status probe: then a request that may have been processed is never
/// repeated before the status says it was not).
#[pyclass(module = "qiwi_errors", name = "RetryPolicy")]
pub(crate) struct PyRetryPolicy {
    pub(crate) policy: retry::RetryPolicy,
    pub(crate) start: Instant,
}

impl PyRetryPolicy {
    fn now(&self, py: Python<'_>, now: Option<f64>) -> PyResult<Duration> {
        match now {
            Some(seconds) => duration(py, "now", seconds),
            None => Ok(self.start.elapsed()),
        }
    }
}

#[pymethods]
impl PyRetryPolicy {
    #[new]
    #[pyo3(signature = (*, max_attempts = None, base_backoff = None, max_backoff = None, later = None, trust_idempotence = None))]
    fn new(
        py: Python<'_>,
        max_attempts: Option<u32>,
        base_backoff: Option<f64>,
        max_backoff: Option<f64>,
        later: Option<f64>,
        trust_idempotence: Option<bool>,
    ) -> PyResult<Self> {
        let mut config = RetryConfig::default();
        if let Some(n) = max_attempts {
            config.max_attempts = n;
        }
        if let Some(s) = base_backoff {
            config.base_backoff = duration(py, "base_backoff", s)?;
        }
        if let Some(s) = max_backoff {
            config.max_backoff = duration(py, "max_backoff", s)?;
        }
        if let Some(s) = later {
            config.later = duration(py, "later", s)?;
        }
        if let Some(t) = trust_idempotence {
            config.trust_idempotence = t;
        }
        Ok(PyRetryPolicy {
            policy: retry::RetryPolicy::with_config(config),
            start: Instant::now(),
        })
    }

    /// Judges one answer of this operation: records the failure at `now` and decides, never
    /// before the answer's `Retry-After`. `status=None` means no answer at all (a timeout, a
    /// dropped connection); `truncated=True` a body that could not be read whole.
    #[pyo3(signature = (status, body = None, api = None, retry_after = None, *, truncated = false, now = None, lang = "ru"))]
    #[allow(clippy::too_many_arguments)]
    fn judge(
        &mut self,
        py: Python<'_>,
        status: Option<u16>,
        body: Option<&Bound<'_, PyAny>>,
        api: Option<String>,
        retry_after: Option<&Bound<'_, PyAny>>,
        truncated: bool,
        now: Option<f64>,
        lang: &str,
    ) -> PyResult<PyJudgment> {
        let lang = parse_lang(py, lang)?;
        let now = self.now(py, now)?;
        let none = py.None().into_bound(py);
        let body = body.unwrap_or(&none);
        judge_with(
            py,
            &mut self.policy,
            status,
            body,
            api.as_deref(),
            retry_after,
            truncated,
            now,
            lang,
        )
    }

    /// After a `CHECK_STATUS` decision, the status check found no such operation: may the
    /// same request be sent again? `NOW` (or `AFTER` a pending `Retry-After`), unless the
    /// attempt limit or a capped decline's budget says `NEVER`. The repeat counts against
    /// the same budgets.
    #[pyo3(signature = (now = None))]
    fn repeat_after_check(&mut self, py: Python<'_>, now: Option<f64>) -> PyResult<PyDecision> {
        let now = self.now(py, now)?;
        Ok(PyDecision {
            decision: self.policy.repeat_after_check(now),
        })
    }

    /// How many failed attempts this policy has seen.
    #[getter]
    fn attempts(&self) -> u32 {
        self.policy.attempts()
    }

    /// The most attempts of one operation, the first included.
    #[getter]
    fn max_attempts(&self) -> u32 {
        self.policy.config().max_attempts
    }

    /// Whether the documented repeat after an empty HTTP 500 is advised at once.
    #[getter]
    fn trust_idempotence(&self) -> bool {
        self.policy.config().trust_idempotence
    }

    fn __repr__(&self) -> String {
        let c = self.policy.config();
        format!(
            "RetryPolicy(attempts={}, max_attempts={}, trust_idempotence={})",
            self.policy.attempts(),
            c.max_attempts,
            if c.trust_idempotence { "True" } else { "False" }
        )
    }
}
