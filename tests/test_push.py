"""Pushing the briefing to a 企业微信 or 钉钉 group robot (dashboard/push.py, studiodash push),
against a robot played by a local HTTP server on 127.0.0.1 — never a real endpoint. The robot
checks each payload (shape, byte limits, the image's base64 and md5) and 钉钉's timestamp and
sign, answers with the platform's errcodes, and can be told to fail."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest

from dashboard import labels, push
from tests.conftest import ROOT

KEY = "wecomkey-5d1c2f0e-test-never-printed"
TOKEN = "dingtoken0123456789abcdef-never-printed"
SECRET = "SECdingsecret-test-never-printed"
# A PNG's signature and a little more: the robot checks bytes, base64 and md5, not pixels.
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
DIGEST = "# 创新工作室创建简报\n\n**数据截至** 2023-12-31\n\n- 目标 40，已命名 1\n"

# Nothing in these tests may leave this machine, whatever proxy the environment names.
NO_PROXY = {"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for name, value in NO_PROXY.items():
        monkeypatch.setenv(name, value)
    for name in ("STUDIODASH_PUSH_WEBHOOK", "STUDIODASH_PUSH_SECRET"):
        monkeypatch.delenv(name, raising=False)


def expected_sign(secret: str, timestamp: str) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


class Robot:
    """A 企业微信 or 钉钉 robot on 127.0.0.1. `fail` is a queue of answers to give instead of
    the normal one (("http", 500), ("errcode", 93000, "invalid webhook url"), ("text", "…"),
    ("redirect", url)); `always` is given to every request once the queue is empty; `delay`
    holds each answer back (seconds). Every request is kept in `requests`, every payload problem
    found in `problems`."""

    def __init__(self, kind: str, secret: str | None = None):
        self.kind = kind
        self.secret = secret
        self.requests: list[dict] = []
        self.problems: list[str] = []
        self.fail: list[tuple] = []
        self.always: tuple | None = None
        self.delay = 0.0
        robot = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the name http.server calls)
                parts = urllib.parse.urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                query = urllib.parse.parse_qs(parts.query)
                robot.requests.append(
                    {"path": parts.path, "query": query, "raw": raw, "headers": dict(self.headers)}
                )
                if robot.delay:
                    time.sleep(robot.delay)
                answer = robot.fail.pop(0) if robot.fail else robot.always
                if answer is None:
                    answer = robot.answer(parts.path, query, raw, self.headers)
                if answer[0] == "http":
                    self.send_response(answer[1])
                    self.end_headers()
                    return
                if answer[0] == "redirect":
                    self.send_response(302)
                    self.send_header("Location", answer[1])
                    self.end_headers()
                    return
                if answer[0] == "text":
                    body = answer[1].encode()
                else:
                    body = json.dumps({"errcode": answer[1], "errmsg": answer[2]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        port = self.server.server_address[1]
        if self.kind == "wecom":
            return f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key={KEY}"
        return f"http://127.0.0.1:{port}/robot/send?access_token={TOKEN}"

    def bodies(self) -> list[dict]:
        return [json.loads(r["raw"]) for r in self.requests]

    def bad(self, problem: str) -> tuple:
        self.problems.append(problem)
        return ("errcode", 40000, f"test robot: {problem}")

    def answer(self, path, query, raw, headers) -> tuple:
        """What the platform would say about this request."""
        if not headers.get("Content-Type", "").startswith("application/json"):
            return self.bad("not JSON")
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            return self.bad("body is not UTF-8 JSON")
        if self.kind == "wecom":
            if path != "/cgi-bin/webhook/send" or query.get("key") != [KEY]:
                return ("errcode", 93000, "invalid webhook url, hint: [test]")
            if body.get("msgtype") == "markdown":
                if set(body) != {"msgtype", "markdown"} or set(body["markdown"]) != {"content"}:
                    return self.bad(f"markdown shape {body}")
                if len(body["markdown"]["content"].encode("utf-8")) > 4096:
                    return ("errcode", 40058, "markdown.content exceed max length 4096")
            elif body.get("msgtype") == "image":
                image = body.get("image", {})
                if set(body) != {"msgtype", "image"} or set(image) != {"base64", "md5"}:
                    return self.bad("image shape")
                data = base64.b64decode(image["base64"], validate=True)
                if hashlib.md5(data).hexdigest() != image["md5"]:
                    return self.bad("md5 is not the raw image's")
                if len(data) > 2 * 1024 * 1024:
                    return self.bad("image over 2 MB")
            else:
                return self.bad(f"msgtype {body.get('msgtype')}")
            return ("errcode", 0, "ok")
        if path != "/robot/send" or query.get("access_token") != [TOKEN]:
            return ("errcode", 300001, "token is not exist")
        if self.secret is not None:
            (timestamp,) = query.get("timestamp", [""])
            (sign,) = query.get("sign", [""])
            if not timestamp.isdigit() or abs(time.time() * 1000 - int(timestamp)) > 3600_000:
                return ("errcode", 310000, "invalid timestamp")
            if not hmac.compare_digest(sign, expected_sign(self.secret, timestamp)):
                return ("errcode", 310000, "sign not match")
        if len(raw) > 20000:
            return ("errcode", 460101, "message too long, exceed 20000 bytes")
        markdown = body.get("markdown", {})
        if body.get("msgtype") != "markdown" or set(markdown) != {"title", "text"}:
            return self.bad(f"dingtalk body {body}")
        if not all(isinstance(v, str) and v for v in markdown.values()):
            return self.bad("empty title or text")
        return ("errcode", 0, "ok")

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def wecom():
    robot = Robot("wecom")
    yield robot
    robot.stop()


@pytest.fixture
def dingtalk():
    robot = Robot("dingtalk", secret=SECRET)
    yield robot
    robot.stop()


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key={KEY}"


# --- the platforms' formats ------------------------------------------------------------------


def test_dingtalk_sign_known_answer():
    """Computed outside Python: printf '1700000000000\\nSECtest-secret' | openssl dgst -sha256
    -hmac SECtest-secret -binary | base64 gives LC7hxZ4wslL+P7j7gu1hoQ+wzByekL+yWgiUMekZs0g=,
    then + → %2B and = → %3D by hand."""
    assert "LC7hxZ4wslL%2BP7j7gu1hoQ%2BwzByekL%2ByWgiUMekZs0g%3D" == push.dingtalk_sign(
        "SECtest-secret", 1700000000000
    )
    assert (
        "https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1700000000000"
        "&sign=LC7hxZ4wslL%2BP7j7gu1hoQ%2BwzByekL%2ByWgiUMekZs0g%3D"
    ) == push.signed_url(
        "https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1&sign=old",
        "SECtest-secret",
        1700000000000,
    )


@pytest.mark.parametrize(
    "url, kind",
    [
        ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "wecom"),
        ("https://QYAPI.weixin.qq.com/cgi-bin/webhook/send?key=k", "wecom"),
        ("https://oapi.dingtalk.com/robot/send?access_token=t", "dingtalk"),
        ("https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send?key=k", None),
        ("http://127.0.0.1:8080/robot/send", None),
    ],
)
def test_kind_from_the_host(url, kind):
    assert kind == push.detect_kind(url)


@pytest.mark.parametrize(
    "url, shown",
    [
        (
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123",
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***",
        ),
        (
            "https://oapi.dingtalk.com/robot/send?access_token=xyz&timestamp=1&sign=s%2B",
            "https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1&sign=***",
        ),
        ("https://user:pw@relay.example:8443/send?x=1", "https://relay.example:8443/send?x=1"),
    ],
)
def test_urls_are_shown_masked(url, shown):
    assert shown == push.mask(url)


def test_wecom_gets_markdown_then_the_image(wecom):
    sent = push.send(wecom.url, "wecom", DIGEST, PNG, sleep=pytest.fail)
    assert [] == wecom.problems
    markdown, image = wecom.bodies()
    assert {"msgtype": "markdown", "markdown": {"content": DIGEST}} == markdown
    assert PNG == base64.b64decode(image["image"]["base64"])
    assert hashlib.md5(PNG).hexdigest() == image["image"]["md5"]
    assert [
        {"msgtype": "markdown", "bytes": len(DIGEST.encode()), "attempts": 1},
        {"msgtype": "image", "bytes": len(PNG), "attempts": 1},
    ] == [{k: s[k] for k in ("msgtype", "bytes", "attempts")} for s in sent]
    assert all(r["headers"]["Content-Type"].endswith("charset=utf-8") for r in wecom.requests)


def test_dingtalk_gets_signed_markdown_only(dingtalk):
    sent = push.send(dingtalk.url, "dingtalk", DIGEST, PNG, secret=SECRET, sleep=pytest.fail)
    assert [] == dingtalk.problems
    (body,) = dingtalk.bodies()
    assert {
        "msgtype": "markdown",
        "markdown": {"title": "创新工作室创建简报", "text": DIGEST},
    } == body
    assert ["markdown"] == [s["msgtype"] for s in sent]
    (request,) = dingtalk.requests
    assert {"access_token", "timestamp", "sign"} == set(request["query"])


def test_dingtalk_wrong_secret_is_refused_once_and_never_shown(dingtalk):
    wrong = "SECwrong-secret-never-printed"
    with pytest.raises(push.PushFailed) as failed:
        push.send(dingtalk.url, "dingtalk", DIGEST, None, secret=wrong, sleep=pytest.fail)
    text = str(failed.value)
    assert "errcode 310000" in text and "sign not match" in text and "加签" in text
    assert 1 == len(dingtalk.requests)
    sign = dingtalk.requests[0]["query"]["sign"][0]
    for secret in (wrong, TOKEN, sign, urllib.parse.quote_plus(sign)):
        assert secret not in text


def test_dingtalk_without_secret_sends_no_signature(dingtalk):
    dingtalk.secret = None  # a robot secured by keyword or IP instead of 加签
    push.send(dingtalk.url, "dingtalk", DIGEST, None, sleep=pytest.fail)
    assert {"access_token"} == set(dingtalk.requests[0]["query"])


def test_http_500_then_200_is_retried_and_arrives(wecom):
    wecom.fail = [("http", 500)]
    waits = []
    sent = push.send(wecom.url, "wecom", DIGEST, PNG, sleep=waits.append)
    assert [2] == waits
    assert [2, 1] == [s["attempts"] for s in sent]
    assert ["markdown", "markdown", "image"] == [b["msgtype"] for b in wecom.bodies()]


def test_http_500_forever_stops_after_three_attempts(wecom):
    wecom.always = ("http", 500)
    waits = []
    with pytest.raises(push.PushFailed) as failed:
        push.send(wecom.url, "wecom", DIGEST, PNG, sleep=waits.append)
    assert 3 == len(wecom.requests)
    assert [2, 4] == waits
    text = str(failed.value)
    assert "HTTP 500" in text and "共尝试 3 次" in text and KEY not in text


@pytest.mark.parametrize("errcode, errmsg", [(93000, "invalid webhook url"), (40058, "too long")])
def test_a_refusal_is_not_retried(wecom, errcode, errmsg):
    wecom.always = ("errcode", errcode, errmsg)
    with pytest.raises(push.PushFailed) as failed:
        push.send(wecom.url, "wecom", DIGEST, PNG, sleep=pytest.fail)
    assert 1 == len(wecom.requests)
    text = str(failed.value)
    assert f"errcode {errcode}" in text and errmsg in text and KEY not in text


@pytest.mark.parametrize("errcode", [45009, 130101])
def test_a_rate_limit_is_retried_after_a_longer_wait(wecom, errcode):
    wecom.fail = [("errcode", errcode, "api freq out of limit")]
    waits = []
    push.send(wecom.url, "wecom", DIGEST, None, sleep=waits.append)
    assert [30] == waits


def test_busy_is_retried(wecom):
    wecom.fail = [("errcode", -1, "system busy")]
    waits = []
    push.send(wecom.url, "wecom", DIGEST, None, sleep=waits.append)
    assert [2] == waits


def test_a_closed_port_is_unreachable_after_bounded_attempts():
    waits = []
    with pytest.raises(push.PushFailed) as failed:
        push.send(closed_port_url(), "wecom", DIGEST, PNG, sleep=waits.append)
    text = str(failed.value)
    assert "无法连接" in text and "连接被拒绝" in text and "共尝试 3 次" in text
    assert [2, 4] == waits
    assert KEY not in text and "key=***" in text


def test_a_name_that_does_not_resolve_is_unreachable(monkeypatch):
    """The resolver is replaced: no lookup leaves this machine."""

    def no_such_name(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    with pytest.raises(push.PushFailed) as failed:
        push.send(
            f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={KEY}",
            "wecom",
            DIGEST,
            None,
            retries=2,
            sleep=lambda seconds: None,
        )
    text = str(failed.value)
    assert "域名无法解析" in text and "共尝试 2 次" in text and KEY not in text


def test_a_url_with_a_control_character_is_refused_without_quoting_it(wecom):
    with pytest.raises(push.PushFailed) as failed:
        push.send(wecom.url + "\nX", "wecom", DIGEST, None, sleep=pytest.fail)
    assert "无效" in str(failed.value) and KEY not in str(failed.value)
    assert [] == wecom.requests


def test_a_robot_that_does_not_answer_times_out(wecom):
    wecom.delay = 1.0
    with pytest.raises(push.PushFailed) as failed:
        push.send(wecom.url, "wecom", DIGEST, None, retries=1, timeout=0.2, sleep=pytest.fail)
    assert "超时" in str(failed.value)


def test_an_unknown_answer_is_a_failure(wecom):
    wecom.always = ("text", "<html>gateway</html>")
    with pytest.raises(push.PushFailed) as failed:
        push.send(wecom.url, "wecom", DIGEST, None, sleep=pytest.fail)
    assert "errcode" in str(failed.value)
    assert 1 == len(wecom.requests)


def test_a_redirect_is_not_followed(wecom):
    wecom.always = ("redirect", "http://127.0.0.1:9/elsewhere")
    with pytest.raises(push.PushFailed) as failed:
        push.send(wecom.url, "wecom", DIGEST, None, sleep=pytest.fail)
    assert "HTTP 302" in str(failed.value)


def test_the_message_says_what_already_arrived(wecom):
    wecom.fail = [None, ("errcode", 93000, "invalid webhook url")]
    with pytest.raises(push.PushFailed) as failed:
        push.send(wecom.url, "wecom", DIGEST, PNG, sleep=pytest.fail)
    assert str(failed.value).startswith("文字摘要已发出，其余未发出")


@pytest.mark.parametrize(
    "kind, markdown, image, words",
    [
        ("wecom", "字" * 1366, None, "4096 字节"),  # 4098 bytes of UTF-8
        ("wecom", DIGEST, b"\x89PNG\r\n\x1a\n" + bytes(2 * 1024 * 1024), "2 MB"),
        ("wecom", DIGEST, b"GIF89a....", "PNG 或 JPG"),
        ("dingtalk", "字" * 6700, None, "20000 字节"),
    ],
    ids=["wecom-markdown", "wecom-image-size", "wecom-image-type", "dingtalk-body"],
)
def test_limits_are_checked_before_anything_is_sent(wecom, kind, markdown, image, words):
    with pytest.raises(push.PushFailed) as failed:
        push.send(wecom.url, kind, markdown, image, sleep=pytest.fail)
    assert words in str(failed.value)
    assert [] == wecom.requests


def test_the_largest_markdown_wecom_takes_arrives(wecom):
    push.send(wecom.url, "wecom", "字" * 1365 + "a", None, sleep=pytest.fail)  # 4096 bytes
    assert [] == wecom.problems


# --- where the webhook and the secret come from ------------------------------------------------


def secret_file(tmp_path, name, text, mode=0o600):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return str(path)


@pytest.mark.parametrize(
    "url, params",
    [
        ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc", "key"),
        ("https://oapi.dingtalk.com/robot/send?access_token=abc", "access_token"),
        ("https://relay.example/send?x=1&sign=abc&KEY=d", "KEY、sign"),
    ],
)
def test_a_webhook_argument_with_a_credential_is_refused(url, params):
    with pytest.raises(push.PushUsageError) as refused:
        push.resolve_target(webhook=url, kind="wecom", environ={})
    text = str(refused.value)
    assert f"（{params}）" in text and "STUDIODASH_PUSH_WEBHOOK" in text and "abc" not in text


def test_the_webhook_and_secret_from_the_environment():
    target = push.resolve_target(
        environ={
            "STUDIODASH_PUSH_WEBHOOK": " https://oapi.dingtalk.com/robot/send?access_token=t \n",
            "STUDIODASH_PUSH_SECRET": "SECs",
        }
    )
    assert ("dingtalk", "SECs", ()) == (target.kind, target.secret, target.notes)
    assert "https://oapi.dingtalk.com/robot/send?access_token=t" == target.url
    assert "access_token" not in repr(target) and "SECs" not in repr(target)


def test_the_webhook_and_secret_from_files_with_a_warning_when_others_can_read(tmp_path):
    hook = secret_file(tmp_path, "hook", "https://oapi.dingtalk.com/robot/send?access_token=t\n")
    sec = secret_file(tmp_path, "sec", "SECs\nignored second line\n", mode=0o644)
    target = push.resolve_target(
        webhook_file=hook, secret_file=sec, environ={"STUDIODASH_PUSH_WEBHOOK": "unused"}
    )
    assert ("dingtalk", "SECs") == (target.kind, target.secret)
    assert [f"提醒：文件 {sec} 其他用户也能读取（权限 644），建议 chmod 600 {sec}。"] == list(
        target.notes
    )


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({}, "STUDIODASH_PUSH_WEBHOOK"),
        ({"webhook": "https://relay.example/push"}, "--kind"),
        ({"webhook": "http://relay.example/push", "kind": "wecom"}, "不是 https"),
        ({"webhook": "ftp://relay.example/push", "kind": "wecom"}, "无效"),
        ({"webhook": "https://oapi.dingtalk.com/robot/send", "kind": "wecom"}, "是钉钉机器人"),
    ],
)
def test_unusable_targets_are_refused(kwargs, words):
    with pytest.raises(push.PushUsageError) as refused:
        push.resolve_target(environ={}, **kwargs)
    assert words in str(refused.value)


def test_a_webhook_argument_without_credentials_is_used_as_given():
    target = push.resolve_target(webhook="https://relay.example/robot?group=5", kind="wecom")
    assert ("https://relay.example/robot?group=5", "wecom") == (target.url, target.kind)


def test_an_empty_or_missing_file_is_refused(tmp_path):
    with pytest.raises(push.PushUsageError, match="第一行是空的"):
        push.resolve_target(webhook_file=secret_file(tmp_path, "hook", "\n"), environ={})
    with pytest.raises(push.PushUsageError, match="无法读取"):
        push.resolve_target(webhook_file=str(tmp_path / "missing"), environ={})


def test_a_wecom_robot_ignores_a_signing_secret():
    target = push.resolve_target(
        environ={
            "STUDIODASH_PUSH_WEBHOOK": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
            "STUDIODASH_PUSH_SECRET": "SECs",
        }
    )
    assert (None, (labels.PUSH_SECRET_IGNORED,)) == (target.secret, target.notes)


# --- the command line --------------------------------------------------------------------------


def studiodash(*args, env=None) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith("STUDIODASH_PUSH")}
    full.update(NO_PROXY, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_no_secret(result):
    for secret in (KEY, TOKEN, SECRET):
        assert secret not in result.stdout and secret not in result.stderr


def test_cli_refuses_a_credential_on_the_command_line(tmp_path):
    result = studiodash(
        "push",
        "--webhook",
        f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={KEY}",
        "--db",
        str(tmp_path / "none.duckdb"),
    )
    assert 2 == result.returncode
    assert "STUDIODASH_PUSH_WEBHOOK" in result.stderr and "shell 历史" in result.stderr
    assert_no_secret(result)
    assert not (tmp_path / "none.duckdb").exists()  # refused before the database was opened


def test_cli_without_a_webhook_is_a_usage_error(tmp_path):
    result = studiodash("push", "--db", str(tmp_path / "none.duckdb"))
    assert 2 == result.returncode
    assert "STUDIODASH_PUSH_WEBHOOK" in result.stderr and "--webhook-file" in result.stderr


# --- end to end: studiodash push on the `loaded` database (the real dashboard/brief.py) ----------


def close(loaded, tmp_path) -> str:
    """The fixture's database, released so that the command can open it."""
    loaded.close()
    return str(tmp_path / "test.duckdb")


