//! Retry decisions: one test per documented rule, and properties over arbitrary input.

use proptest::prelude::*;
use qiwi_errors::retry::{Failure, RetryAction, RetryConfig, RetryPolicy};
use qiwi_errors::{entries, lookup, Family, Retry};
use std::time::Duration;

const T0: Duration = Duration::ZERO;

fn decide(failure: Failure) -> RetryAction {
    RetryPolicy::new().decide(&failure, T0).action
}

#[test]
fn payment_500_with_empty_body_is_repeated_at_once() {
    assert_eq!(
        decide(Failure::http(Family::PaymentHttp, 500).empty_body(true)),
        RetryAction::Now
    );
}

#[test]
fn payment_500_with_a_body_or_unknown_body_checks_status_first() {
    assert_eq!(
        decide(Failure::http(Family::PaymentHttp, 500).empty_body(false)),
        RetryAction::CheckStatus
    );
    assert_eq!(
        decide(Failure::http(Family::PaymentHttp, 500)),
        RetryAction::CheckStatus
    );
}

#[test]
fn fatal_flag_forbids_a_repeat() {
    let failure = Failure::code(Family::XmlRequestResult, "300").fatal(true);
    assert_eq!(decide(failure), RetryAction::Never);
    let failure = Failure::code(Family::XmlRequestResult, "300").fatal(false);
    assert!(decide(failure).is_retry());
}

#[test]
fn request_result_13_waits_a_minute() {
    assert_eq!(
        decide(Failure::code(Family::XmlRequestResult, "13")),
        RetryAction::After { seconds: 60 }
    );
}

#[test]
fn payment_status_minus_one_is_retried_later_until_a_registered_status_was_seen() {
    let mut policy = RetryPolicy::new();
    let temp = Failure::new().payment_status(-1);
    assert!(matches!(
        policy.decide(&temp, T0).action,
        RetryAction::After { .. }
    ));
    // The payout was registered once (status 50): a later -1 must not cause a second payout.
    assert_eq!(
        policy.decide(&Failure::new().payment_status(50), T0).action,
        RetryAction::CheckStatus
    );
    assert_eq!(policy.decide(&temp, T0).action, RetryAction::CheckStatus);
}

#[test]
fn final_payment_statuses_are_never_retried() {
    for status in [60, 150, 151, 160, 777] {
        assert_eq!(
            decide(Failure::new().payment_status(status)),
            RetryAction::Never,
            "{status}"
        );
    }
    for status in [0, 23, 50, 52] {
        assert_eq!(
            decide(Failure::new().payment_status(status)),
            RetryAction::CheckStatus,
            "{status}"
        );
    }
}

#[test]
fn temporary_reattempt_is_allowed_once_a_day_then_never() {
    let temporary = Failure::code(
        Family::PaymentReason,
        "REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY",
    );
    let mut policy = RetryPolicy::new();
    // The rule allows one more attempt within the day and says nothing of when: the wait before
    // it is our labelled default, not a day.
    let first = policy.decide(&temporary, T0);
    assert_eq!(
        first.action,
        RetryAction::After {
            seconds: u32::try_from(RetryConfig::default().later.as_secs()).unwrap()
        }
    );
    assert!(
        first.reason.contains("qiwi-errors' default"),
        "{}",
        first.reason
    );
    let later = Duration::from_secs(600);
    assert_eq!(policy.decide(&temporary, later).action, RetryAction::Never);
    // psErrorCode 51 comes with that reason and carries the same budget.
    assert_eq!(
        lookup(Family::PsError, "51").unwrap().retry(),
        Retry::Limited {
            max: 1,
            window_seconds: 86400
        }
    );
}

#[test]
fn rate_limits_back_off_exponentially_within_the_cap() {
    for (family, status) in [(Family::PaymentHttp, 429), (Family::WalletHttp, 423)] {
        let mut policy = RetryPolicy::with_config(RetryConfig {
            max_attempts: 50,
            ..Default::default()
        });
        let mut last = 0;
        for i in 0..12 {
            let RetryAction::After { seconds } =
                policy.decide(&Failure::http(family, status), T0).action
            else {
                panic!("{status} must back off");
            };
            assert!(seconds >= last, "{status}: backoff shrank at step {i}");
            assert!(seconds <= 900, "{status}: backoff beyond the cap");
            last = seconds;
        }
        assert_eq!(last, 900);
    }
}

#[test]
fn user_action_and_never_codes() {
    assert_eq!(
        decide(Failure::code(Family::WalletError, "220")),
        RetryAction::AfterUserAction
    );
    assert_eq!(
        decide(Failure::code(Family::PsError, "04")),
        RetryAction::Never
    );
}

#[test]
fn unknown_failures_check_status_before_anything() {
    assert_eq!(decide(Failure::new()), RetryAction::CheckStatus);
    assert_eq!(
        decide(Failure::code(Family::WalletError, "123456")),
        RetryAction::CheckStatus
    );
}

#[test]
fn attempt_limit_caps_repeats() {
    let mut policy = RetryPolicy::with_config(RetryConfig {
        max_attempts: 3,
        ..Default::default()
    });
    let busy = Failure::code(Family::XmlRequestResult, "13");
    assert!(policy.decide(&busy, T0).action.is_retry());
    assert!(policy.decide(&busy, T0).action.is_retry());
    let third = policy.decide(&busy, T0);
    assert_eq!(third.action, RetryAction::Never);
    assert!(third.reason.contains("limit is 3"), "{}", third.reason);
}

