"""``manage.py wikiskills_doctor [--json]``: is this WikiSkills installation healthy? Exit 1 on any FAIL."""

import json

from django.core.management.base import BaseCommand

from wikiskills.integrations.wikiskills_core import doctor
from wikiskills.integrations.wikiskills_core.doctor_messages import describe


class Command(BaseCommand):
    help = (
        "Check the wikis, the User-Agent contact, bot logins, the Celery broker and beat schedule, stuck "
        "edit checks and peer-review leases, badge issuer keys and documents, migrations and translations. "
        "Prints one line per finding (OK, WARN or FAIL, with what to do) and exits with 1 if anything "
        "failed, so monitoring can run it."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the findings as JSON (codes, details, words)")

    def handle(self, *args, **options):
        findings = doctor.run_checks()
        if options["json"]:
            self.stdout.write(json.dumps([_as_json(finding) for finding in findings], indent=2, default=str))
        else:
            for finding in findings:
                self.stdout.write(_line(finding))
        if doctor.worst(findings) == doctor.FAIL:
            raise SystemExit(1)


def _as_json(finding):
    summary, action = describe(finding)
    return {**finding.as_dict(), "summary": summary, "what_to_do": action}


def _line(finding):
    summary, action = describe(finding)
    line = f"{finding.status:<4} {finding.name}: {summary}"
    return f"{line} What to do: {action}" if action else line
