"""The command line: studiodash init | sample | import | history | restore | report | user.

Exit codes: 0 done, 1 bad input (every problem printed), 2 usage error, 3 stale data (brief).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import duckdb

from . import labels
from .contract import ROLES


def _progress_bar():
    """A one-line progress bar on stderr when it is a terminal; silent otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(stage: str, what: str, frac: float) -> None:
        width = 30
        done = int(width * frac)
        sys.stderr.write(
            f"\r[{'#' * done}{'.' * (width - done)}] {labels.PROGRESS[stage]} {what:<8} {frac:4.0%}"
        )
        if stage == "done":
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _open(db: str | None):
    from . import db as database

    try:
        return database.connect(db)
    except duckdb.IOException as exc:
        print(labels.IMPORT_DB_BUSY.format(detail=exc), file=sys.stderr)
        raise SystemExit(1) from None


def _open_data(db: str | None):
    """For the commands on the data (report, brief, history, import, restore): a reader on the
    store's current state (db.connect_reader), never the app's database itself, whose one
    read-write lock belongs to the server. So they work while the dashboard serves, and the
    server can start while they run; the server (or the next `studiodash init`) does what
    follows an import for the app's own tables (store.py)."""
    from . import db as database

    return database.connect_reader(db)


def cmd_sample(args: argparse.Namespace) -> int:
    from .sample import write_sample

    for path in write_sample(Path(args.out), args.scale, args.seed):
        print(path)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """The database ready to serve: its schema, and the bundled sample when nothing is loaded."""
    from .sample import ensure_sample

    con = _open(args.db)
    result = ensure_sample(con)
    if result is None:
        print(labels.INIT_READY)
    elif result.ok:
        print(labels.INIT_SAMPLE.format(rows=sum(result.rows.values())))
    else:  # the bundled sample refused: a broken checkout
        for problem in result.problems:
            print("  " + str(problem), file=sys.stderr)
        return 1
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .importer import import_files

    con = _open_data(args.db)
    result = import_files(
        con, args.files, user=args.user, progress=_progress_bar(), mapping=args.map
    )
    if result.ok:
        print(labels.IMPORT_OK.format(import_id=result.import_id))
        for sheet, rows in result.rows.items():
            print(labels.IMPORT_ROWS.format(sheet=sheet, rows=rows))
        if result.reconciled:
            print(labels.IMPORT_RECONCILED.format(n=result.reconciled))
    else:
        print(labels.IMPORT_FAILED.format(count=result.problem_count))
        for problem in result.problems:
            print("  " + str(problem))
        if result.problem_count > len(result.problems):
            print(labels.IMPORT_MORE.format(count=result.problem_count - len(result.problems)))
    if result.warnings:
        print(labels.IMPORT_WARNINGS.format(count=len(result.warnings)))
        for warning in result.warnings:
            print("  " + str(warning))
    return 0 if result.ok else 1


def _header_map(value: str) -> tuple:
    """--map 表头=列名, or 工作表:表头=列名 for one sheet: a pair for import_files' mapping."""
    from .contract import SHEETS_BY_NAME
    from .normalise import fold

    header, sep, column = value.partition("=")
    if not sep or not header.strip() or not column.strip():
        raise argparse.ArgumentTypeError(labels.MAP_BAD_ARG.format(value=value))
    sheet, colon, rest = fold(header).partition(":")  # a full-width colon too
    if colon and sheet.strip() in SHEETS_BY_NAME:
        return (sheet.strip(), rest.strip()), column.strip()
    return header.strip(), column.strip()


