"""Translated names of the catalog's codes: kinds, statuses, price bases, units, attributes and their values.

Registered with the platform's label families, so pages write ``code|label("unit")`` like any
other code; attribute values have their own lookup since the same word may mean different things
under different attributes.
"""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels
from marketplace.catalog.lifecycle import ListingKind, ListingStatus, PriceBasis
from marketplace.i18n import in_reader_language
from marketplace.money import Unit

labels.register("listing_kind", {
    ListingKind.PRODUCT: _l("Product"),
    ListingKind.SERVICE: _l("Service"),
    ListingKind.RESOURCE: _l("Shared resource"),
}, tuple(ListingKind))

labels.register("listing_status", {
    ListingStatus.DRAFT: _l("Draft"),
    ListingStatus.PUBLISHED: _l("Published"),
    ListingStatus.PAUSED: _l("Paused"),
    ListingStatus.ARCHIVED: _l("Archived"),
    ListingStatus.PENDING_REVIEW: _l("Waiting for review"),
}, tuple(ListingStatus))

labels.register("price_basis", {
    PriceBasis.FIXED: _l("Fixed price"),
    PriceBasis.PER_HOUR: _l("Per hour"),
    PriceBasis.PER_SAMPLE: _l("Per sample"),
    PriceBasis.PER_PROJECT: _l("Per project"),
    PriceBasis.ON_QUOTATION: _l("On quotation"),
}, tuple(PriceBasis))

labels.register("unit", {
    Unit.TONNE: _l("tonne"),
    Unit.KILOGRAM: _l("kg"),
    Unit.CUBIC_METRE: _l("m³"),
    Unit.LITRE: _l("litre"),
    Unit.TEU: _l("TEU"),
    Unit.PIECE: _l("piece"),
    Unit.SET: _l("set"),
    Unit.SAMPLE: _l("sample"),
    Unit.HOUR: _l("hour"),
    Unit.DAY: _l("day"),
    Unit.TRIP: _l("trip"),
    Unit.PROJECT: _l("project"),
}, tuple(Unit))

labels.register("listing_field", {
    "price_tiers": _l("Price tiers"),
    "price_basis": _l("Price basis"),
    "service_scope": _l("Scope of the service"),
    "location": _l("Location"),
    "slot_minutes": _l("Length of one bookable slot"),
    "min_order_quantity": _l("Minimum order quantity"),
    "unit": _l("Unit"),
    "stock": _l("Stock"),
})

# The buttons that move a listing, named for what they do.
MOVE_NAMES = {
    ListingStatus.PUBLISHED: _l("Publish"),
    ListingStatus.PAUSED: _l("Pause"),
    ListingStatus.ARCHIVED: _l("Archive"),
}

labels.register("listing_attribute", {
    "grade": _l("Grade"),
    "diameter_mm": _l("Diameter (mm)"),
    "length_m": _l("Length (m)"),
    "standard": _l("Standard"),
    "thickness_mm": _l("Thickness (mm)"),
    "width_mm": _l("Width (mm)"),
    "length_mm": _l("Length (mm)"),
    "coil_weight_t": _l("Coil weight (t)"),
    "shape": _l("Shape"),
    "size": _l("Size"),
    "pipe_type": _l("Pipe type"),
    "outer_diameter_mm": _l("Outer diameter (mm)"),
    "wall_thickness_mm": _l("Wall thickness (mm)"),
    "cas_number": _l("CAS number"),
    "purity_percent": _l("Purity (%)"),
    "un_number": _l("UN number"),
    "hazard_class": _l("Hazard class"),
    "packaging": _l("Packaging"),
    "commodity": _l("Commodity"),
    "moisture_percent": _l("Moisture (%)"),
    "origin": _l("Origin"),
    "harvest_year": _l("Harvest year"),
    "trace_lot": _l("Trace lot"),
    "color_grade": _l("Colour grade"),
    "staple_length_mm": _l("Staple length (mm)"),
    "micronaire": _l("Micronaire"),
    "strength_cn_tex": _l("Strength (cN/tex)"),
    "species": _l("Species"),
    "preservation": _l("Preservation"),
    "size_grade": _l("Size grade"),
    "vessel_type": _l("Vessel type"),
    "dwt_tonnes": _l("Deadweight (t)"),
    "load_port": _l("Load port (UN/LOCODE)"),
    "discharge_port": _l("Discharge port (UN/LOCODE)"),
    "laycan_from": _l("Laycan from"),
    "laycan_to": _l("Laycan to"),
    "cargo": _l("Cargo"),
    "standards": _l("Standards covered"),
    "accreditations": _l("Accreditations"),
    "turnaround_days": _l("Turnaround (days)"),
    "sample_requirements": _l("Sample requirements"),
    "discipline": _l("Discipline"),
    "software": _l("Software"),
    "deliverables": _l("Deliverables"),
    "field": _l("Field of research"),
    "ip_ownership": _l("Ownership of results"),
    "team_size": _l("Team size"),
    "process": _l("Process"),
    "materials": _l("Materials"),
    "monthly_capacity": _l("Monthly capacity"),
    "manufacturer": _l("Manufacturer"),
    "model": _l("Model"),
    "specs": _l("Specifications"),
    "year_built": _l("Year built"),
})

