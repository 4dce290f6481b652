//! Family words: the words around a code that say which API it came from (`psErrorCode`,
//! `payment status`, `статус платежа`, `error_code`, `QIWI PAY`), and the filler words that
//! say "this is a code" without naming one. Words are read after [`crate::query::normalise`].

use crate::fuzzy::within_one;
use crate::kinds::Family;

pub(crate) const HTTP: &[Family] = &[Family::PaymentHttp, Family::WalletHttp, Family::IdentHttp];
const STATUS: &[Family] = &[
    Family::PaymentStatus,
    Family::XmlPaymentStatus,
    Family::WalletTxnStatus,
    Family::IdentStatus,
    Family::BillStatus,
    Family::PullStatus,
    Family::QiwipayStatus,
    Family::BillRefundStatus,
    Family::PullRefundStatus,
];
const PAYIN: &[Family] = &[
    Family::PaymentStatus,
    Family::PaymentReason,
    Family::PsError,
    Family::PaymentHttp,
    Family::PaymentOperationType,
    Family::PayinError,
];
const WALLET: &[Family] = &[
    Family::WalletError,
    Family::WalletHttp,
    Family::WalletTxnStatus,
    Family::WalletIdentLevel,
    Family::WalletRestriction,
];
const IDENT: &[Family] = &[
    Family::IdentError,
    Family::IdentReason,
    Family::IdentStatus,
    Family::IdentLevel,
    Family::IdentHttp,
];
const PULL: &[Family] = &[
    Family::PullError,
    Family::PullStatus,
    Family::PullRefundStatus,
    Family::PullNotify,
];
const BILL: &[Family] = &[
    Family::BillError,
    Family::BillStatus,
    Family::BillResult,
    Family::BillRefundStatus,
];
const XML_RESULT: &[Family] = &[
    Family::XmlRequestResult,
    Family::XmlPaymentResult,
    Family::TopupResult,
];
const REST_RESULT: &[Family] = &[Family::PullError, Family::BillResult, Family::PullNotify];
const ANY_RESULT: &[Family] = &[
    Family::XmlRequestResult,
    Family::XmlPaymentResult,
    Family::TopupResult,
    Family::PullError,
    Family::BillResult,
    Family::PullNotify,
];
const PAYOUT: &[Family] = &[
    Family::XmlPaymentResult,
    Family::XmlPaymentStatus,
    Family::PaymentStatus,
    Family::PaymentReason,
    Family::PaymentOperationType,
];

