"""The Python API over the library: explain, search, diagnose, lookup, families, judge,
RetryPolicy, the errors, and the result classes' repr, equality and to_dict."""

from __future__ import annotations

import ast
import json
import pickle
from pathlib import Path

import pytest

import qiwi_errors as q
from qiwi_errors import Action, Family, Outcome, Severity


def test_explain_a_code() -> None:
    answer = q.explain("QWPRC-220")
    assert isinstance(answer, q.Explanation)
    entry = answer.entry
    assert entry is not None
    assert entry.family is Family.WALLET_ERROR
    assert entry.code == "220"
    assert entry.key == "wallet-error:220"
    assert entry.label == "QWPRC-220"
    assert entry.lang == "ru"
    assert entry.title == "Недостаточно средств"
    assert entry.retry == "after-user-action"
    assert entry.severity in set(Severity)
    assert str(answer).startswith("QWPRC-220 — Недостаточно средств")
    assert not answer.ambiguous


def test_explain_in_english_and_ambiguous_numbers() -> None:
    answer = q.explain("404", lang="en")
    assert isinstance(answer, q.Explanation)
    assert answer.ambiguous
    assert len(answer.candidates) >= 3
    assert all(c.score >= answer.candidates[-1].score for c in answer.candidates)
    assert "several" in str(answer).lower() or str(answer)
    assert answer.lang == "en"


def test_explain_a_pasted_response_is_diagnosed() -> None:
    answer = q.explain('{"errorCode": 220}')
    assert isinstance(answer, q.Diagnosis)
    assert answer.main is not None and answer.main.key == "wallet-error:220"


class FakeResponse:
    def __init__(self, status_code: int, text: str) -> None:
        self.status_code = status_code
        self.text = text


class HTTPError(Exception):
    def __init__(self, response: FakeResponse) -> None:
        super().__init__(f"{response.status_code} error")
        self.response = response


def test_explain_an_exception_reads_its_response() -> None:
    body = '{"status":{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS","psErrorCode":"04"}}'
    answer = q.explain(HTTPError(FakeResponse(200, body)), lang="en")
    assert isinstance(answer, q.Diagnosis)
    assert answer.main is not None and answer.main.code == "04"
    advice = answer.advice
    assert advice is not None and advice.action is Action.NEVER
    # Without a response, the message.
    answer = q.explain(RuntimeError("payment failed: QWPRC-220"))
    assert isinstance(answer, q.Explanation)
    assert answer.entry is not None and answer.entry.key == "wallet-error:220"


def test_explain_reads_a_body_inside_an_exceptions_message() -> None:
    answer = q.explain(RuntimeError('QIWI error: {"errorCode": 705, "description": "limit"}'))
    assert isinstance(answer, q.Diagnosis)
    assert answer.main is not None and answer.main.key == "wallet-error:705"


def test_explain_an_httpx_status_error() -> None:
    httpx = pytest.importorskip("httpx")
    request = httpx.Request("GET", "https://edge.qiwi.com/x")
    response = httpx.Response(400, json={"errorCode": 220}, request=request)
    with pytest.raises(httpx.HTTPStatusError) as info:
        response.raise_for_status()
    answer = q.explain(info.value)
    assert isinstance(answer, q.Diagnosis)
    assert answer.http_status == 400
    assert answer.main is not None and answer.main.code == "220"


