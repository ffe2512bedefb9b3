"""``/api/v1`` for listings and categories. A token reads and changes its own enterprise's listings."""
from flask import g
from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace import policy
from marketplace.accounts.models import User
from marketplace.api import IDEMPOTENCY_KEY_PARAMETER, ProblemSchema, api_blueprint, link_header, page_of, paginate
from marketplace.catalog import services
from marketplace.catalog.lifecycle import ListingStatus
from marketplace.catalog.models import Listing
from marketplace.catalog.schemas import (
    CategorySchema, ImageSchema, ImageUploadSchema, ListingFieldsSchema, ListingInSchema, ListingQuery, ListingSchema,
)
from marketplace.extensions import db
from marketplace.idempotency import idempotent
from marketplace.permissions import requires

blp = api_blueprint("catalog_api", __name__,
                    "Listings of the token's enterprise (products, services, shared resources) and the category tree.")

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`), or a move the "
                                                    "listing's lifecycle forbids"}


def _actor():
    return db.session.get(User, g.principal.user_id)


def _tier_rows(data):
    tiers = data.pop("price_tiers", None)
    return None if tiers is None else [(tier["min_quantity"], tier["unit_price"]) for tier in tiers]


@blp.route("/listings")
class Listings(MethodView):
    @requires(policy.API_CATALOG_READ)
    @blp.arguments(ListingQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(ListingSchema))
    def get(self, limit, cursor, status=None):
        """The enterprise's own listings in every status, oldest first; filter by ``status``."""
        statement = (select(Listing).where(Listing.enterprise_id == g.enterprise.id)
                     .options(selectinload(Listing.images)))
        if status:
            statement = statement.where(Listing.status == status)
        page = paginate(db.session, statement, Listing.id, limit, cursor)
        return page, 200, link_header(page)

    @requires(policy.API_CATALOG_WRITE)
    @idempotent
    @blp.arguments(ListingInSchema)
    @blp.response(201, ListingSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Create a draft. Send an Idempotency-Key header so that a retry never creates two listings."""
        tiers = _tier_rows(data)
        return services.create_listing(_actor(), g.enterprise, data.pop("kind"), data.pop("category"),
                                       price_tiers=tiers, **data)


@blp.route("/listings/<listing_id>")
class OneListing(MethodView):
    @requires(policy.API_CATALOG_READ)
    @blp.response(200, ListingSchema)
    def get(self, listing_id):
        """One of the enterprise's own listings, or any published listing of a verified enterprise."""
        return services.visible_listing(g.principal, listing_id)

    @requires(policy.API_CATALOG_WRITE)
    @blp.arguments(ListingFieldsSchema)
    @blp.response(200, ListingSchema)
    @blp.alt_response(422, **_REFUSED)
    def patch(self, data, listing_id):
        """Change some fields; ``attributes`` and ``price_tiers``, when sent, replace the whole set."""
        listing = services.listing_of(g.enterprise, listing_id)
        tiers = _tier_rows(data)
        return services.update_listing(_actor(), listing, price_tiers=tiers, **data)


def _move(target, name, summary):
    """A POST route that moves the listing to ``target`` (the moves are safe to retry: a repeat gets 422)."""

    class Move(MethodView):
        @requires(policy.API_CATALOG_WRITE)
        @blp.response(200, ListingSchema)
        @blp.alt_response(422, **_REFUSED)
        def post(self, listing_id):
            return services.move_listing(_actor(), services.listing_of(g.enterprise, listing_id), target)

    Move.post.__doc__ = summary
    Move.__name__ = name
    return Move


blp.route("/listings/<listing_id>/publish")(_move(
    ListingStatus.PUBLISHED, "PublishListing", "Publish a draft or paused listing; it must be complete."))
blp.route("/listings/<listing_id>/pause")(_move(
    ListingStatus.PAUSED, "PauseListing", "Hide a published listing for a while."))
blp.route("/listings/<listing_id>/archive")(_move(
    ListingStatus.ARCHIVED, "ArchiveListing", "Withdraw a listing for good."))


@blp.route("/listings/<listing_id>/images")
class NewImage(MethodView):
    @requires(policy.API_CATALOG_WRITE)
    @idempotent
    @blp.arguments(ImageUploadSchema, location="files")
    @blp.response(201, ImageSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, listing_id):
        """Add a picture (multipart field ``image``): PNG, JPEG or WebP up to 5 MB, checked by its content.

        A retry with the same Idempotency-Key and the same picture adds it once, even when the client
        rebuilds the multipart body.
        """
        listing = services.listing_of(g.enterprise, listing_id)
        return services.add_image(_actor(), listing, data["image"].read())


@blp.route("/listings/<listing_id>/images/<image_id>")
class OneImage(MethodView):
    @requires(policy.API_CATALOG_WRITE)
    @blp.response(204)
    def delete(self, listing_id, image_id):
        """Remove a picture and its files. Safe to repeat: a picture already gone gets 404."""
        services.remove_image(_actor(), services.listing_of(g.enterprise, listing_id), image_id)


@blp.route("/categories")
class Categories(MethodView):
    @requires(policy.API_CATALOG_READ)
    @blp.response(200, CategorySchema(many=True))
    def get(self):
        """The category tree, each category with the attributes its listings carry."""
        return services.category_tree()
