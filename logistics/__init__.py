"""Logistics with RFID: shipments, readers, EPC identifiers, EPCIS events, delivery and traceability."""