def test_errors_carry_the_library_messages() -> None:
    with pytest.raises(q.NotFoundError) as info:
        q.explain("QWPRC-99999", lang="en")
    e = info.value
    assert isinstance(e, q.QiwiErrorsError) and isinstance(e, ValueError)
    assert str(e) == "no code `99999` in wallet-error"
    assert e.kind == "not-found"
    assert e.detail == {"kind": "not-found", "code": "99999", "families": ["wallet-error"]}
    assert "99999" in e.user_message
    with pytest.raises(q.EmptyQueryError):
        q.explain("   ")
    with pytest.raises(q.QueryTooLongError):
        q.explain("x" * (q.MAX_QUERY_LEN + 1))
    with pytest.raises(q.MalformedBodyError) as info2:
        q.diagnose('{"errorCode": ')
    assert info2.value.kind == "json"
    assert "malformed JSON" in str(info2.value)
    with pytest.raises(q.NotJsonOrXmlError):
        q.diagnose("hello")
    with pytest.raises(q.BodyTooLargeError):
        q.diagnose("{" + " " * q.MAX_BODY_LEN + "}")
    with pytest.raises(q.NotTextError):
        q.explain("\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(q.UnknownNameError):
        q.lookup("nope", "1")
    with pytest.raises(q.UnknownNameError):
        q.explain("QWPRC-220", lang="de")


def test_search() -> None:
    hits = q.search("недостаточно средств")
    assert hits and hits[0].score >= hits[-1].score
    assert any(isinstance(c.found, q.Entry) and c.found.code == "220" for c in hits)
    assert q.search("zzzzqqq") == ()
    symptoms = [c.found for c in q.search("не приходит смс код")]
    assert any(isinstance(s, q.Symptom) for s in symptoms)


def test_diagnose_with_status() -> None:
    d = q.diagnose(b"", status=500)
    assert d.format == "empty" and d.http_status == 500
    advice = d.advice
    assert advice is not None and advice.action is Action.NOW and advice.delay == 0.0
    xml = '<response><result-code fatal="false">13</result-code></response>'
    d = q.diagnose(xml)
    assert d.findings[0].family is Family.XML_REQUEST_RESULT
    advice = d.advice
    assert advice is not None and advice.action is Action.AFTER and advice.seconds == 60
    assert "13" in str(d)


def test_lookup_and_entries() -> None:
    e = q.lookup(Family.PS_ERROR, "04")
    assert e is not None and e.retry == "never" and e.is_final
    assert q.lookup("ps-error", "4") is None
    assert q.lookup("wallet-error", 220) == q.lookup("wallet-error", "220")
    ranged = q.lookup("xml-payment-status", "23")
    assert ranged is not None and ranged.code == "0-49"
    capped = q.lookup("ps-error", "51")
    assert capped is not None and capped.retry_limit == (1, 86400)
    en = e.in_lang("en")
    assert en != e and en.lang == "en" and en.key == e.key
    assert hash(e) == hash(q.lookup("ps-error", "04"))
    assert all(isinstance(a, q.Actor) for a in e.actors)
    assert e.steps and all(isinstance(s, str) for s in e.steps)


def test_entries() -> None:
    every = q.entries(lang="en")
    assert len(every) >= 400
    ps = q.entries(Family.PS_ERROR)
    assert ps and all(e.family is Family.PS_ERROR for e in ps)
    assert sum(f.entries for f in q.families()) == len(every)


def test_families() -> None:
    fams = q.families(lang="en")
    assert len(fams) == len(Family)
    assert [f.family for f in fams] == list(Family)
    wallet = fams[[f.name for f in fams].index("wallet-error")]
    assert wallet.api is q.Api.WALLET and wallet.entries > 50
    assert wallet.to_dict()["label_en"] == wallet.label


def test_reprs() -> None:
    e = q.lookup("ps-error", "04", lang="en")
    assert repr(e) == "Entry(key='ps-error:04', label='psErrorCode 04', title='Card blocked', lang='en')"
    assert repr(q.explain("QWPRC-220")).startswith("Explanation(best='wallet-error:220', candidates=")
    assert repr(q.diagnose('{"errorCode": 220}')) == (
        "Diagnosis(format='json', http_status=None, findings=['wallet-error:220'], advice='after-user-action')"
    )
    j = q.judge(502, "<html>bad gateway</html>", q.Api.PAYMENT_PROTOCOL)
    assert repr(j) == "Judgment(outcome='unknown', action='check-status', entry='payment-http:502')"
    assert repr(j.decision).startswith("Decision(action='check-status', attempt=1, reason='HTTP 502")
    assert repr(q.families()[0]).startswith("FamilyInfo(name='wallet-http'")
    assert repr(q.search("недостаточно средств")[0]).startswith("Candidate(found=")


def test_equality() -> None:
    assert q.explain("QWPRC-220") == q.explain("qwprc 220")
    assert q.explain("QWPRC-220") != q.explain("QWPRC-220", lang="en")
    assert q.diagnose('{"errorCode": 220}') == q.diagnose('{"errorCode":220}')
    assert q.judge(500, "", "payment-protocol") == q.judge(500, b"", q.Api.PAYMENT_PROTOCOL)
    assert q.lookup("ps-error", "04") != "ps-error:04"


def test_to_dict() -> None:
    e = q.lookup("wallet-error", "220")
    assert e is not None
    d = e.to_dict()
    assert d["family"] == "wallet-error" and d["code"] == "220"
    assert d["title"]["en"] and d["title"]["ru"]
    json.dumps(d)
    x = q.explain("QWPRC-220").to_dict()
    assert x["kind"] == "explanation" and "wallet-error:220" in x["details"]
    dd = q.diagnose('{"errorCode": 220}').to_dict()
    assert dd["kind"] == "diagnosis" and dd["main"] == "wallet-error:220"
    j = q.judge(429, "", "wallet", "120").to_dict()
    assert j["outcome"] == "failed" and j["decision"]["action"] == "after"
    json.dumps(j)


def test_results_are_frozen() -> None:
    e = q.lookup("ps-error", "04")
    with pytest.raises(AttributeError):
        e.code = "05"  # type: ignore[misc, union-attr]


def test_judge_one_answer() -> None:
    j = q.judge(500, "", q.Api.PAYMENT_PROTOCOL)
    assert j.outcome is Outcome.UNKNOWN and j.action is Action.NOW
    j = q.judge(500, "", q.Api.XML)
    assert j.action is Action.CHECK_STATUS and j.may_have_gone_through
    assert q.judge(200, "{}", q.Api.WALLET).outcome is Outcome.SUCCEEDED
    assert q.judge(None).outcome is Outcome.UNKNOWN
    body = '{"status": {"value": "DECLINED", "reasonCode": "ACQUIRING_INSUFFICIENT_FUNDS", "psErrorCode": "51"}}'
    j = q.judge(200, body, "payment-protocol")
    assert j.outcome is Outcome.FAILED
    assert j.entry is not None and j.entry.key == "ps-error:51"
    cut = q.judge(200, '{"status": {"value": "DECL', "payment-protocol", truncated=True)
    assert cut.outcome is Outcome.UNKNOWN
    j = q.judge(429, "", "wallet", "Sun, 06 Nov 1994 08:49:37 GMT")
    assert j.retry_after == 0.0


def test_retry_policy_keeps_an_operation() -> None:
    policy = q.RetryPolicy()
    first = policy.judge(429, "", q.Api.WALLET, now=0)
    second = policy.judge(429, "", q.Api.WALLET, now=60)
    assert first.decision is not None and second.decision is not None
    assert (second.decision.delay or 0) > (first.decision.delay or 0), "backoff grows"
    assert policy.attempts == 2
    busy = q.RetryPolicy().judge(429, "", "wallet", retry_after=120)
    assert busy.decision is not None and busy.decision.seconds == 120
    # A timeout: check the status first; after a check that found nothing, repeat now.
    policy = q.RetryPolicy(trust_idempotence=False)
    assert policy.judge(None, now=0).action is Action.CHECK_STATUS
    assert policy.repeat_after_check(now=1).action is Action.NOW
    # With trust_idempotence off, an empty 500 of the payment protocol is checked first.
    assert policy.judge(500, "", "payment-protocol", now=2).action is Action.CHECK_STATUS
    limited = q.RetryPolicy(max_attempts=1)
    assert limited.judge(500, "", "payment-protocol", now=0).action is Action.NEVER
    with pytest.raises(q.QiwiErrorsError):
        q.RetryPolicy(later=-1)


def test_call_fails_only_when_nothing_is_left_open() -> None:
    policy = q.RetryPolicy(trust_idempotence=False)
    call = q.Call("payment-protocol")
    timeout = policy.judge(None, None, "payment-protocol", now=30)
    assert timeout.may_be_in_flight
    call.record(timeout, now=30)
    body = '{"status": {"value": "DECLINED", "reasonCode": "ACQUIRING_INSUFFICIENT_FUNDS", "psErrorCode": "51"}}'
    declined = policy.judge(200, body, "payment-protocol", now=31)
    assert declined.outcome is Outcome.FAILED and not declined.may_be_in_flight
    call.record(declined, now=31)
    assert call.unresolved and call.outcome(Outcome.FAILED) is Outcome.UNKNOWN
    # The first request may still be on its way: "not found" is believed after the settle
    # delay (ours, 60 s), not before.
    assert call.settle_delay == 60.0 and call.not_found_trusted_at == 90.0
    assert call.record_status("not-found", now=32) is None
    assert call.record_status("not-found", now=90) is Outcome.FAILED
    assert not call.unresolved and call.outcome("failed") is Outcome.FAILED
    with pytest.raises(q.QiwiErrorsError):
        call.record_status("gone", now=91)


def test_call_spaces_xml_status_queries() -> None:
    call = q.Call(q.Api.XML)
    assert call.status_interval == 600.0 and call.query_status_in(5) == 0.0
    call.record_query(5)
    assert call.next_query_at(10) == 605.0 and call.query_status_in(10) == 595.0
    assert q.Call(settle_delay=0).trusts_not_found(0)


def test_capped_decline_allows_one_reattempt_a_day() -> None:
    body = '{"status":{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY","psErrorCode":"51"}}'
    policy = q.RetryPolicy()
    first = policy.judge(200, body, "payment-protocol", now=0)
    assert first.action is Action.AFTER
    second = policy.judge(200, body, "payment-protocol", now=600)
    assert second.action is Action.NEVER


def test_decision_advice_is_localised() -> None:
    d = q.judge(500, "", "xml").decision
    assert d is not None
    assert d.advice("en") != d.advice("ru")


def test_enums_are_str_and_match_the_stub() -> None:
    assert Family.WALLET_ERROR == "wallet-error" and str(Family.WALLET_ERROR) == "wallet-error"
    assert f"{Action.CHECK_STATUS}" == "check-status"
    stub = ast.parse((Path(q.__file__).parent / "_enums.pyi").read_text())
    for node in stub.body:
        if isinstance(node, ast.ClassDef):
            declared = [
                t.id
                for s in node.body
                if isinstance(s, ast.Assign) and isinstance((t := s.targets[0]), ast.Name)
            ]
            runtime = [m.name for m in getattr(q, node.name)]
            assert declared == runtime, node.name


def test_help_shows_docstrings() -> None:
    assert "Explains what a person typed" in (q.explain.__doc__ or "")
    assert "retry state of one operation" in (q.RetryPolicy.__doc__ or "")
    assert "as the CLI prints" in (q.Entry.__doc__ or "") or q.Entry.__doc__
    assert q.Entry.title.__doc__ == "A short title."
