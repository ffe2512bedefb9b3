"""Enterprise verification states and the moves an operator may make between them."""
import enum


class EnterpriseStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    SUSPENDED = "suspended"


class EnterpriseKind(enum.StrEnum):
    SUPPLIER = "supplier"
    BUYER = "buyer"
    LOGISTICS = "logistics"
    SERVICE_PROVIDER = "service_provider"


# Binhai New Area functional zones and former districts, the regions enterprises register in.
REGIONS = (
    "teda", "free_trade_zone", "dongjiang_port", "tianjin_port", "lingang", "nangang",
    "eco_city", "high_tech_zone", "central_business_district", "tanggu", "hangu", "dagang",
)

# (from, to) -> whether a reason is required; moves not listed are refused.
MOVES = {
    (EnterpriseStatus.PENDING, EnterpriseStatus.VERIFIED): False,
    (EnterpriseStatus.PENDING, EnterpriseStatus.SUSPENDED): True,
    (EnterpriseStatus.VERIFIED, EnterpriseStatus.SUSPENDED): True,
    (EnterpriseStatus.SUSPENDED, EnterpriseStatus.VERIFIED): False,
}


class IllegalMove(ValueError):
    pass


def check_move(current, target, reason):
    """:raise IllegalMove: when ``current -> target`` is not allowed or lacks a required reason."""
    needs_reason = MOVES.get((EnterpriseStatus(current), EnterpriseStatus(target)))
    if needs_reason is None:
        raise IllegalMove(f"cannot go from {current} to {target}")
    if needs_reason and not (reason or "").strip():
        raise IllegalMove("a reason is required")


def may_trade(status):
    """Only verified enterprises list, trade or act through the API for money or goods."""
    return EnterpriseStatus(status) is EnterpriseStatus.VERIFIED
