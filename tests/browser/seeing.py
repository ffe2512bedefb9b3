"""What a person sees, asked the way a person looks: waiting for the page to finish arriving.

``page.is_visible`` answers at once, so a check made while a redirect is still loading failed now
and then; Playwright's ``expect`` retries until the text shows or its patience runs out."""
from playwright.sync_api import expect

PATIENCE_MS = 20_000


def shows(page, text):
    expect(page.locator(f"text={text}").first).to_be_visible(timeout=PATIENCE_MS)
    return True
