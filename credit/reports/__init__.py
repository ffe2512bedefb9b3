"""Who sees what: public summaries, authorised detailed reports and their view log, report PDFs and their verification."""
