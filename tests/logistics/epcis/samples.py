"""EPCIS 2.0 events and documents the tests capture, built fresh each time so tests can change them."""

SGTIN = "urn:epc:id:sgtin:0614141.812345.6789"
SGTIN_2 = "urn:epc:id:sgtin:0614141.812345.6790"
SSCC = "urn:epc:id:sscc:0614141.1234567890"
DOCK = "urn:epc:id:sgln:0614141.00777.0"
LOT = "urn:epc:class:lgtin:4012345.012345.998877"


def object_event(epc=SGTIN, **fields):
    return {
        "type": "ObjectEvent",
        "eventTime": "2026-08-13T09:14:28.651+08:00",
        "eventTimeZoneOffset": "+08:00",
        "action": "OBSERVE",
        "epcList": [epc],
        "bizStep": "shipping",
        "disposition": "in_transit",
        "readPoint": {"id": DOCK},
        **fields,
    }


def aggregation_event(parent=SSCC, children=(SGTIN, SGTIN_2), **fields):
    return {
        "type": "AggregationEvent",
        "eventTime": "2026-08-12T15:00:00Z",
        "eventTimeZoneOffset": "+08:00",
        "action": "ADD",
        "parentID": parent,
        "childEPCs": list(children),
        "bizStep": "packing",
        "disposition": "in_progress",
        **fields,
    }


def transaction_event(**fields):
    return {
        "type": "TransactionEvent",
        "eventTime": "2026-08-13T10:00:00+08:00",
        "eventTimeZoneOffset": "+08:00",
        "action": "ADD",
        "epcList": [SSCC],
        "bizTransactionList": [{"type": "bol", "bizTransaction": "urn:epcglobal:cbv:bt:0614141073467:BL-2026-1"}],
        **fields,
    }


def transformation_event(**fields):
    return {
        "type": "TransformationEvent",
        "eventTime": "2026-08-10T08:00:00+08:00",
        "eventTimeZoneOffset": "+08:00",
        "inputQuantityList": [{"epcClass": LOT, "quantity": 1200, "uom": "KGM"}],
        "outputEPCList": [SGTIN, SGTIN_2],
        "bizStep": "commissioning",
        **fields,
    }


def document(*events):
    return {
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-08-13T09:20:00+08:00",
        "epcisBody": {"eventList": list(events)},
    }