def cmd_history(args: argparse.Namespace) -> int:
    from .db import run

    con = _open_data(args.db)
    history = run(con, "schema/import_history")
    if history.empty:
        print(labels.HISTORY_EMPTY)
        return 0
    print(labels.HISTORY_HEADER)
    for r in history.itertuples():
        rows = sum(json.loads(r.rows or "{}").values())
        files = labels.LIST_SEP.join(f["name"] for f in json.loads(r.files or "[]"))
        extra = (
            labels.HISTORY_RESTORED_TO.format(import_id=r.restored_to)
            if r.kind == "restore"
            else files
        )
        print(
            f"{r.import_id:>4}  {r.imported_at:%Y-%m-%d %H:%M:%S}  {labels.KIND[r.kind]}  {r.by_user or '':<10}"
            f"  {rows:>8}  {extra}"
        )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from .versions import RestoreRefused, restore

    con = _open_data(args.db)
    try:
        new_id = restore(con, args.import_id, user=args.user)
    except RestoreRefused as refused:
        print(str(refused), file=sys.stderr)
        return 1
    if new_id is None:
        print(labels.RESTORE_BAD.format(import_id=args.import_id), file=sys.stderr)
        return 1
    print(labels.RESTORE_OK.format(import_id=args.import_id, new_id=new_id))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    import datetime as dt

    from . import report
    from .db import run

    con = _open_data(args.db)
    if report.default_as_of(con) is None:
        print(labels.REPORT_NO_DATA, file=sys.stderr)
        return 1
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    if args.campaign is not None and args.campaign not in set(
        report.campaigns(con, as_of or report.default_as_of(con))["campaign_year"]
    ):
        print(labels.REPORT_BAD_CAMPAIGN.format(year=args.campaign), file=sys.stderr)
        return 2
    if args.unit is not None and run(con, "units", unit=args.unit).empty:
        print(labels.REPORT_BAD_UNIT.format(unit=args.unit), file=sys.stderr)
        return 2
    data = report.build(con, args.campaign, as_of, args.unit)
    if args.format == "json":
        import orjson

        # orjson writes the text json.dumps(ensure_ascii=False) writes, compact by default, in a
        # sixth of the time: a national report is 60 MB (0.5 CPU-s of json.dumps).
        options = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
        text = orjson.dumps(data, option=options | (orjson.OPT_INDENT_2 if args.pretty else 0))
        if args.out:
            Path(args.out).write_bytes(text + b"\n")
        else:
            print(text.decode())
        return 0
    out = Path(args.out or f"report-{data['as_of']}.xlsx")
    out.write_bytes(report.report_workbook(data))
    print(out)
    return 0


def _brief_scope(
    con: duckdb.DuckDBPyConnection, args: argparse.Namespace, stale_unless_dated: bool
) -> tuple[int | None, object]:
    """The checks `brief` and `push` share: (an exit code when refused, else None; the as-of).
    No data 1; a date past the data's, an unknown campaign or unit 2; stale data 3 unless
    --allow-stale (or, for `brief`, an explicit --as-of: a deliberate look at that day)."""
    import datetime as dt

    from . import brief, report
    from .db import run

    data_as_of = report.default_as_of(con)
    if data_as_of is None:
        print(labels.REPORT_NO_DATA, file=sys.stderr)
        return 1, None
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    if as_of is not None and as_of > data_as_of:
        print(labels.BRIEF_AS_OF_LATE.format(date=as_of, data=data_as_of), file=sys.stderr)
        return 2, None
    if args.campaign is not None and args.campaign not in set(
        report.campaigns(con, as_of or data_as_of)["campaign_year"]
    ):
        print(labels.REPORT_BAD_CAMPAIGN.format(year=args.campaign), file=sys.stderr)
        return 2, None
    if args.unit is not None and run(con, "units", unit=args.unit).empty:
        print(labels.REPORT_BAD_UNIT.format(unit=args.unit), file=sys.stderr)
        return 2, None
    dated = stale_unless_dated and as_of is not None
    stale = None if dated or args.allow_stale else brief.stale(con)
    if stale:
        print(stale, file=sys.stderr)
        return 3, None
    return None, as_of


def cmd_brief(args: argparse.Namespace) -> int:
    """The leadership briefing (dashboard/brief.py) as PDF, PNG or markdown. Refused (exit 3) when
    the data are older than brief_stale_days, unless --allow-stale; an explicit --as-of (a date
    the data reach) is a deliberate look at that day and is not refused as stale."""
    import re

    from . import brief

    con = _open_data(args.db)
    code, as_of = _brief_scope(con, args, stale_unless_dated=True)
    if code is not None:
        return code
    renderer = None
    try:
        if args.format != "md":  # Chromium starts while the figures are gathered
            renderer = brief.Renderer(args.format)
        data = brief.gather(con, args.campaign, as_of, args.unit)
        if args.format == "md":
            text = brief.markdown(data)
            if args.out:
                Path(args.out).write_text(text + "\n", encoding="utf-8")
            else:
                print(text)
            return 0
        unit = "-" + re.sub(r'[\\/:*?"<>|\s]', "_", args.unit) if args.unit else ""
        out = Path(args.out or f"brief-{data['as_of']}{unit}.{args.format}")
        out.write_bytes(renderer.render(data))
    except brief.RendererMissing as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        if renderer is not None:
            renderer.close()
    print(labels.BRIEF_WRITTEN.format(path=out))
    return 0


def _date(text: str) -> str:
    import datetime as dt

    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(labels.BAD_DATE_ARG) from None
    return text


