"""``wikiskills-pack``: list, show, translate, build, check and compare learning packs, without an LMS."""

import argparse
import sys

from . import build, check, diff, translations
from . import pack as packs
from .errors import PackError


def _list(_args, out):
    for name in packs.available_packs():
        try:
            pack = packs.load_pack(name)
        except PackError as error:
            print(f"{name}: cannot be read: {error}", file=out)
            continue
        print(f"{pack.name} {pack.version} ({', '.join(pack.languages)}): {pack.title.value}", file=out)
    return 0


def _show(args, out):
    pack = packs.load_pack(args.pack)
    if args.language and args.language not in pack.languages:
        raise PackError(f"the pack is not available in '{args.language}' (languages: {', '.join(pack.languages)})")
    print(f"{pack.title.value} — {pack.name} {pack.version}", file=out)
    print(f"{pack.summary.value}\nFor: {pack.audience.value}\nAbout {pack.effort_hours:g} hours.", file=out)
    for parameter in pack.parameters.values():
        default = f" (default: {parameter.default})" if parameter.default else " (required)"
        print(f"  --param {parameter.name}=…  {parameter.help}{default}", file=out)
    for chapter in pack.chapters:
        print(f"- {chapter.title.value}", file=out)
        for sequential in chapter.sequentials:
            graded = f"  [graded: {sequential.graded_as}]" if sequential.graded_as else ""
            print(f"  - {sequential.title.value}{graded}", file=out)
            for unit in sequential.units:
                kinds = ", ".join(component.type for component in unit.components)
                print(f"    - {unit.title.value} ({kinds})", file=out)
    for badge in pack.badges:
        print(f"Badge: {badge.name.value} ({badge.slug}), awarded when {badge.awarded_when}", file=out)
    for stage in pack.track_stages:
        kinds = ", ".join(requirement.block or requirement.kind for requirement in stage.requirements)
        print(f"Track stage: {stage.title.value} ({kinds})", file=out)
    complete = True
    for language, (done, total, problems) in translations.completeness(pack).items():
        if args.language in (None, language):
            print(f"Translation {language}: {done}/{total} messages", file=out)
            for problem in problems:
                print(f"  {problem}", file=out)
            complete = complete and done == total and not problems
    if args.language and not complete:
        _print_untranslated(pack, args.language, out)
    return 0 if complete or not args.language else 1


def _print_untranslated(pack, language, out):
    """Where each message without a usable translation is written, so a translator can find it."""
    try:
        missing = translations.Translator(pack, language).missing(pack)
    except PackError:
        missing = translations.messages_of(pack)  # no catalog yet: everything is left
    for message in missing:
        print(f"  untranslated: {message.path}:{message.line}: {message.msgid[:60]!r}", file=out)


def _translations(args, out):
    pack = packs.load_pack(args.pack)
    path = translations.update_catalog(pack, args.language)
    print(f"Wrote {path}", file=out)
    return 0


def _build(args, out):
    options = build.BuildOptions.from_arguments(args)
    result = build.build_archive(options, args.output)
    for warning in result.warnings:
        print(f"warning: {warning}", file=out)
    print(f"Wrote {args.output} ({result.size} bytes, sha256 {result.sha256})", file=out)
    return 0


def _check(args, out):
    report = check.check_path(args.path)
    for problem in report.problems:
        print(f"error: {problem}", file=out)
    for warning in report.warnings:
        print(f"warning: {warning}", file=out)
    if report.problems:
        return 1
    print(f"OK: {report.summary}", file=out)
    return 0


def _diff(args, out):
    changes = diff.compare(args.pack, args.course)
    for line in diff.describe(changes):
        print(line, file=out)
    return 0


def parser():
    top = argparse.ArgumentParser(prog="wikiskills-pack", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="the learning packs and their languages").set_defaults(handler=_list)
    show = commands.add_parser("show", help="a pack's outline, parameters and translations")
    show.add_argument("pack")
    show.add_argument("--language", help="list this language's untranslated messages; exit 1 if any")
    show.set_defaults(handler=_show)
    translate = commands.add_parser("translations", help="create or update a language's catalog, locale/<lang>.po")
    translate.add_argument("pack")
    translate.add_argument("--language", required=True)
    translate.set_defaults(handler=_translations)
    build_command = commands.add_parser("build", help="build a course archive Studio imports")
    build_command.add_argument("pack")
    for name in ("org", "course", "run", "language", "wiki", "start"):
        build_command.add_argument(f"--{name}", required=True)
    build_command.add_argument("--end")
    build_command.add_argument("--wiki-api", help="the wiki's api.php address, for a wiki this tool does not know")
    build_command.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    build_command.add_argument("-o", "--output", required=True)
    build_command.set_defaults(handler=_build)
    check_command = commands.add_parser("check", help="check a course archive or folder before importing it")
    check_command.add_argument("path")
    check_command.set_defaults(handler=_check)
    diff_command = commands.add_parser("diff", help="what a course made from an older pack lacks or changed")
    diff_command.add_argument("pack")
    diff_command.add_argument("course", help="the course exported from Studio (.tar.gz) or a built one")
    diff_command.set_defaults(handler=_diff)
    return top


def main(argv=None, out=None):
    out = out or sys.stdout
    args = parser().parse_args(argv)
    try:
        return args.handler(args, out)
    except PackError as error:
        print(f"wikiskills-pack: error: {error}", file=sys.stderr)
        return 2
