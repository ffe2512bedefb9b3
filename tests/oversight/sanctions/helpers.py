"""Sanctions as two regulators decide them: one proposes, another approves."""
from marketplace.oversight.sanctions import services as sanctions


def decided(world, enterprise, kind="trading_suspension", reason="Wash trades with a related enterprise.", **more):
    """A sanction proposed by one regulator and approved by another; :return: (sanction, proposer, approver)."""
    proposer, approver = world.regulator(), world.regulator()
    sanction = sanctions.propose(proposer, enterprise, kind, reason, **more)
    return sanctions.approve(approver, sanction), proposer, approver
