"""A filled-in notice for the tests, the benchmark and looking at the layout.

Run as `.venv/bin/python -m ecopermit.core.documents.sample /tmp/sample_notice` to write
/tmp/sample_notice.pdf and /tmp/sample_notice.docx.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

FACILITY = "舟山市定海区金塘船舶修造有限公司"
DEADLINE = "2027年3月31日"
PROBLEMS = (
    "未依法申领排污许可证，擅自排放大气污染物（违反《排污许可管理条例》第二条）；",
    "喷涂车间挥发性有机物废气未经收集处理直接排放，排放口未按规定设置采样孔和标志牌；",
    "未按规定建立环境管理台账，未开展自行监测并公开监测信息。",
)


def sample_notice() -> dict[str, Any]:
    return {
        "issuer": "舟山市生态环境局定海分局",
        "doc_number": "舟定环整〔2026〕第12号",
        "title": "排污许可限期整改通知书",
        "addressee": FACILITY,
        "body_paragraphs": [
            "2026年11月18日，我局执法人员对你单位进行了现场检查。经查，你单位存在下列问题：",
        ],
        "items": list(PROBLEMS),
        "closing": [
            f"根据《排污许可管理条例》第三十三条、第三十四条之规定，现责令你单位于{DEADLINE}前"
            "完成上述问题的整改，并将整改情况书面报送我局。逾期未完成整改的，我局将依法予以处罚。",
            "如对本通知有异议，可在收到本通知之日起六十日内向舟山市人民政府申请行政复议，"
            "或者在六个月内向人民法院提起行政诉讼。",
        ],
        "issue_date": dt.date(2026, 12, 1),
        "cc": ["定海区金塘镇人民政府", "舟山市生态环境保护综合行政执法队"],
    }


def main(argv: list[str]) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecopermit.config.settings.dev")
    django.setup()
    from ecopermit.core.documents import render_official

    stem = Path(argv[1] if len(argv) > 1 else "sample_notice")
    for fmt in ("pdf", "docx"):
        path = stem.with_suffix(f".{fmt}")
        path.write_bytes(render_official(sample_notice(), fmt))
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