/// Family words, each with the families it names. A word of two parts (`ps error`,
/// `QIWI PAY`, `result code`) is listed joined; [`joined_hint`] finds it.
const WORDS: &[(&str, &[Family])] = &[
    ("qwprc", &[Family::WalletError]),
    (
        "errorcode",
        &[Family::WalletError, Family::IdentError, Family::BillError],
    ),
    (
        "payment.errorcode",
        &[Family::WalletError, Family::IdentError, Family::BillError],
    ),
    // The XML protocols write `result-code`; the invoice and Pull REST APIs `result_code`.
    ("result-code", XML_RESULT),
    ("resultcode", ANY_RESULT),
    ("result_code", REST_RESULT),
    ("error_code", &[Family::QiwipayError, Family::WalletError]),
    ("qiwipay", &[Family::QiwipayError, Family::QiwipayStatus]),
    ("qiwi-pay", &[Family::QiwipayError, Family::QiwipayStatus]),
    ("txn_status", &[Family::QiwipayStatus]),
    ("restrictioncode", &[Family::WalletRestriction]),
    ("error.code", &[Family::BillError]),
    ("bill", BILL),
    ("invoice", BILL),
    ("invoicing", BILL),
    ("счет", BILL),
    ("счета", BILL),
    ("счете", BILL),
    ("pull", PULL),
    ("topup", &[Family::TopupResult]),
    ("topup.jsp", &[Family::TopupResult]),
    ("пополнение", &[Family::TopupResult]),
    ("пополнения", &[Family::TopupResult]),
    ("http", HTTP),
    ("http/1.1", HTTP),
    ("http/2", HTTP),
    ("http-код", HTTP),
    ("http-статус", HTTP),
    ("status-code", HTTP),
    ("reason", &[Family::PaymentReason]),
    ("reasoncode", &[Family::PaymentReason]),
    ("status.reason", &[Family::PaymentReason]),
    ("status.reasoncode", &[Family::PaymentReason]),
    ("reason_code", &[Family::PaymentReason]),
    ("pserrorcode", &[Family::PsError]),
    ("status.pserrorcode", &[Family::PsError]),
    ("ps_error_code", &[Family::PsError]),
    ("pserror", &[Family::PsError]),
    ("ps", &[Family::PsError]),
    ("пс", &[Family::PsError]),
    ("paymentsystem", &[Family::PsError]),
    ("платежнаясистема", &[Family::PsError]),
    ("платежнойсистемы", &[Family::PsError]),
    ("детализации", &[Family::PsError]),
    ("эквайринг", &[Family::PaymentReason, Family::PsError]),
    ("эквайринга", &[Family::PaymentReason, Family::PsError]),
    ("acquiring", &[Family::PaymentReason, Family::PsError]),
    ("status", STATUS),
    ("статус", STATUS),
    ("статуса", STATUS),
    ("applicationstatus", &[Family::IdentStatus]),
    ("status.value", STATUS),
    (
        "xml",
        &[
            Family::XmlPaymentStatus,
            Family::XmlPaymentResult,
            Family::XmlRequestResult,
        ],
    ),
    ("запроса", &[Family::XmlRequestResult]),
    ("level", &[Family::IdentLevel, Family::WalletIdentLevel]),
    ("уровень", &[Family::IdentLevel, Family::WalletIdentLevel]),
    (
        "identificationlevel",
        &[Family::IdentLevel, Family::WalletIdentLevel],
    ),
    ("payin", PAYIN),
    ("payout", PAYOUT),
    ("выплата", PAYOUT),
    ("выплаты", PAYOUT),
    ("wallet", WALLET),
    ("кошелек", WALLET),
    ("кошелька", WALLET),
    ("кошельке", WALLET),
    ("history", &[Family::WalletTxnStatus, Family::WalletError]),
    (
        "paymenthistory",
        &[Family::WalletTxnStatus, Family::WalletError],
    ),
    ("истории", &[Family::WalletTxnStatus, Family::WalletError]),
    ("identification", IDENT),
    ("openapi-identification", IDENT),
    ("идентификация", IDENT),
    ("идентификации", IDENT),
    ("notification", &[Family::PullNotify, Family::PaymentStatus]),
    ("уведомление", &[Family::PullNotify, Family::PaymentStatus]),
    ("уведомления", &[Family::PullNotify, Family::PaymentStatus]),
    ("уведомлении", &[Family::PullNotify, Family::PaymentStatus]),
    (
        "refund",
        &[
            Family::BillRefundStatus,
            Family::PullRefundStatus,
            Family::PaymentOperationType,
        ],
    ),
    (
        "возврат",
        &[
            Family::BillRefundStatus,
            Family::PullRefundStatus,
            Family::PaymentOperationType,
        ],
    ),
    (
        "возврата",
        &[
            Family::BillRefundStatus,
            Family::PullRefundStatus,
            Family::PaymentOperationType,
        ],
    ),
    ("type", &[Family::PaymentOperationType]),
    ("operationtype", &[Family::PaymentOperationType]),
    ("тип", &[Family::PaymentOperationType]),
    ("типоперации", &[Family::PaymentOperationType]),
];

/// Words that narrow another family word (`payment status`, `статус платежа`,
/// `transaction status`) but name no family alone: `ошибка платежа 300` is any 300.
const MODIFIERS: &[(&str, &[Family])] = &[
    ("payment", PAYMENT),
    ("payments", PAYMENT),
    ("платеж", PAYMENT),
    ("платежа", PAYMENT),
    ("платежей", PAYMENT),
    (
        "transaction",
        &[Family::WalletTxnStatus, Family::QiwipayStatus],
    ),
    (
        "транзакции",
        &[Family::WalletTxnStatus, Family::QiwipayStatus],
    ),
];
const PAYMENT: &[Family] = &[
    Family::PaymentStatus,
    Family::XmlPaymentStatus,
    Family::PaymentOperationType,
];

