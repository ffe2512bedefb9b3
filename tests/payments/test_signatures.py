"""The Stripe-Signature scheme: what we sign verifies (here and in the official SDK), anything else does not."""
import pytest
import stripe
from hypothesis import given
from hypothesis import strategies as st

from marketplace.payments.signatures import BadSignature, sign, verify

SECRET = "whsec_test_secret"
NOW = 1_780_000_000

payloads = st.binary(max_size=512)
secrets = st.text(min_size=1, max_size=40)
timestamps = st.integers(min_value=1_500_000_000, max_value=2_500_000_000)
tolerances = st.integers(min_value=0, max_value=3_600)


@given(payloads, secrets, timestamps, tolerances, st.data())
def test_what_is_signed_verifies_within_the_tolerance(payload, secret, timestamp, tolerance, data):
    now = timestamp + data.draw(st.integers(min_value=-tolerance, max_value=tolerance))

    assert verify(payload, sign(payload, secret, timestamp), secret, now, tolerance) == timestamp


@given(payloads.filter(bool), st.data())
def test_any_changed_byte_fails(payload, data):
    header = sign(payload, SECRET, NOW)
    position = data.draw(st.integers(min_value=0, max_value=len(payload) - 1))
    flip = data.draw(st.integers(min_value=1, max_value=255))
    changed = payload[:position] + bytes([payload[position] ^ flip]) + payload[position + 1:]

    with pytest.raises(BadSignature, match="no v1 signature matches"):
        verify(changed, header, SECRET, NOW)


@given(payloads, tolerances, st.integers(min_value=1, max_value=10**6), st.booleans())
def test_a_timestamp_outside_the_tolerance_fails_either_way(payload, tolerance, beyond, in_the_future):
    timestamp = NOW + (tolerance + beyond if in_the_future else -(tolerance + beyond))

    with pytest.raises(BadSignature, match="away from now"):
        verify(payload, sign(payload, SECRET, timestamp), SECRET, NOW, tolerance)


@given(payloads, secrets.filter(lambda other: other != SECRET))
def test_another_secret_fails(payload, other):
    with pytest.raises(BadSignature):
        verify(payload, sign(payload, other, NOW), SECRET, NOW)


def test_any_of_several_v1_signatures_may_match():
    payload = b'{"id": "evt_1"}'
    ours = sign(payload, SECRET, NOW).split(",")[1]
    header = f"t={NOW},v1={'0' * 64},{ours},v0=ignored"

    assert verify(payload, header, SECRET, NOW) == NOW


@pytest.mark.parametrize("header", [
    None,
    "",
    "garbage",
    f"v1={'a' * 64}",
    f"t=,v1={'a' * 64}",
    f"t=soon,v1={'a' * 64}",
    f"t=-5,v1={'a' * 64}",
    f"t={NOW},t={NOW},v1={'a' * 64}",
    f"t={NOW}",
    f"t={NOW},v0={'a' * 64}",
    f"t={NOW},v1=签名",
])
def test_a_missing_or_malformed_header_fails(header):
    with pytest.raises(BadSignature):
        verify(b"{}", header, SECRET, NOW)


def test_the_official_sdk_accepts_what_we_sign():
    payload = b'{"id": "evt_1", "type": "payment_intent.succeeded"}'
    header = sign(payload, SECRET, NOW)

    assert stripe.WebhookSignature.verify_header(payload.decode(), header, SECRET, tolerance=None)