_VALUES = {
    "hazard_class": {
        "none": _l("Not dangerous goods"), "1": _l("Class 1: explosives"), "2": _l("Class 2: gases"),
        "3": _l("Class 3: flammable liquids"), "4": _l("Class 4: flammable solids"),
        "5": _l("Class 5: oxidisers and organic peroxides"), "6": _l("Class 6: toxic and infectious substances"),
        "7": _l("Class 7: radioactive material"), "8": _l("Class 8: corrosives"),
        "9": _l("Class 9: miscellaneous dangerous goods"),
    },
    "commodity": {
        "corn": _l("Corn"), "soybean": _l("Soybeans"), "rice": _l("Rice"), "wheat": _l("Wheat"),
        "sorghum": _l("Sorghum"), "barley": _l("Barley"), "cotton": _l("Cotton"),
    },
    # The steel floor's products; on other floors "product" is free text, shown as typed.
    "product": {"rebar": _l("Rebar"), "wire_rod": _l("Wire rod"), "plate": _l("Plate"),
                "hot_rolled_coil": _l("Hot-rolled coil"), "section": _l("Section steel")},
    "grade": {
        "grade_1": _l("Grade 1"), "grade_2": _l("Grade 2"), "grade_3": _l("Grade 3"), "grade_4": _l("Grade 4"),
        "grade_5": _l("Grade 5"), "off_grade": _l("Off grade"),
    },
    "color_grade": {
        "white_11": _l("White 11"), "white_21": _l("White 21"), "white_31": _l("White 31"),
        "white_41": _l("White 41"), "light_spotted": _l("Light spotted"), "spotted": _l("Spotted"),
    },
    "preservation": {"fresh": _l("Fresh"), "chilled": _l("Chilled"), "frozen": _l("Frozen"), "dried": _l("Dried")},
    "shape": {"h_beam": _l("H-beam"), "i_beam": _l("I-beam"), "angle": _l("Angle"), "channel": _l("Channel")},
    "pipe_type": {"seamless": _l("Seamless"), "erw": _l("Welded (ERW)"), "lsaw": _l("Welded (LSAW)"),
                  "ssaw": _l("Spiral welded (SSAW)")},
    "vessel_type": {
        "bulk_carrier": _l("Bulk carrier"), "container_ship": _l("Container ship"), "tanker": _l("Tanker"),
        "chemical_tanker": _l("Chemical tanker"), "general_cargo": _l("General cargo ship"),
        "ro_ro": _l("Ro-ro ship"), "barge": _l("Barge"),
    },
    "discipline": {"industrial": _l("Industrial design"), "mechanical": _l("Mechanical design"),
                   "structural": _l("Structural design"), "electrical": _l("Electrical design"),
                   "packaging": _l("Packaging design")},
    "ip_ownership": {"client": _l("The client"), "provider": _l("The provider"), "shared": _l("Shared")},
    "process": {"machining": _l("CNC machining"), "casting": _l("Casting"), "forging": _l("Forging"),
                "stamping": _l("Stamping"), "welding": _l("Welding"), "injection_moulding": _l("Injection moulding"),
                "assembly": _l("Assembly")},
}


def attribute_value(value, name):
    """The reader's words for the value of attribute ``name`` (codes translated, lists joined)."""
    if isinstance(value, list):
        return ", ".join(str(attribute_value(item, name)) for item in value)
    if name == "un_number":
        return f"UN {value}"
    return _VALUES.get(name, {}).get(value, value)


def attribute_choices(attribute):
    """``(code, name)`` pairs for a choice attribute's select or checkboxes."""
    return [(code, str(attribute_value(code, attribute.name))) for code in attribute.choices]


def category_name(category):
    return in_reader_language(category.name_zh, category.name_en)


def listing_title(listing):
    return in_reader_language(listing.title_zh, listing.title_en)


def listing_description(listing):
    return in_reader_language(listing.description_zh, listing.description_en)
