"""The HJ 212 listener (MISSION M1): ``ecopermit ingest``.

- ``server.py``: the asyncio TCP server: framing per connection (the codec's ``Framer``), device check,
  limits, group commit to the spool, answers (9014/9013/9011) only after the spool's fsync;
- ``spool.py``: the on-disk append-only spool (segments of length+CRC32 records), replayed on start;
- ``writer.py`` + ``store.py``: the thread that moves spooled frames into the database in bulk;
- ``convert.py``: frames → Upload and Reading rows (pure);
- ``archive.py``: the dated raw-frame archive, one line per frame;
- ``status.py``: the JSON snapshot the status page reads;
- ``partitions.py``: monthly partitions of the readings table on PostgreSQL;
- ``simulator.py``: ``ecopermit simulate-loggers``.

The design (formats, the ack rule, limits, outage and kill -9) is written up in docs/monitoring.md.
"""