def expected_digest(path: str) -> str:
    from dashboard import brief, db

    con = db.connect(path)
    try:
        return brief.markdown(brief.gather(con))
    finally:
        con.close()


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_cli_pushes_the_brief_to_wecom(loaded, tmp_path, wecom):
    from dashboard import brief

    db_path = close(loaded, tmp_path)
    result = studiodash(
        "push", "--allow-stale", "--kind", "wecom", "--db", db_path,
        env={"STUDIODASH_PUSH_WEBHOOK": wecom.url},
    )  # fmt: skip
    assert 0 == result.returncode, result.stderr
    assert [] == wecom.problems
    markdown, image = wecom.bodies()
    digest = markdown["markdown"]["content"]
    assert expected_digest(db_path) == digest
    assert digest.startswith("## 2023年劳模（职工）创新工作室创建简报")
    page = base64.b64decode(image["image"]["base64"])
    assert brief.PNG_SIZE == png_size(page)
    port = wecom.server.server_address[1]
    shown = f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key=***"
    assert [
        f"已发送文字摘要（{len(digest.encode())} 字节，markdown）到企业微信机器人 {shown}",
        f"已发送简报图片（{len(page)} 字节，image）到企业微信机器人 {shown}",
    ] == result.stdout.splitlines()
    assert_no_secret(result)