/// The families a modifier word narrows to (see [`MODIFIERS`]).
pub(crate) fn modifier_of(word: &str) -> Option<&'static [Family]> {
    MODIFIERS.iter().find(|(w, _)| *w == word).map(|(_, f)| *f)
}

/// Words that name QIWI or its API, not a family: kept for text search, never a code.
pub(crate) fn is_brand(word: &str) -> bool {
    matches!(word, "qiwi" | "киви" | "api" | "апи")
}

/// Two-word family names, written joined in [`WORDS`] (`ps error` is `pserror`).
const JOINED: &[&str] = &[
    "pserror",
    "pserrorcode",
    "paymentsystem",
    "платежнаясистема",
    "платежнойсистемы",
    "qiwipay",
    "resultcode",
    "reasoncode",
    "operationtype",
    "paymenthistory",
    "типоперации",
];

/// The families a family word names: the exact word, or (for words of five letters or more)
/// one typo away (`qwprs`, `eror_code`).
pub(crate) fn hint_of(word: &str) -> Option<&'static [Family]> {
    // Codes are the common case and no family word starts like one.
    if !word.starts_with(|c: char| c.is_alphabetic()) || word.ends_with('-') {
        return None;
    }
    if let Some((_, families)) = WORDS.iter().find(|(w, _)| *w == word) {
        return Some(families);
    }
    if let Some(family) = Family::from_name(word) {
        let at = Family::ALL.iter().position(|f| *f == family)?;
        return Some(&Family::ALL[at..=at]);
    }
    if word.chars().count() >= 5 && !is_filler(word) {
        return WORDS
            .iter()
            .find(|(w, _)| w.chars().count() >= 5 && within_one(w, word))
            .map(|(_, families)| *families);
    }
    None
}

/// A family named by two words in a row (`ps error`, `QIWI PAY`, `result code`).
pub(crate) fn joined_hint(first: &str, second: &str) -> Option<&'static [Family]> {
    let second = fix_filler(second).unwrap_or(second);
    let joined = format!("{first}{second}");
    JOINED
        .contains(&joined.as_str())
        .then(|| hint_of(&joined))?
}

const FILLERS: &[&str] = &[
    "код",
    "кода",
    "коду",
    "ошибка",
    "ошибки",
    "ошибку",
    "ошибкой",
    "error",
    "code",
    "err",
    "номер",
    "no",
    "n",
    "#",
    "№",
    "получил",
    "пишет",
    "выдает",
    "got",
    "the",
    "a",
    "with",
    "при",
    "с",
    "и",
    "what",
    "is",
    "means",
    "что",
    "значит",
    "означает",
];

/// Words that say "this is an error code" without naming a family; they are skipped.
pub(crate) fn is_filler(word: &str) -> bool {
    FILLERS.contains(&word)
}

/// A filler word one typo away (`eror`, `ошибкa`), spelled right.
pub(crate) fn fix_filler(word: &str) -> Option<&'static str> {
    if is_filler(word) {
        return FILLERS.iter().find(|f| **f == word).copied();
    }
    (word.chars().count() >= 4)
        .then(|| {
            FILLERS
                .iter()
                // An ending added (`номера`, `errors`) is another word form, not a typo: it
                // stays a word of the query.
                .find(|f| f.chars().count() >= 4 && within_one(f, word) && !word.starts_with(**f))
                .copied()
        })
        .flatten()
}

#[cfg(test)]
mod family_lists {
    use super::*;
    use crate::kinds::Api;
    use std::collections::BTreeSet;

    /// The words that name an API name every family of it: a family added to the table in
    /// `kinds.rs` must be added here too, or this fails.
    #[test]
    fn each_api_word_names_every_family_of_its_api() {
        let set = |fs: &[Family]| fs.iter().copied().collect::<BTreeSet<_>>();
        for (list, api) in [
            (PAYIN, Api::PaymentProtocol),
            (WALLET, Api::Wallet),
            (IDENT, Api::Identification),
            (PULL, Api::Pull),
            (BILL, Api::Invoice),
        ] {
            assert_eq!(set(list), api.families().collect(), "{api}");
        }
        let http: BTreeSet<Family> = Family::ALL
            .iter()
            .copied()
            .filter(|f| f.is_http())
            .collect();
        assert_eq!(set(HTTP), http);
    }
}
