"""Legal rules for the enterprise's self-proof, as data and pure functions (no database, no settings; DESIGN rule 4).

- ``reports``: which 执行报告 periods are due for a permit and by when (条例 Art. 22; HJ 944), defaults in
  ``data/report_deadlines.json``.
- ``monitoring_plan``: self-monitoring frequencies (HJ 819, unverified: ``data/self_monitoring_frequencies.json``)
  and the sampling periods with a result missing (条例 Arts. 19, 20, 36(5)).
- ``crosscheck``: reported figures against self-monitoring, online data and permitted annual totals (条例 Arts.
  34(1), 37(4)); tolerances in ``data/crosscheck_tolerances.json`` are a bureau default, not law.
- ``retention``: records kept at least 5 years (条例 Arts. 19, 21).
"""