def test_cli_pushes_the_digest_to_dingtalk_signed(loaded, tmp_path, dingtalk):
    db_path = close(loaded, tmp_path)
    secret = secret_file(tmp_path, "dingtalk.secret", SECRET + "\n")
    hook = secret_file(tmp_path, "dingtalk.url", dingtalk.url + "\n")
    result = studiodash(
        "push", "--allow-stale", "--kind", "dingtalk", "--webhook-file", hook,
        "--secret-file", secret, "--unit", "蜀山区", "--db", db_path,
    )  # fmt: skip
    assert 0 == result.returncode, result.stderr
    assert [] == dingtalk.problems
    (body,) = dingtalk.bodies()
    assert "2023年劳模（职工）创新工作室创建简报" == body["markdown"]["title"]
    assert "蜀山区" in body["markdown"]["text"]
    assert {"access_token", "timestamp", "sign"} == set(dingtalk.requests[0]["query"])
    assert labels.PUSH_DINGTALK_NO_IMAGE == result.stdout.splitlines()[-1]
    assert "" == result.stderr  # files of mode 600: no warning
    assert_no_secret(result)


def test_cli_never_pushes_a_stale_briefing(loaded, tmp_path, dingtalk):
    result = studiodash(
        "push", "--kind", "dingtalk", "--db", close(loaded, tmp_path),
        env={"STUDIODASH_PUSH_WEBHOOK": dingtalk.url, "STUDIODASH_PUSH_SECRET": SECRET},
    )  # fmt: skip
    assert 3 == result.returncode  # as studiodash brief
    assert "brief_stale_days" in result.stderr and "--allow-stale" in result.stderr
    assert [] == dingtalk.requests


