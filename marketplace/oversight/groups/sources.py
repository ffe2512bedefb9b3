"""Read-only reads of other domains' tables that control groups are built from: enterprises, their
members, their settlement accounts, and the parties registered behind them."""
from sqlalchemy import select

from marketplace.accounts.models import Enterprise, EnterpriseParty, Membership, User
from marketplace.extensions import db
from marketplace.oversight.groups.identity import identity_key
from marketplace.oversight.groups.linking import EnterpriseRecord, PartyRecord
from marketplace.payouts.models import PayoutAccount


def enterprise_records():
    """Every enterprise as ``linking`` sees it (public id, own identity key, contacts, account, members)."""
    accounts = dict(db.session.execute(select(PayoutAccount.enterprise_id, PayoutAccount.account_number)).all())
    members = {}
    for enterprise_id, user_id in db.session.execute(select(Membership.enterprise_id, Membership.user_id)):
        members.setdefault(enterprise_id, set()).add(user_id)
    rows = db.session.execute(select(Enterprise.id, Enterprise.public_id, Enterprise.credit_code,
                                     Enterprise.address, Enterprise.contact_phone))
    return [EnterpriseRecord(enterprise=public_id, identity_key=identity_key(credit_code), address=address or "",
                             phone=phone or "", settlement_account=accounts.get(enterprise_id) or "",
                             members=frozenset(members.get(enterprise_id, ())))
            for enterprise_id, public_id, credit_code, address, phone in rows]


def party_records():
    """Every current (not ended) party, named by its enterprise's public id."""
    rows = db.session.execute(
        select(EnterpriseParty, Enterprise.public_id).join(Enterprise, Enterprise.id == EnterpriseParty.enterprise_id)
        .where(EnterpriseParty.ended_at.is_(None)))
    return [PartyRecord(enterprise=public_id, role=party.role, party_kind=party.party_kind,
                        identity_key=party.identity_key, name=party.name, share_percent=party.share_percent)
            for party, public_id in rows]


def enterprises_by_public_id(public_ids):
    """Public id → (name_zh, name_en, credit_code) for the enterprises named."""
    if not public_ids:
        return {}
    rows = db.session.execute(select(Enterprise.public_id, Enterprise.name_zh, Enterprise.name_en, Enterprise.credit_code)
                              .where(Enterprise.public_id.in_(sorted(public_ids))))
    return {public_id: (name_zh, name_en, code) for public_id, name_zh, name_en, code in rows}


def members_named(user_ids):
    """User id → display name, for the "person" links shown to regulators."""
    if not user_ids:
        return {}
    return dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(sorted(user_ids)))).all())
