"""Orders: from buying a listing or accepting a quote, up to "awaiting payment" (settlement continues)."""