def test_cli_an_explicit_date_does_not_lift_the_stale_check(loaded, tmp_path, dingtalk):
    """Unlike `brief`: a date written into a scheduled push would keep sending old data."""
    result = studiodash(
        "push", "--kind", "dingtalk", "--as-of", "2023-06-30", "--db", close(loaded, tmp_path),
        env={"STUDIODASH_PUSH_WEBHOOK": dingtalk.url, "STUDIODASH_PUSH_SECRET": SECRET},
    )  # fmt: skip
    assert 3 == result.returncode
    assert [] == dingtalk.requests


def test_cli_an_invalid_webhook_exits_1_naming_the_errcode(loaded, tmp_path, wecom):
    wecom.always = ("errcode", 93000, "invalid webhook url, hint: [test]")
    result = studiodash(
        "push", "--allow-stale", "--kind", "wecom", "--db", close(loaded, tmp_path),
        env={"STUDIODASH_PUSH_WEBHOOK": wecom.url},
    )  # fmt: skip
    assert 1 == result.returncode
    assert 1 == len(wecom.requests)  # a bad key is never retried
    assert "推送失败" in result.stderr and "errcode 93000" in result.stderr
    assert "invalid webhook url" in result.stderr and "共尝试 1 次" in result.stderr
    assert "" == result.stdout
    assert_no_secret(result)