#[test]
fn decisions_serialize_for_logs_and_wasm() {
    let d = RetryPolicy::new().decide(&Failure::code(Family::XmlRequestResult, "13"), T0);
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["action"], "after");
    assert_eq!(json["seconds"], 60);
    assert_eq!(json["attempt"], 1);
}

fn any_failure() -> impl Strategy<Value = Failure> {
    let entry = prop_oneof![
        Just(None),
        (0..entries().len()).prop_map(|i| entries().nth(i))
    ];
    let http = prop::option::of((
        prop::sample::select(vec![
            Family::PaymentHttp,
            Family::WalletHttp,
            Family::IdentHttp,
        ]),
        prop_oneof![Just(429u16), Just(423), Just(500), Just(503), 100u16..600],
    ));
    (
        entry,
        http,
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::option::of(-5i64..300),
    )
        .prop_map(|(entry, http, empty, fatal, status)| {
            let mut f = match http {
                Some((family, code)) => Failure::http(family, code),
                None => Failure::new(),
            };
            if entry.is_some() {
                f.entry = entry;
            }
            f.empty_body = empty;
            f.fatal = fatal;
            f.payment_status = status;
            f
        })
}

proptest! {
    #[test]
    fn any_input_gives_a_decision_without_panicking(
        failures in prop::collection::vec(any_failure(), 1..12),
        gaps in prop::collection::vec(0u64..200_000, 12),
    ) {
        let mut policy = RetryPolicy::new();
        let mut now = T0;
        for (i, f) in failures.iter().enumerate() {
            now += Duration::from_secs(gaps[i]);
            let d = policy.decide(f, now);
            prop_assert!(!d.reason.is_empty());
            prop_assert_eq!(d.attempt as usize, i + 1);
        }
    }

    #[test]
    fn final_or_never_codes_are_never_retried(index in 0..entries().len(), status in prop::option::of(-5i64..300)) {
        let entry = entries().nth(index).unwrap();
        let mut failure = Failure::entry(entry);
        failure.payment_status = status;
        let action = RetryPolicy::new().decide(&failure, T0).action;
        let status_final = status.and_then(|s| lookup(Family::XmlPaymentStatus, &s.to_string()))
            .and_then(|e| e.is_final()) == Some(true);
        if entry.retry() == Retry::Never && status.is_none() || status_final {
            prop_assert!(!action.is_retry(), "{} retried: {:?}", entry.key(), action);
        }
        if failure.fatal == Some(true) {
            prop_assert_eq!(action, RetryAction::Never);
        }
    }

    #[test]
    fn fatal_is_never_retried(index in 0..entries().len()) {
        let failure = Failure::entry(entries().nth(index).unwrap()).fatal(true);
        prop_assert_eq!(RetryPolicy::new().decide(&failure, T0).action, RetryAction::Never);
    }

    #[test]
    fn budgets_are_never_exceeded(
        index in 0..entries().len(),
        max_attempts in 1u32..8,
        gaps in prop::collection::vec(0u64..100_000, 1..20),
    ) {
        let entry = entries().nth(index).unwrap();
        let mut policy = RetryPolicy::with_config(RetryConfig { max_attempts, ..Default::default() });
        let mut now = T0;
        let mut repeats_sent: Vec<Duration> = Vec::new();
        let mut next_allowed = T0;
        for gap in gaps {
            // The caller may come back early; a repeat only counts if it honours the delay.
            now += Duration::from_secs(gap);
            if now < next_allowed {
                now = next_allowed;
            }
            let d = policy.decide(&Failure::entry(entry), now);
            match d.action.delay() {
                Some(delay) => {
                    next_allowed = now + delay;
                    repeats_sent.push(next_allowed);
                }
                None => break,
            }
        }
        prop_assert!(repeats_sent.len() < max_attempts as usize, "attempt limit exceeded");
        if let Retry::Limited { max, window_seconds } = entry.retry() {
            prop_assert!(repeats_sent.len() <= max as usize, "{}: budget exceeded", entry.key());
            for pair in repeats_sent.windows(2) {
                prop_assert!(pair[1] - pair[0] >= Duration::from_secs(u64::from(window_seconds / max)));
            }
        }
    }
}

proptest! {
    /// A policy saved and read back after every decision (a process restarting between the
    /// attempts of one operation) decides exactly as one kept in memory: budgets, caps and
    /// `Retry-After` all survive.
    #[test]
    fn a_saved_policy_decides_as_the_kept_one(
        steps in prop::collection::vec((any::<prop::sample::Index>(), 0u64..200_000), 1..12),
    ) {
        let all: Vec<_> = entries().collect();
        let (mut kept, mut saved) = (RetryPolicy::new(), RetryPolicy::new());
        let mut now = Duration::ZERO;
        for (which, gap) in steps {
            now += Duration::from_secs(gap);
            let failure = Failure::entry(*which.get(&all));
            let expected = kept.decide(&failure, now);
            let restored: RetryPolicy =
                serde_json::from_str(&serde_json::to_string(&saved).unwrap()).unwrap();
            saved = restored;
            prop_assert_eq!(saved.decide(&failure, now), expected);
        }
    }
}

#[test]
fn a_saved_policy_naming_an_unknown_code_is_refused_with_its_key() {
    let mut policy = RetryPolicy::new();
    policy.decide(&Failure::entry(lookup(Family::PsError, "51").unwrap()), T0);
    let saved = serde_json::to_string(&policy).unwrap();
    assert!(saved.contains("\"ps-error:51\""), "{saved}");
    let edited = saved.replace("ps-error:51", "ps-error:ZZ");
    let error = serde_json::from_str::<RetryPolicy>(&edited).unwrap_err();
    assert!(error.to_string().contains("ps-error:ZZ"), "{error}");
}
