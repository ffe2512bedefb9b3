"""Import every domain's models so the metadata (and Alembic's autogenerate) sees all tables."""
from marketplace.accounts.models import (  # noqa: F401
    ApiToken, Enterprise, EnterpriseKind, EnterpriseStatusChange, Invitation, Membership, PasswordReset, User,
)
from marketplace.audit.models import AuditHead, AuditRecord  # noqa: F401
from marketplace.idempotency import IdempotencyKey  # noqa: F401
from marketplace.disputes.models import Dispute, DisputeEvidence  # noqa: F401
from marketplace.documents.models import Document  # noqa: F401
from marketplace.escrow.models import Delivery, Escrow, EscrowStatusChange  # noqa: F401
from marketplace.ledger.models import LedgerEntry, LedgerTransaction  # noqa: F401
from marketplace.payments.models import (  # noqa: F401
    GatewayCall, GatewayCustomer, GatewayEvent, Payment, ReconciliationRun, Refund, SavedCard,
)
from marketplace.payouts.models import Payout, PayoutAccount, PayoutBatch  # noqa: F401
from marketplace.bookings.models import BookedSlot, Booking, Closure, OpeningHours  # noqa: F401
from marketplace.catalog.models import Category, Listing, ListingImage, PriceTier  # noqa: F401
from marketplace.orders.models import Order, OrderLine, OrderStatusChange  # noqa: F401
from marketplace.outbox import OutboxConsumption, OutboxEvent  # noqa: F401
from marketplace.sourcing.models import Inquiry, InquiryMessage, Quote, Rfq  # noqa: F401
from trading.auctions.models import Auction, AuctionBid  # noqa: F401
from trading.book.models import BookCommand, FloorOrder, OrderBookHead, Trade  # noqa: F401
from trading.contracts.models import Contract  # noqa: F401
from trading.floors.models import Floor, Instrument  # noqa: F401
from trading.listings.models import FloorListing  # noqa: F401
from logistics.epcis.models import EpcisCapture, EpcisEvent, EpcisEventIdentifier  # noqa: F401
from logistics.readers.models import Antenna, ReadBatch, Reader, ReadPoint, Sighting  # noqa: F401
from logistics.shipments.models import (  # noqa: F401
    Container, PortEvent, Shipment, ShipmentLeg, ShipmentStatusChange, ShipmentUnit, Vessel,
)
from logistics.tagging.models import CompanyPrefix  # noqa: F401
from marketplace.notifications.models import Notification  # noqa: F401
from credit.file.models import OfficialEntry, OfficialEntryStep, PlatformFact  # noqa: F401
from credit.objections.models import CreditEvidence, Objection, RepairApplication  # noqa: F401
from credit.grading.models import CreditStanding, RescoreRun, ScoreModelVersion, ScoreSnapshot  # noqa: F401
from credit.watchlists.models import Watch, WebhookDelivery, WebhookEndpoint  # noqa: F401
from credit.reports.models import CreditReport, ReportAuthorisation, ReportCheck, ReportView  # noqa: F401
from marketplace.accounts.models import EnterpriseParty  # noqa: F401
from marketplace.oversight.cases.models import CaseStep, EvidencePackage, OversightCase  # noqa: F401
from marketplace.oversight.surveillance.models import (  # noqa: F401
    SurveillanceAlert, SurveillanceBacktest, SurveillanceRule, SurveillanceRuleVersion,
)
from marketplace.oversight.sanctions.models import Sanction  # noqa: F401
from marketplace.oversight.complaints.models import Complaint, ComplaintStep  # noqa: F401
from marketplace.oversight.screening.models import ListingScreening, QualityInspection, ScreeningTerm  # noqa: F401
from marketplace.oversight.compliance.models import FloorComplianceProfile  # noqa: F401
from marketplace.oversight.exports.models import OversightAccess, OversightExport  # noqa: F401