def test_cli_a_wrong_signing_secret_exits_1(loaded, tmp_path, dingtalk):
    result = studiodash(
        "push", "--allow-stale", "--kind", "dingtalk", "--db", close(loaded, tmp_path),
        env={"STUDIODASH_PUSH_WEBHOOK": dingtalk.url, "STUDIODASH_PUSH_SECRET": "SECwrong-one"},
    )  # fmt: skip
    assert 1 == result.returncode
    assert "errcode 310000" in result.stderr and "sign not match" in result.stderr
    assert "SECwrong-one" not in result.stderr + result.stdout
    assert_no_secret(result)


@pytest.fixture
def in_process(loaded, tmp_path, monkeypatch, capsys):
    """cli.main in this process on the `loaded` database, without the waits between attempts."""
    from dashboard import cli

    db_path = close(loaded, tmp_path)
    monkeypatch.setattr(push, "BACKOFF_SECONDS", 0)

    def run(url: str, *args: str) -> tuple[int, str, str]:
        monkeypatch.setenv("STUDIODASH_PUSH_WEBHOOK", url)
        code = cli.main(["push", "--allow-stale", "--kind", "dingtalk", "--db", db_path, *args])
        out, err = capsys.readouterr()
        for secret in (KEY, TOKEN, SECRET):
            assert secret not in out + err
        return code, out, err

    return run


