"""The gateway's webhook: public, since the signature is what authenticates it."""

RULES = {
    "gateway_webhooks.gateway_webhook": "gateway_webhook",
}
