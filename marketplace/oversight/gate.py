"""What oversight forbids, asked by the domains before they act: the one place sanctions and floor
compliance profiles reach trading, catalog and escrow.

Trading, catalog and escrow call these and never read oversight's tables; the refusal names the
sanction (its number and kind) or the profile rule, so the enterprise knows why.
"""
from marketplace.errors import InvalidInput
from marketplace.oversight.compliance import services as compliance
from marketplace.oversight.sanctions import services as sanctions


class OversightRefusal(InvalidInput):
    """Refused by a sanction in force or by the floor's compliance profile."""


def ensure_may_trade(enterprise, *, floor=None, mechanism=None, instrument=None, side=None, quantity=None,
                     field="enterprise"):
    """Refuse an order, bid, auction, floor listing or purchase that a sanction or the floor's profile forbids.

    ``mechanism`` is one of continuous | call_auction | listed_price | auction | negotiated.
    :raise OversightRefusal: naming the sanction or the profile rule, with ``field`` as the input at fault.
    """
    restriction = sanctions.trading_restriction(enterprise)
    if restriction is not None:
        raise OversightRefusal(restriction, {field: [restriction]})
    if floor is not None and mechanism is not None:
        reason = compliance.refusal(floor, mechanism, enterprise, instrument=instrument, side=side,
                                    quantity=quantity)
        if reason is not None:
            raise OversightRefusal(reason, {"mechanism" if field == "enterprise" else field: [reason]})


def ensure_may_list(enterprise, field="enterprise"):
    """Refuse publishing a catalog listing while a sanction forbids the enterprise to trade."""
    restriction = sanctions.trading_restriction(enterprise)
    if restriction is not None:
        raise OversightRefusal(restriction, {field: [restriction]})


def escrow_hold(enterprise):
    """:return: why money may not be released to ``enterprise`` now (a sanction's sentence), or None."""
    return sanctions.escrow_hold(enterprise)
