from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise
from marketplace.database import UTCDateTime, utcnow
from marketplace.extensions import db


class CompanyPrefix(db.Model):
    """A GS1 company prefix an enterprise holds; its length is what turns a GTIN into an EPC.

    Recorded by the enterprise, never looked up from GS1 at run time.
    """

    __tablename__ = "gs1_company_prefixes"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(12), unique=True)  # 6 to 12 digits
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    enterprise: Mapped[Enterprise] = relationship()

    @property
    def length(self):
        return len(self.prefix)
