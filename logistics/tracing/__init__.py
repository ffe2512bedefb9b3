"""Traceability: genealogy of items, pallets, containers and lots through packing and processing events."""
