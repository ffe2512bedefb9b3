"""Contracts, statements and receipts as stored PDFs, bilingual (Chinese and English on one page)."""
