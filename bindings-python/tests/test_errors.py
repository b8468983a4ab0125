"""Every core error code maps to a specific exception class; errors carry what the core knows."""

from __future__ import annotations

import pickle

import pytest

import careerpro_fla as fla
from careerpro_fla import errors


def test_every_code_maps_to_a_specific_class() -> None:
    infos = fla.error_codes()
    assert len(infos) >= 40
    codes = [i.code for i in infos]
    assert len(set(codes)) == len(codes)
    for info in infos:
        assert info.meaning
        assert issubclass(info.exception, fla.CareerProError), info.code
        assert info.exception is not fla.CareerProError, f"{info.code} maps to the base class"


@pytest.mark.parametrize(
    "code,cls",
    [
        ("oauth_invalid_client", fla.InvalidClient),
        ("oauth_invalid_scope", fla.InvalidScope),
        ("oauth_invalid_request", fla.InvalidRequest),
        ("oauth_invalid_grant", fla.InvalidGrant),
        ("oauth_unauthorized_client", fla.UnauthorizedClient),
        ("oauth_unsupported_grant_type", fla.UnsupportedGrantType),
        ("oauth_other", fla.OAuthError),
        ("api_problem", fla.ProblemError),
        ("key_password_incorrect", fla.KeyPasswordError),
        ("key_malformed", fla.KeyLoadError),
        ("certificate_malformed", fla.CertificateError),
        ("ssin_invalid", fla.ValidationError),
        ("transport_error", fla.TransportError),
        ("poll_timeout", fla.PollTimeoutError),
    ],
)
def test_precise_classes(code: str, cls: type) -> None:
    by_code = {i.code: i.exception for i in fla.error_codes()}
    assert by_code[code] is cls


def test_builtin_bases_let_callers_catch_broadly() -> None:
    assert issubclass(fla.ValidationError, ValueError)
    assert issubclass(fla.KeyLoadError, ValueError)
    assert issubclass(fla.PollTimeoutError, TimeoutError)
    assert not issubclass(fla.KeyLoadError, KeyError)  # no builtin shadowed


def test_oauth_error_attributes() -> None:
    with pytest.raises(fla.InvalidClient) as e:
        fla.parse_token_response(
            401,
            {"Content-Type": "application/json", "BelGov-Trace-Id": "t-1", "Retry-After": "5"},
            b'{"error":"invalid_client","error_description":"bad sig"}',
            now=0,
        )
    err = e.value
    assert (err.code, err.status, err.trace_id, err.retry_after) == ("oauth_invalid_client", 401, "t-1", 5)
    assert (err.error, err.error_description) == ("invalid_client", "bad sig")
    assert err.retryable is False
    assert str(err).startswith("oauth_invalid_client: ")
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is fla.InvalidClient and clone.error == "invalid_client" and clone.status == 401


def test_problem_error_attributes() -> None:
    body = (
        b'{"type":"urn:problem-type:belgif:badRequest","title":"Bad Request","status":400,'
        b'"detail":"d","instance":"urn:uuid:1","issues":[{"type":"t","in":"body","name":"ssin",'
        b'"value":"1","detail":"wrong"}]}'
    )
    err = fla.error_from_response(400, [("Content-Type", "application/problem+json")], body)
    assert isinstance(err, fla.ProblemError)
    assert err.type == "urn:problem-type:belgif:badRequest"
    assert (err.status, err.title, err.detail, err.instance) == (400, "Bad Request", "d", "urn:uuid:1")
    assert err.issues == [
        {"type": "t", "title": None, "detail": "wrong", "in": "body", "name": "ssin", "value": "1"}
    ]


def test_module_lists_every_class() -> None:
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), fla.CareerProError)
