"""Escrow (交易保障): a buyer's money held until delivery and inspection, then released, refunded or split."""
