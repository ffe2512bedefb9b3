"""Translated names of EPCIS event types, actions, CBV 2.0 business steps and dispositions, and capture
job states, as people read them; the codes themselves stay in English in the API and the stored events.
"""
from flask_babel import lazy_gettext as _l

from logistics.epcis.document import BIZ_STEPS, DISPOSITIONS
from marketplace.accounts import labels

labels.register("epcis_event_type", {
    "ObjectEvent": _l("Object event"),
    "AggregationEvent": _l("Aggregation (packing)"),
    "TransactionEvent": _l("Business transaction"),
    "TransformationEvent": _l("Transformation (processing)"),
    "AssociationEvent": _l("Association"),
})
labels.register("epcis_action", {"ADD": _l("Add"), "OBSERVE": _l("Observe"), "DELETE": _l("Delete")})
labels.register("epcis_capture_status", {
    "running": _l("Running"), "succeeded": _l("Succeeded"), "partial": _l("Partly stored"), "failed": _l("Failed, nothing stored"),
})
labels.register("epcis_role", {
    "epc": _l("Objects"), "parent": _l("Parent"), "child": _l("Contents"), "input": _l("Inputs"), "output": _l("Outputs"),
    "biz_transaction": _l("Business transactions"), "source": _l("Sources"), "destination": _l("Destinations"),
})
labels.register("cbv_biz_step", {
    "accepting": _l("Accepting"),
    "arriving": _l("Arriving"),
    "assembling": _l("Assembling"),
    "collecting": _l("Collecting"),
    "commissioning": _l("Commissioning"),
    "consigning": _l("Consigning"),
    "creating_class_instance": _l("Creating class instance"),
    "cycle_counting": _l("Cycle counting"),
    "decommissioning": _l("Decommissioning"),
    "departing": _l("Departing"),
    "destroying": _l("Destroying"),
    "disassembling": _l("Disassembling"),
    "dispensing": _l("Dispensing"),
    "encoding": _l("Encoding"),
    "entering_exiting": _l("Entering or exiting"),
    "holding": _l("Holding"),
    "inspecting": _l("Inspecting"),
    "installing": _l("Installing"),
    "killing": _l("Killing"),
    "loading": _l("Loading"),
    "other": _l("Other"),
    "packing": _l("Packing"),
    "picking": _l("Picking"),
    "receiving": _l("Receiving"),
    "removing": _l("Removing"),
    "repackaging": _l("Repackaging"),
    "repairing": _l("Repairing"),
    "replacing": _l("Replacing"),
    "reserving": _l("Reserving"),
    "retail_selling": _l("Retail selling"),
    "sampling": _l("Sampling"),
    "sensor_reporting": _l("Sensor reporting"),
    "shipping": _l("Shipping"),
    "staging_outbound": _l("Staging outbound"),
    "stock_taking": _l("Stock taking"),
    "stocking": _l("Stocking"),
    "storing": _l("Storing"),
    "transporting": _l("Transporting"),
    "unloading": _l("Unloading"),
    "unpacking": _l("Unpacking"),
    "void_shipping": _l("Void shipping"),
}, sorted(BIZ_STEPS))
labels.register("cbv_disposition", {
    "active": _l("Active"),
    "available": _l("Available"),
    "completeness_verified": _l("Completeness verified"),
    "completeness_inferred": _l("Completeness inferred"),
    "conformant": _l("Conformant"),
    "container_closed": _l("Container closed"),
    "container_open": _l("Container open"),
    "damaged": _l("Damaged"),
    "destroyed": _l("Destroyed"),
    "dispensed": _l("Dispensed"),
    "disposed": _l("Disposed"),
    "encoded": _l("Encoded"),
    "expired": _l("Expired"),
    "in_progress": _l("In progress"),
    "in_transit": _l("In transit"),
    "inactive": _l("Inactive"),
    "mismatch_instance": _l("Mismatch: instance"),
    "mismatch_class": _l("Mismatch: class"),
    "mismatch_quantity": _l("Mismatch: quantity"),
    "needs_replacement": _l("Needs replacement"),
    "no_pedigree_match": _l("No pedigree match"),
    "non_conformant": _l("Non-conformant"),
    "non_sellable_other": _l("Not sellable (other)"),
    "partially_dispensed": _l("Partially dispensed"),
    "recalled": _l("Recalled"),
    "reserved": _l("Reserved"),
    "retail_sold": _l("Retail sold"),
    "returned": _l("Returned"),
    "sellable_accessible": _l("Sellable, accessible"),
    "sellable_not_accessible": _l("Sellable, not accessible"),
    "stolen": _l("Stolen"),
    "unavailable": _l("Unavailable"),
    "unknown": _l("Unknown"),
}, sorted(DISPOSITIONS))
labels.register("rec20_unit", {
    "KGM": _l("kg"), "TNE": _l("t"), "GRM": _l("g"), "MTQ": _l("m³"), "LTR": _l("L"), "H87": _l("pieces"),
    "EA": _l("each"), "CT": _l("cartons"), "XBG": _l("bags"), "XPX": _l("pallets"),
})
