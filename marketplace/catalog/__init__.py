"""Listings (products, services, shared resources), the category tree and attribute schemas."""
