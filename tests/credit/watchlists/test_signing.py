"""A webhook signature holds for exactly the body and time it was made for, within the tolerance."""
from hypothesis import given, strategies as st

from credit.watchlists import signing

secrets = st.text(min_size=1, max_size=60)
bodies = st.binary(max_size=400)
timestamps = st.integers(min_value=1_600_000_000, max_value=4_000_000_000)


@given(secrets, bodies, timestamps, st.integers(min_value=-signing.TOLERANCE_SECONDS,
                                                 max_value=signing.TOLERANCE_SECONDS))
def test_a_signature_verifies_within_the_tolerance(secret, body, timestamp, drift):
    header = signing.sign(secret, body, timestamp)
    assert signing.verify(secret, body, header, now=timestamp + drift)


@given(secrets, bodies, bodies, timestamps)
def test_any_other_body_fails(secret, body, other, timestamp):
    header = signing.sign(secret, body, timestamp)
    assert signing.verify(secret, other, header, now=timestamp) == (other == body)


@given(secrets, bodies, timestamps, timestamps)
def test_a_changed_timestamp_fails(secret, body, timestamp, other):
    header = signing.sign(secret, body, timestamp).replace(f"t={timestamp}", f"t={other}")
    assert signing.verify(secret, body, header, now=other) == (other == timestamp)


@given(secrets, secrets, bodies, timestamps)
def test_another_secret_fails(secret, other, body, timestamp):
    header = signing.sign(secret, body, timestamp)
    assert signing.verify(other, body, header, now=timestamp) == (other == secret)


@given(secrets, bodies, timestamps, st.integers(min_value=signing.TOLERANCE_SECONDS + 1, max_value=10**6))
def test_a_signature_too_old_or_from_the_future_fails(secret, body, timestamp, drift):
    header = signing.sign(secret, body, timestamp)
    assert not signing.verify(secret, body, header, now=timestamp + drift)
    assert not signing.verify(secret, body, header, now=timestamp - drift)


def test_the_header_names_its_timestamp_and_scheme():
    assert signing.sign("whsec_x", b"{}", 1_790_000_000).startswith("t=1790000000,v1=")


def test_a_malformed_header_fails():
    for header in ("", "v1=abc", "t=1790000000", "t=soon,v1=abc", "garbage"):
        assert not signing.verify("whsec_x", b"{}", header, now=1_790_000_000)