def _read_password(args: argparse.Namespace) -> str:
    """From stdin with --password-stdin (one line), else from a prompt typed twice."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass(labels.AUTH_PASSWORD_PROMPT)
    if getpass.getpass(labels.AUTH_PASSWORD_AGAIN) != first:
        raise SystemExit(labels.AUTH_PASSWORD_MISMATCH)
    return first


def cmd_user(args: argparse.Namespace) -> int:
    from . import auth
    from .db import run

    con = _open(args.db)
    by = args.by or labels.BY_CLI
    try:
        if args.action == "list":
            print(labels.USERS_HEADER)
            for r in run(con, "schema/users_list").itertuples():
                locked = (
                    ""
                    if r.locked_until is None or str(r.locked_until) == "NaT"
                    else f"{r.locked_until:%Y-%m-%d %H:%M}"
                )
                print(
                    f"{r.username:<14}{r.role:<8}{(r.unit or ''):<12}{labels.YES if r.is_demo else '':<5}{locked}"
                )
        elif args.action == "add":
            auth.add_user(con, args.username, _read_password(args), args.role, args.unit, by=by)
            print(
                labels.AUTH_USER_ADDED.format(
                    username=args.username,
                    role=args.role,
                    unit=labels.WITH_UNIT.format(unit=args.unit) if args.unit else "",
                )
            )
        elif args.action == "remove":
            auth.remove_user(con, args.username, by=by)
            print(labels.AUTH_USER_REMOVED.format(username=args.username))
        elif args.action == "passwd":
            auth.set_password(con, args.username, _read_password(args), by=by)
            print(labels.AUTH_PASSWORD_SET.format(username=args.username))
    except auth.AuthError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def cmd_inspections(args: argparse.Namespace) -> int:
    """export: the app's inspection records not yet imported, as a 检查记录 sheet (xlsx, CSV)."""
    from . import auth, inspections
    from .versions import whoami

    con = _open(args.db)
    frame = inspections.export_frame(con, args.since, args.unit)
    out = Path(args.out or ".")
    out.mkdir(parents=True, exist_ok=True)
    print(labels.INSPECTIONS_EXPORTED.format(n=len(frame)))
    for name, data in inspections.sheet_files(frame).items():
        (out / name).write_bytes(data)
        print(out / name)
    detail = {"rows": len(frame), "since": args.since, "unit": args.unit, "file": str(out)}
    auth.audit(con, args.by or whoami(), "inspection_export", detail)
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    """The briefing's markdown digest, then (企业微信 only) its one-page PNG, to a group robot.
    The webhook and 钉钉's signing secret come from the environment or a file, never from the
    command line (push.resolve_target); a stale briefing is refused as `brief` refuses it."""

    from . import brief, push

    try:
        target = push.resolve_target(args.webhook, args.webhook_file, args.kind, args.secret_file)
    except push.PushUsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    for note in target.notes:
        print(note, file=sys.stderr)
    con = _open_data(args.db)
    code, as_of = _brief_scope(con, args, stale_unless_dated=False)
    if code is not None:
        return code  # as `studiodash brief`: nothing made and nothing sent
    data = brief.gather(con, args.campaign, as_of, args.unit)
    digest = brief.markdown(data)
    try:
        # 钉钉's custom robot takes no uploaded image (dashboard/push.py): no page to render
        image = brief.png(data) if target.kind == "wecom" else None
    except RuntimeError as exc:  # no Chromium, or it failed: nothing sent
        print(exc, file=sys.stderr)
        return 1
    try:
        sent = push.send(target.url, target.kind, digest, image, target.secret)
    except push.PushFailed as exc:
        print(labels.PUSH_NOT_SENT.format(reason=exc), file=sys.stderr)
        return 1
    for message in sent:
        print(
            labels.PUSH_SENT.format(
                what=labels.PUSH_WHAT[message["msgtype"]],
                size=message["bytes"],
                msgtype=message["msgtype"],
                platform=labels.PUSH_PLATFORM[target.kind],
                url=target.masked_url,
            )
        )
    if target.kind == "dingtalk":
        print(labels.PUSH_DINGTALK_NO_IMAGE)
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    """The two import templates (template.py) into --out, the unit dropdowns from the data's
    units when the store holds any (else the bundled sample's)."""
    from . import template

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    con = _open_data(args.db)
    try:
        books = template.workbooks(con)
    finally:
        con.close()
    for name, data in books.items():
        (out / name).write_bytes(data)
        print(out / name)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="studiodash", description=labels.APP_TITLE)
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("init", help=labels.CLI_HELP["init"])
    s.add_argument("--db")
    s.set_defaults(func=cmd_init)

    s = sub.add_parser("sample", help=labels.CLI_HELP["sample"])
    s.add_argument("--out", required=True)
    s.add_argument("--scale", choices=("city", "province", "national"), default="city")
    s.add_argument("--seed", type=int, default=42)
    s.set_defaults(func=cmd_sample)

    s = sub.add_parser("import", help=labels.CLI_HELP["import"])
    s.add_argument("--db")
    s.add_argument("--user", help=labels.CLI_HELP["import_user"])
    s.add_argument(
        "--map",
        action="append",
        type=_header_map,
        default=[],
        metavar=labels.MAP_METAVAR,
        help=labels.CLI_HELP["import_map"],
    )
    s.add_argument("files", nargs="+", metavar="FILE_OR_FOLDER")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("report", help=labels.CLI_HELP["report"])
    s.add_argument("--db")
    s.add_argument("--campaign", type=int)
    s.add_argument("--as-of", type=_date)
    s.add_argument("--unit")
    s.add_argument("--format", choices=("json", "xlsx"), default="json")
    s.add_argument("--out")
    s.add_argument("--pretty", action="store_true", help=labels.CLI_HELP["pretty"])
    s.set_defaults(func=cmd_report)

    s = sub.add_parser("brief", help=labels.CLI_HELP["brief"])
    s.add_argument("--db")
    s.add_argument("--campaign", type=int)
    s.add_argument("--as-of", type=_date)
    s.add_argument("--unit")
    s.add_argument(
        "--format",
        choices=("pdf", "png", "md"),
        required=True,
        help=labels.CLI_HELP["brief_format"],
    )
    s.add_argument("--out", help=labels.CLI_HELP["brief_out"])
    s.add_argument("--allow-stale", action="store_true", help=labels.CLI_HELP["allow_stale"])
    s.set_defaults(func=cmd_brief)

    s = sub.add_parser("user", help=labels.CLI_HELP["user"])
    s.add_argument("action", choices=("add", "list", "remove", "passwd"))
    s.add_argument("username", nargs="?")
    s.add_argument("--role", choices=ROLES)
    s.add_argument("--unit", help=labels.CLI_HELP["user_unit"])
    s.add_argument("--password-stdin", action="store_true", help=labels.CLI_HELP["password_stdin"])
    s.add_argument("--by", help=labels.CLI_HELP["by"])
    s.add_argument("--db")
    s.set_defaults(func=cmd_user)

    s = sub.add_parser("history", help=labels.CLI_HELP["history"])
    s.add_argument("--db")
    s.set_defaults(func=cmd_history)

    s = sub.add_parser("restore", help=labels.CLI_HELP["restore"])
    s.add_argument("--db")
    s.add_argument("--user")
    s.add_argument("import_id", type=int)
    s.set_defaults(func=cmd_restore)

    s = sub.add_parser("inspections", help=labels.CLI_HELP["inspections"])
    s.add_argument("action", choices=("export",))
    s.add_argument("--since", type=_date, help=labels.CLI_HELP["since"])
    s.add_argument("--unit", help=labels.CLI_HELP["user_unit"])
    s.add_argument("--out", help=labels.CLI_HELP["out_dir"])
    s.add_argument("--by", help=labels.CLI_HELP["by"])
    s.add_argument("--db")
    s.set_defaults(func=cmd_inspections)

    s = sub.add_parser("push", help=labels.CLI_HELP["push"])
    where = s.add_mutually_exclusive_group()
    where.add_argument("--webhook", metavar="URL", help=labels.CLI_HELP["push_webhook"])
    where.add_argument("--webhook-file", metavar="FILE", help=labels.CLI_HELP["push_webhook_file"])
    s.add_argument("--kind", choices=("wecom", "dingtalk"), help=labels.CLI_HELP["push_kind"])
    s.add_argument("--secret-file", metavar="FILE", help=labels.CLI_HELP["push_secret_file"])
    s.add_argument("--campaign", type=int)
    s.add_argument("--as-of", type=_date)
    s.add_argument("--unit")
    s.add_argument("--allow-stale", action="store_true", help=labels.CLI_HELP["push_allow_stale"])
    s.add_argument("--db")
    s.set_defaults(func=cmd_push)

    s = sub.add_parser("template", help=labels.CLI_HELP["template"])
    s.add_argument("--out", required=True, help=labels.CLI_HELP["template_out"])
    s.add_argument("--db")
    s.set_defaults(func=cmd_template)
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if args.command == "user" and args.action != "list" and not args.username:
        p.error(labels.CLI_NEED_USERNAME)
    if args.command == "user" and args.action == "add" and not args.role:
        p.error(labels.CLI_NEED_ROLE)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except SystemExit:
        raise
    except Exception as exc:  # never a traceback for the user; STUDIODASH_DEBUG=1 shows it
        if os.environ.get("STUDIODASH_DEBUG"):
            raise
        print(labels.INTERNAL_ERROR.format(detail=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
