"""Self-proof (自证守法, issue 13; MISSION M3–M5, E5): execution reports, self-monitoring, the management ledger,
cross-checks and permitted annual totals. So far only the pure rule layer (``rules/``) and its data (``data/``)."""
