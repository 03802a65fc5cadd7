from __future__ import annotations

import os
import unicodedata

from django.core.management.base import BaseCommand

from ecopermit.accounts.models import User
from ecopermit.demo.dataset import DEMO_PASSWORD

ROLE_NAMES = {
    "bureau_officer": "分局业务人员",
    "bureau_leader": "分局领导",
    "town_officer": "镇（街）人员",
    "department_officer": "部门人员",
    "enterprise": "企业用户",
    "agency": "第三方服务机构",
    "system_admin": "系统管理员",
    "security_admin": "安全管理员",
    "audit_admin": "审计管理员",
}
ROLE_ORDER = list(ROLE_NAMES)
DISTRICT_WIDE = {"bureau_officer": "全区", "bureau_leader": "全区", "department_officer": ""}
ADMIN_SCOPES = {
    "system_admin": "用户与系统设置",
    "security_admin": "角色与安全策略",
    "audit_admin": "审计日志（只读）",
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def demo_login_rows() -> list[tuple[str, str, str, str]]:
    """(role, username, password, scope) of every demo account, in role order."""
    users = (
        User.objects.filter(is_demo=True)
        .prefetch_related(
            "role_grants__town", "role_grants__park", "role_grants__department", "facility_access__facility"
        )
        .order_by("username")
    )
    rows = []
    for user in users:
        grants = list(user.role_grants.all())
        role = grants[0].role if grants else ""
        scopes = []
        for grant in grants:
            if grant.park is not None:
                scopes.append(grant.park.name)
            elif grant.town is not None:
                scopes.append(grant.town.name)
            elif grant.department is not None:
                scopes.append(f"{grant.department.name}（全区只读）")
            elif grant.role in DISTRICT_WIDE:
                scopes.append(DISTRICT_WIDE[grant.role])
            elif grant.role in ADMIN_SCOPES:
                scopes.append(ADMIN_SCOPES[grant.role])
        scopes += [access.facility.name for access in user.facility_access.all()]
        label = ROLE_NAMES.get(role, role or "（无角色）")
        if role == "town_officer" and any(g.park_id for g in grants):
            label = "园区人员"
        password = DEMO_PASSWORD if user.check_password(DEMO_PASSWORD) else "（已修改）"
        rows.append((label, user.username, password, "、".join(s for s in scopes if s)))
    rows.sort(key=lambda r: (ROLE_ORDER.index(_role_key(r[0])), r[1]))
    return rows


def _role_key(label: str) -> str:
    if label == "园区人员":
        return "town_officer"
    return next((key for key, name in ROLE_NAMES.items() if name == label), ROLE_ORDER[-1])


def login_url() -> str:
    """The address `make demo` serves at: HOST and PORT from the environment (issue 11 item 14)."""
    host = os.environ.get("HOST", "").strip() or "127.0.0.1"
    port = os.environ.get("PORT", "").strip() or "8000"
    return f"http://{host}:{port}/"


class Command(BaseCommand):
    help = "Print the demo accounts (role, username, password, scope) and the address to log in at."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default=None, help="address printed for logging in (default: from HOST, PORT)"
        )

    def handle(self, *args, **options):
        rows = demo_login_rows()
        if not rows:
            self.stdout.write("尚未加载演示数据，没有演示账号。运行 `ecopermit load_demo` 加载。")
            return
        header = ("角色", "用户名", "密码", "范围")
        widths = [max(_width(r[i]) for r in [header, *rows]) + 2 for i in range(3)]
        self.stdout.write("演示账号（仅供演示，数据均为虚构；请勿用于生产环境）")
        self.stdout.write(f"登录地址：{options['url'] or login_url()}")
        self.stdout.write("")
        for row in [header, *rows]:
            self.stdout.write("".join(_pad(row[i], widths[i]) for i in range(3)) + row[3])
