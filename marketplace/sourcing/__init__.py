"""Inquiries on listings, requests for quotation (RFQs) to a category, and suppliers' quotes."""
