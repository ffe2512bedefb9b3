"""Import every domain's models so the metadata (and Alembic's autogenerate) sees all tables."""
from marketplace.accounts.models import (  # noqa: F401
    ApiToken, Enterprise, EnterpriseKind, EnterpriseStatusChange, Invitation, Membership, PasswordReset, User,
)
from marketplace.audit.models import AuditHead, AuditRecord  # noqa: F401
from marketplace.idempotency import IdempotencyKey  # noqa: F401
