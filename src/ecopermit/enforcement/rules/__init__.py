"""Legal rules for penalty cases, as data and pure functions (no database, no settings).

- ``articles.json``: the penalty articles (法律责任) of the 《排污许可管理条例》 (国务院令第736号).
- ``fines``: fine ranges per article and the check of an officer's amount.
- ``daily``: 按日连续处罚 per 《环境保护主管部门实施按日连续处罚办法》 (环境保护部令第28号).
"""