def test_cli_http_500_then_200_is_retried_and_exits_0(in_process, dingtalk):
    dingtalk.secret = None
    dingtalk.fail = [("http", 500)]
    code, out, err = in_process(dingtalk.url)
    assert (0, "") == (code, err)
    assert 2 == len(dingtalk.requests)
    assert "已发送文字摘要" in out


def test_cli_http_500_forever_exits_1_after_three_attempts(in_process, dingtalk):
    dingtalk.always = ("http", 500)
    code, out, err = in_process(dingtalk.url)
    assert 1 == code
    assert 3 == len(dingtalk.requests)
    assert "HTTP 500" in err and "共尝试 3 次" in err and "" == out


def test_cli_an_unreachable_robot_exits_1(in_process):
    code, out, err = in_process(closed_port_url().replace("cgi-bin/webhook", "robot"))
    assert 1 == code
    assert "无法连接" in err and "连接被拒绝" in err and "共尝试 3 次" in err


def test_cli_an_unknown_host_needs_the_kind(tmp_path):
    result = studiodash(
        "push", "--db", str(tmp_path / "none.duckdb"),
        env={"STUDIODASH_PUSH_WEBHOOK": f"https://relay.example/send?key={KEY}"},
    )  # fmt: skip
    assert 2 == result.returncode and "--kind" in result.stderr
    assert_no_secret(result)
