//! How the simulated QIWI answers one request: the script's next fault, the reading of a
//! repeat, and the checks of the client's waits and caps.

use crate::fault::{documented_after, temporary_window, Fault, Proto, Reading, QUEUE_DELAY};
use crate::ledger::{Reply, Sent, Sim};
use qiwi_errors::Family;
use std::time::Duration;
use std::time::SystemTime;

impl Sim {
    /// Handles one request for operation `id` at `now`.
    pub fn handle(&mut self, id: &str, now: Duration, request: (String, String, String)) -> Reply {
        let reply = self.handle_inner(id, now, request);
        let logged = match &reply {
            Reply::Drop => (None, String::new(), false, None),
            Reply::Answer {
                status,
                headers,
                body,
                delay,
                cut,
            } => {
                let late = *delay >= Duration::from_secs(30);
                let retry_after = headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))
                    .map(|(_, v)| v.clone());
                if late {
                    (None, String::new(), false, None)
                } else {
                    let body = match cut {
                        Some(n) => body[..*n].to_string(),
                        None => body.clone(),
                    };
                    (Some(*status), body, cut.is_some(), retry_after)
                }
            }
        };
        self.answers.push(Sent {
            id: id.to_string(),
            status: logged.0,
            body: logged.1,
            cut: logged.2,
            retry_after: logged.3,
        });
        reply
    }

    fn handle_inner(
        &mut self,
        id: &str,
        now: Duration,
        request: (String, String, String),
    ) -> Reply {
        self.settle(now);
        let window = temporary_window();
        let mut problems = Vec::new();
        let record = self.ledger.entry(id.to_string()).or_default();
        match &record.first_request {
            None => record.first_request = Some(request),
            Some(first) if *first != request => {
                problems.push(format!("{id}: a repeat differs from the first request"))
            }
            Some(_) => {}
        }
        if record.final_decline {
            problems.push(format!("{id}: sent again after a final decline"));
        }
        let early = record.not_before.is_some_and(|t| now < t);
        if early {
            problems.push(format!(
                "{id}: repeated at {now:?}, before {:?}",
                record.not_before
            ));
        }
        record.arrivals.push(now);
        record.not_before = None;
        let already = record.charges > 0 || self.queued.iter().any(|(q, _)| q == id);
        self.early += u32::from(early);
        let mut over_cap = false;
        if let Some(t) = self.temporary_at {
            if now < t + window {
                self.reattempts_in_window += 1;
                // The documented budget: one reattempt per window, for the card.
                if self.reattempts_in_window > 1 {
                    problems.push(format!("{id}: more than one reattempt in a day"));
                    over_cap = true;
                    self.past_cap += 1;
                }
            } else {
                self.temporary_at = None;
                self.reattempts_in_window = 0;
            }
        }
        for p in problems {
            self.violation(p);
        }
        if over_cap {
            // The per-day cap: the sim answers the final decline.
            self.ledger.get_mut(id).unwrap().final_decline = true;
            return self.answer(200, self.decline_body(id));
        }
        let fault = self.script.pop_front();
        if let Some(fault) = fault {
            *self.injected.entry(fault.kind()).or_default() += 1;
        }
        if already {
            match self.reading {
                Reading::Idempotent => {
                    // The stored result of the operation; nothing charged again.
                    return self.answer(200, self.success_body(id));
                }
                Reading::RejectDuplicate => {
                    let (status, body) = self.duplicate_body(id);
                    return self.answer(status, body);
                }
                Reading::ChargeAgain => {}
            }
        }
        match fault {
            None => {
                self.charge(id, now);
                self.answer(200, self.success_body(id))
            }
            Some(Fault::DropAfterCommit) => {
                self.charge(id, now);
                Reply::Drop
            }
            Some(Fault::Empty500) => self.answer(500, String::new()),
            Some(Fault::Empty500Committed) => {
                self.charge(id, now);
                self.answer(500, String::new())
            }
            Some(Fault::Body500 { committed }) => {
                if committed {
                    self.charge(id, now);
                }
                self.answer(500, r#"{"description":"Internal Server Error"}"#.into())
            }
            Some(Fault::Proxy {
                status,
                html,
                committed,
            }) => {
                if committed {
                    self.charge(id, now);
                }
                let reason = if status == 502 {
                    "Bad Gateway"
                } else {
                    "Service Temporarily Unavailable"
                };
                let body = if html {
                    format!("<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
                } else {
                    format!("{reason}\n")
                };
                self.answer(status, body)
            }
            Some(Fault::RateLimited { retry_after }) => {
                let status = if self.proto == Proto::Wallet {
                    423
                } else {
                    429
                };
                let mut reply =
                    self.answer(status, r#"{"description":"Too Many Requests"}"#.into());
                if let (Some(seconds), Reply::Answer { headers, .. }) = (retry_after, &mut reply) {
                    headers.push(("Retry-After", seconds.to_string()));
                    let record = self.ledger.get_mut(id).unwrap();
                    record.not_before = Some(now + Duration::from_secs(seconds));
                }
                reply
            }
            Some(Fault::RetryAfterDate { seconds }) => {
                let status = if self.proto == Proto::Wallet {
                    423
                } else {
                    429
                };
                let mut reply =
                    self.answer(status, r#"{"description":"Too Many Requests"}"#.into());
                // An HTTP date has whole seconds: one more, so that the client's reading of it
                // is never shorter than `seconds`.
                let at = SystemTime::now() + Duration::from_secs(seconds + 1);
                if let Reply::Answer { headers, .. } = &mut reply {
                    headers.push(("Retry-After", httpdate::fmt_http_date(at)));
                }
                let record = self.ledger.get_mut(id).unwrap();
                record.not_before = Some(now + Duration::from_secs(seconds));
                reply
            }
            Some(Fault::Busy13) => {
                let record = self.ledger.get_mut(id).unwrap();
                record.not_before =
                    documented_after(Family::XmlRequestResult, "13").map(|d| now + d);
                self.answer(
                    200,
                    r#"<response><result-code fatal="false">13</result-code></response>"#.into(),
                )
            }
            Some(Fault::NotRegistered) => {
                let record = self.ledger.get_mut(id).unwrap();
                record.not_before =
                    documented_after(Family::XmlPaymentStatus, "-1").map(|d| now + d);
                self.answer(200, format!(
                    r#"<response><result-code fatal="false">0</result-code><payment status="-1" transaction-number="{id}" result-code="300" final-status="false" fatal-error="false"/></response>"#
                ))
            }
            Some(Fault::XmlInProgress { status }) => {
                self.charge(id, now);
                self.answer(200, format!(
                    r#"<response><result-code fatal="false">0</result-code><payment status="{status}" transaction-number="{id}" final-status="false" fatal-error="false"/></response>"#
                ))
            }
            Some(Fault::Fatal | Fault::FinalDecline) => {
                self.ledger.get_mut(id).unwrap().final_decline = true;
                self.answer(200, self.decline_body(id))
            }
            Some(Fault::TemporaryDecline) => {
                // The window runs from the first decline; a decline inside it does not reopen it.
                if self.temporary_at.is_none_or(|t| now >= t + window) {
                    self.temporary_at = Some(now);
                    self.reattempts_in_window = 0;
                }
                self.answer(200, format!(
                    r#"{{"paymentId":"{id}","status":{{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY","psErrorCode":"51"}}}}"#
                ))
            }
            Some(Fault::Slow { committed }) => {
                if committed {
                    self.charge(id, now);
                }
                let mut reply = if committed {
                    self.answer(200, self.success_body(id))
                } else {
                    self.answer(500, String::new())
                };
                if let Reply::Answer { delay, .. } = &mut reply {
                    *delay = self.slow_delay;
                }
                reply
            }
            Some(Fault::Queued) => {
                self.queued.push((id.to_string(), now + QUEUE_DELAY));
                let mut reply = self.answer(
                    504,
                    "<html><body><h1>504 Gateway Time-out</h1></body></html>".into(),
                );
                if let Reply::Answer { delay, .. } = &mut reply {
                    *delay = self.slow_delay;
                }
                reply
            }
            Some(Fault::CutBody) => {
                self.charge(id, now);
                let mut reply = self.answer(200, self.success_body(id));
                if let Reply::Answer { cut, body, .. } = &mut reply {
                    *cut = Some(body.len() / 2);
                }
                reply
            }
        }
    }

    fn answer(&self, status: u16, body: String) -> Reply {
        Reply::Answer {
            status,
            headers: Vec::new(),
            body,
            delay: Duration::ZERO,
            cut: None,
        }
    }
}
