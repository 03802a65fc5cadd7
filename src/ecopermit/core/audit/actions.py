"""What each audit action code means, in words an audit administrator reads (issue 11 item 5).

The audit chain stores the code (``case.accept``, ``login.failure``): codes are stable, names may change. The
screens show the name from this table. Every code the code base writes is here: ``tests/test_audit_actions.py``
reads every ``audit_record(action=...)``, every export and every workflow move in the source and fails on a code
without a name. Codes are grouped into families by their first part, for the filter.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: The families, by the first part of the code, in the order the filter offers them.
FAMILIES: dict[str, Promise] = {
    "login": _("Sign-in"),
    "session": _("Session"),
    "password": _("Password"),
    "2fa": _("Second factor"),
    "user": _("Accounts"),
    "role": _("Accounts"),
    "facility_access": _("Enterprise access"),
    "facility": _("Facilities"),
    "survey": _("Survey import"),
    "paperwork": _("Facilities"),
    "district": _("District data"),
    "catalog": _("Classification"),
    "coverage": _("Classification"),
    "case": _("Rectification cases"),
    "problem": _("Rectification cases"),
    "notice": _("Rectification cases"),
    "document": _("Rectification cases"),
    "service": _("Rectification cases"),
    "closure": _("Closure cases"),
    "list": _("The three lists"),
    "inspections": _("Random inspections"),
    "inspection": _("Random inspections"),
    "penalty": _("Penalty cases"),
    "penalty_case": _("Penalty cases"),
    "monitoring": _("Online monitoring"),
    "alarm": _("Online monitoring"),
    "datalogger": _("Online monitoring"),
    "declaration": _("Online monitoring"),
    "ingest": _("Online monitoring"),
    "evidence": _("Evidence files"),
    "filings": _("Self-proof"),
    "credit": _("Environmental credit"),
    "assistance": _("Service to enterprises"),
    "complaint": _("Complaints"),
    "audit": _("Audit log"),
    "demo": _("Demo data"),
    "disclosure": _("Public disclosure"),
}

ACTIONS: dict[str, Promise] = {
    # accounts and sessions
    "login.success": _("Signed in"),
    "login.password_ok": _("Password accepted, second factor asked"),
    "login.failure": _("Sign-in failed"),
    "login.lockout": _("Sign-in failed, account locked"),
    "login.locked": _("Sign-in refused: account locked"),
    "login.refused_network": _("Sign-in refused: address not allowed"),
    "session.logout": _("Signed out"),
    "session.idle_timeout": _("Signed out after idle time"),
    "session.expired": _("Session expired"),
    "session.refused_network": _("Session ended: address not allowed"),
    "session.second_factor_missing": _("Session ended: second factor missing"),
    "password.change": _("Password changed"),
    "2fa.enrol": _("Authenticator enrolled"),
    "2fa.reset": _("Authenticator reset"),
    "user.create": _("Account created"),
    "user.activate": _("Account enabled"),
    "user.deactivate": _("Account disabled"),
    "user.disable_dormant": _("Dormant account disabled"),
    "role.grant": _("Role granted"),
    "role.revoke": _("Role revoked"),
    "facility_access.grant": _("Enterprise access granted"),
    "facility_access.revoke": _("Enterprise access revoked"),
    # inventory
    "facility.create": _("Facility created"),
    "facility.update": _("Facility changed"),
    "facility.permit_status": _("Permit status changed"),
    "facility.credit_level": _("Credit level published on the facility"),
    "facility.export": _("Facility list exported"),
    "survey.preview": _("Survey file checked"),
    "survey.apply": _("Survey file imported"),
    "paperwork.reminder": _("Paperwork reminder sent"),
    "district.load": _("District data loaded"),
    "catalog.classify": _("Facility classified"),
    "catalog.zones.load": _("Zones loaded"),
    "coverage.export": _("Coverage exported"),
    # rectification cases (cases.states.WORKFLOW, prefix "case.")
    "case.open": _("Case opened"),
    "case.export": _("Case list exported"),
    "case.serve_notice": _("Notice served"),
    "case.submit_plan": _("Rectification plan submitted"),
    "case.approve_plan": _("Rectification plan approved"),
    "case.return_plan": _("Rectification plan returned"),
    "case.request_acceptance": _("Acceptance requested"),
    "case.return_acceptance": _("Acceptance returned"),
    "case.accept": _("Rectification accepted"),
    "case.escalate": _("Case escalated"),
    "case.refer": _("Case referred for penalty"),
    "case.record_service": _("Service recorded"),
    "case.propose_closure": _("Closure proposed"),
    "case.publish": _("Case published"),
    "problem.raise": _("Problem raised"),
    "problem.fix": _("Problem marked fixed"),
    "problem.fix_propose": _("Fix reported by the enterprise"),
    "problem.fix_proposal_withdraw": _("Fix report withdrawn"),
    "problem.fix_confirm": _("Fix confirmed"),
    "problem.fix_reject": _("Fix rejected"),
    "notice.issue": _("Notice issued"),
    "notice.acknowledge": _("Notice acknowledged"),
    "document.upload": _("Document uploaded"),
    "document.review": _("Document reviewed"),
    "service.add": _("Service recorded"),
    "list.export.problems": _("Problem list exported"),
    "list.export.services": _("Service list exported"),
    "list.export.responsibilities": _("Responsibility list exported"),
    # closure cases (cases.closure_states.CLOSURE_WORKFLOW, prefix "closure.")
    "closure.open": _("Closure case opened"),
    "closure.propose": _("Closure proposed"),
    "closure.record_order": _("Closure order recorded"),
    "closure.verify_closed": _("Closure verified"),
    "closure.withdraw": _("Closure withdrawn"),
    "closure.grounds_lapsed": _("Closure grounds lapsed"),
    "closure.export": _("Closure list exported"),
    # random inspections
    "inspections.draw": _("Inspection draw made"),
    "inspections.pool_refresh": _("Inspection pool refreshed"),
    "inspections.plan_create": _("Inspection plan created"),
    "inspections.plan_configure": _("Inspection plan changed"),
    "inspections.inspector_register": _("Inspector registered"),
    "inspections.recusal_add": _("Recusal recorded"),
    "inspections.recusal_remove": _("Recusal removed"),
    "inspections.inspection_create": _("Inspection created"),
    "inspections.inspection_record": _("Inspection recorded"),
    "inspections.inspection_complete": _("Inspection completed"),
    "inspections.inspection_publish": _("Inspection result published"),
    "inspections.finding_add": _("Finding recorded"),
    "inspections.evidence_add": _("Inspection evidence added"),
    "inspections.seed_publish": _("Draw seed published"),
    "inspection.export": _("Inspection list exported"),
    # penalty cases (enforcement.states.WORKFLOW, prefix "penalty.")
    "penalty.file": _("Penalty case filed"),
    "penalty.investigate": _("Penalty case investigated"),
    "penalty.reinvestigate": _("Penalty case back to investigation"),
    "penalty.notify": _("Advance notice served"),
    "penalty.hearing": _("Hearing held"),
    "penalty.hearing_waive": _("Hearing waived"),
    "penalty.statement": _("Statement recorded"),
    "penalty.decide": _("Penalty decided"),
    "penalty.no_penalty": _("Decided: no penalty"),
    "penalty.execute": _("Penalty executed"),
    "penalty.execution": _("Payment recorded"),
    "penalty.close": _("Penalty case closed"),
    "penalty.close_transferred": _("Penalty case closed after transfer"),
    "penalty.withdraw": _("Penalty case withdrawn"),
    "penalty.violation": _("Violation recorded"),
    "penalty.evidence": _("Penalty evidence added"),
    "penalty.transfer": _("Transferred to the police"),
    "penalty_case.export": _("Penalty case list exported"),
    # daily penalty rounds (enforcement.states.ROUND_WORKFLOW, prefix "penalty.daily_")
    "penalty.daily_order": _("Correction order served (daily penalty)"),
    "penalty.daily_reinspect": _("Re-inspection recorded (daily penalty)"),
    "penalty.daily_refusal_found": _("Refusal to correct found (daily penalty)"),
    "penalty.daily_notify": _("Advance notice served (daily penalty)"),
    "penalty.daily_hearing": _("Hearing held (daily penalty)"),
    "penalty.daily_hearing_waive": _("Hearing waived (daily penalty)"),
    "penalty.daily_statement": _("Statement recorded (daily penalty)"),
    "penalty.daily_decide": _("Daily penalty decided"),
    "penalty.daily_ended": _("Daily penalty round ended"),
    "penalty.daily_reminder": _("Daily penalty reminder sent"),
    # online monitoring
    "monitoring.alarm.raise": _("Alarm raised"),
    "monitoring.alarm.close": _("Alarm closed"),
    "monitoring.alarm.close_explained": _("Explained alarm closed"),
    "monitoring.alarm.explain": _("Alarm explained by a declaration"),
    "monitoring.penalty_proposal.create": _("Penalty proposed from an alarm"),
    "monitoring.penalty_proposal.resolve": _("Penalty proposal decided"),
    "monitoring.declaration.submit": _("Declaration submitted"),
    "monitoring.declaration.decide": _("Declaration decided"),
    "monitoring.meter.add": _("Electricity meter added"),
    "monitoring.power.import": _("Electricity data imported"),
    "alarm.export": _("Alarm list exported"),
    # self-proof (filings)
    "filings.report.submit": _("Execution report submitted"),
    "filings.report.resubmit": _("Execution report submitted again"),
    "filings.report.accept": _("Execution report accepted"),
    "filings.report.return": _("Execution report returned"),
    "filings.report.overdue": _("Execution report overdue, raised as a problem"),
    "filings.report.export": _("Execution report list exported"),
    "filings.report.bulk": _("Execution reports entered in bulk from a spreadsheet"),
    "filings.requirement.set": _("Reporting frequency of a permit set"),
    "filings.deadline.set": _("Report deadline moved"),
    "filings.finding.raise": _("Cross-check finding recorded"),
    "filings.finding.confirm": _("Cross-check finding confirmed as untrue reporting"),
    "filings.finding.dismiss": _("Cross-check finding dismissed"),
    "filings.total.over": _("Annual emissions over the permitted total, raised as a problem"),
    "filings.plan.generate": _("Self-monitoring plan generated"),
    "filings.plan.change": _("Self-monitoring plan line changed"),
    "filings.result.add": _("Self-monitoring result entered"),
    "filings.result.over": _("Self-monitoring result over the limit, raised as a problem"),
    "filings.result.export": _("Self-monitoring result list exported"),
    "filings.result.import": _("Self-monitoring results imported from a spreadsheet"),
    "filings.result.online": _("Self-monitoring result taken from the online data"),
    "filings.selfmon.missing": _("Self-monitoring result missing, raised as a problem"),
    "filings.ledger.add": _("Ledger entry recorded"),
    "filings.ledger.correct": _("Ledger entry corrected by a new entry"),
    "filings.ledger.missing": _("No ledger entry in a month, raised as a problem"),
    "filings.ledger.requirement": _("Ledger recording frequency of a permit set"),
    "filings.ledger.export": _("Abnormal ledger events exported"),
    "filings.ledger.import": _("Ledger entries imported from a spreadsheet"),
    # complaints (G1)
    "complaint.file": _("Complaint filed"),
    "complaint.accept": _("Complaint accepted"),
    "complaint.decline": _("Complaint not accepted"),
    "complaint.record_add": _("Complaint site-visit or mediation record added"),
    "complaint.link": _("Complaint linked to a facility"),
    "complaint.route": _("Complaint sent to another town/street"),
    "complaint.extend": _("Complaint handling period extended"),
    "complaint.find": _("Complaint finding made"),
    "complaint.reply": _("Complaint replied to"),
    "complaint.satisfaction": _("Complainant's satisfaction recorded"),
    "complaint.close": _("Complaint closed"),
    "complaint.remind": _("Complaint deadline reminder sent"),
    "complaint.escalate": _("Overdue complaint escalated"),
    "complaint.export": _("Complaint queue exported"),
    "datalogger.export": _("Data logger list exported"),
    "declaration.export": _("Declaration list exported"),
    "ingest.login_refused": _("Data logger refused"),
    # public disclosure (notices, self-disclosure, open days, data-error reports)
    "disclosure.notice.create": _("Notice drafted"),
    "disclosure.notice.update": _("Notice edited"),
    "disclosure.notice.publish": _("Notice published"),
    "disclosure.notice.withdraw": _("Notice withdrawn"),
    "disclosure.notice.republish": _("Notice published again"),
    "disclosure.item.publish": _("Self-disclosure published"),
    "disclosure.item.take_down": _("Self-disclosure taken down"),
    "disclosure.open_day.announce": _("Open day announced"),
    "disclosure.open_day.cancel": _("Open day cancelled"),
    "disclosure.booking.make": _("Open day booked"),
    "disclosure.error_report.submit": _("Data-error report received"),
    "disclosure.error_report.answer": _("Data-error report answered"),
    "disclosure.error_report.correct": _("Data-error report: record corrected"),
    "disclosure.error_report.reject": _("Data-error report not accepted"),
    "disclosure.error_report.correct_later": _("Data-error report: record corrected after the answer"),
    "disclosure.error_report.export": _("Data-error report list exported"),
    # environmental credit (credit.states.WORKFLOW, prefix "credit.level.")
    "credit.event.sync": _("Credit events collected from the other parts"),
    "credit.event.withdraw": _("Credit events withdrawn by their source"),
    "credit.event.record": _("Credit event recorded by hand"),
    "credit.event.retract": _("Credit event recorded by hand taken back"),
    "credit.repair.request": _("Credit repair requested"),
    "credit.repair.grant": _("Credit repair granted"),
    "credit.repair.refuse": _("Credit repair refused"),
    "credit.level.propose": _("Credit level proposed"),
    "credit.level.review": _("Credit level reviewed"),
    "credit.level.publish": _("Credit level published"),
    "credit.level.supersede": _("Published credit level superseded"),
    "credit.scheme.set": _("Credit scoring scheme switched"),
    "credit.export": _("Credit evaluations exported"),
    # the platform itself
    "evidence.mismatch": _("Evidence file does not match its hash"),
    # service to enterprises (issue 15, S1–S7)
    "assistance.slot.generate": _("Consultation sessions added"),
    "assistance.booking.create": _("Consultation booked"),
    "assistance.booking.answer": _("Consultation answered"),
    "assistance.booking.cancel": _("Consultation cancelled"),
    "assistance.booking.publish": _("Consultation published in the public FAQ"),
    "assistance.booking.unpublish": _("Consultation withdrawn from the public FAQ"),
    "assistance.booking.export": _("Consultations exported"),
    "assistance.building.export": _("Temporary-building requests exported"),
    "assistance.guide.assign": _("Environmental guide assigned"),
    "assistance.visit.record": _("Guide visit recorded"),
    "assistance.agency.register": _("Agency registered"),
    "assistance.agency.member_add": _("Account bound to an agency"),
    "assistance.check.record": _("Agency quality check recorded"),
    "assistance.notice.publish": _("Notice on an agency published"),
    "assistance.suspension.decide": _("Agency suspended from the district"),
    "assistance.suspension.lift": _("Agency suspension lifted"),
    "assistance.contract.record": _("Steward contract recorded"),
    "assistance.service.record": _("Steward service recorded"),
    "assistance.shared_report.upload": _("Shared monitoring report uploaded"),
    "assistance.shared_report.cite": _("Shared monitoring report cited"),
    "assistance.joint.record": _("Joint monitoring commission recorded"),
    "assistance.building.submit": _("Temporary building requested"),
    "assistance.building.approve": _("Temporary building approved"),
    "assistance.building.refuse": _("Temporary building refused"),
    "assistance.building.withdraw": _("Temporary building request withdrawn"),
    "assistance.selfcheck.start": _("Self-check started"),
    "assistance.selfcheck.mark": _("Self-check items marked"),
    "assistance.selfcheck.to_plan": _("Self-check items added to the rectification plan"),
    "audit.verify": _("Audit chain verified"),
    "demo.load": _("Demo data loaded"),
}


def object_label(object_type: str) -> str:
    """``cases.rectificationnotice`` → the model's name (限期整改通知书); an unknown type stays as it is."""
    from django.apps import apps  # lazy: the tables above stay importable before the registry is ready

    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name)


def object_type_choices(types: list[str]) -> list[tuple[str, str]]:
    return sorted(((t, object_label(t)) for t in types if t), key=lambda pair: pair[1])


def family(code: str) -> str:
    return code.split(".", 1)[0]


def action_label(code: str) -> str:
    """The name of an action code; an unknown code (an older release's) is shown as it is."""
    label = ACTIONS.get(code)
    return str(label) if label is not None else code


def family_choices() -> list[tuple[str, str]]:
    """The filter's families: one entry per name, with the code prefixes it covers joined by ``,``."""
    grouped: dict[str, list[str]] = {}
    for prefix, name in FAMILIES.items():
        grouped.setdefault(str(name), []).append(prefix)
    return [(",".join(prefixes), name) for name, prefixes in grouped.items()]


def action_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every action, grouped by family, for a ``<select>`` with ``<optgroup>``."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, label in ACTIONS.items():
        name = str(FAMILIES.get(family(code), family(code)))
        groups.setdefault(name, []).append((code, str(label)))
    return list(groups.items())
