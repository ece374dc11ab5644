"""Push the leadership briefing to a 企业微信 (WeCom) or 钉钉 (DingTalk) group robot.

The message formats are the platforms' documented robot APIs:

- 企业微信 group robot: ``POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`` with
  ``{"msgtype": "markdown", "markdown": {"content": …}}`` (content at most 4096 bytes of UTF-8)
  and ``{"msgtype": "image", "image": {"base64": …, "md5": …}}`` (md5 of the raw bytes; the image
  at most 2 MB before encoding, JPG or PNG). It answers ``{"errcode": 0, "errmsg": "ok"}``.
- 钉钉 custom robot: ``POST https://oapi.dingtalk.com/robot/send?access_token=…`` with
  ``{"msgtype": "markdown", "markdown": {"title": …, "text": …}}``, the body at most 20000 bytes.
  With 加签 the URL also carries ``timestamp`` (ms) and ``sign`` =
  urlencode(base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}"))). Its message types
  (text, link, markdown, actionCard, feedCard) take images only as links to a public URL, so the
  one-page image cannot be uploaded: DingTalk receives the markdown digest alone.

Both platforms allow a robot 20 messages a minute. No secret (key, access_token, sign, signing
secret) ever reaches a message: URLs are shown masked and error texts are scrubbed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import ipaddress
import json
import os
import socket
import stat
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import labels

HOSTS = {"qyapi.weixin.qq.com": "wecom", "oapi.dingtalk.com": "dingtalk"}
KINDS = ("wecom", "dingtalk")
# Query parameters that are credentials: the robot's key or token, and DingTalk's signature.
CREDENTIALS = ("key", "access_token", "sign")
ENV_WEBHOOK = "STUDIODASH_PUSH_WEBHOOK"
ENV_SECRET = "STUDIODASH_PUSH_SECRET"

WECOM_MARKDOWN_MAX_BYTES = 4096
WECOM_IMAGE_MAX_BYTES = 2 * 1024 * 1024
DINGTALK_BODY_MAX_BYTES = 20000
DINGTALK_TITLE_MAX_CHARS = 64  # the title is the line shown in the chat list; keep it short

# What can succeed when tried again: the platforms' "system busy" (-1) and rate limits
# (企业微信 45009 api freq out of limit; 钉钉 130101 send too fast, exceed 20 times per minute).
# Anything else (a bad key, a sign mismatch, a missing keyword, a message too long) cannot.
BUSY_ERRCODES = {-1}
RATE_LIMIT_ERRCODES = {45009, 130101}
BACKOFF_SECONDS = 2  # network errors, HTTP 5xx and 429, busy: wait 2 s, then 4 s
RATE_LIMIT_WAIT_SECONDS = 30  # a per-minute limit: wait 30 s, then 60 s
MAX_RESPONSE_BYTES = 64 * 1024

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


class PushFailed(Exception):
    """The robot did not take a message: unreachable, a non-200 answer, or the platform's
    errcode. The text is Chinese, for the person reading the cron mail, and holds no secret."""


class PushUsageError(ValueError):
    """The push is not configured usably (no webhook, a credential on the command line, an
    unknown host without --kind): nothing was read from the database or sent."""


@dataclass(frozen=True)
class Target:
    url: str = field(repr=False)  # carries the key: never printed, see masked_url
    kind: str
    secret: str | None = field(default=None, repr=False)
    notes: tuple[str, ...] = ()  # warnings for stderr (a file others can read, an unused secret)

    @property
    def masked_url(self) -> str:
        return mask(self.url)


def detect_kind(url: str) -> str | None:
    """wecom or dingtalk from the robot's host, None for any other host."""
    return HOSTS.get((urllib.parse.urlsplit(url).hostname or "").lower())


def credentials_in(url: str) -> list[str]:
    """The names of the credential parameters the URL's query carries."""
    query = urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query, keep_blank_values=True)
    return sorted({name for name, _ in query if name.lower() in CREDENTIALS})


def mask(url: str) -> str:
    """The URL with every credential's value replaced by ***, and any user:password dropped."""
    parts = urllib.parse.urlsplit(url)
    query = "&".join(
        f"{name}=***" if name.lower() in CREDENTIALS else f"{name}={value}"
        for name, value in (
            pair.split("=", 1) if "=" in pair else (pair, "")
            for pair in parts.query.split("&")
            if pair
        )
    )
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉 加签: urlencode(base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")))."""
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode("ascii"))


def signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """The DingTalk webhook with timestamp and sign added (replacing any copied along)."""
    parts = urllib.parse.urlsplit(url)
    kept = [
        pair
        for pair in parts.query.split("&")
        if pair and pair.split("=", 1)[0] not in ("timestamp", "sign")
    ]
    kept += [f"timestamp={timestamp_ms}", f"sign={dingtalk_sign(secret, timestamp_ms)}"]
    return urllib.parse.urlunsplit(parts._replace(query="&".join(kept), fragment=""))


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> None:
    """Refuse what is not an https URL (plain http only to this machine, as in tests): the key
    travels in the URL and must not cross a network in clear."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        raise PushUsageError(labels.PUSH_BAD_URL.format(url=mask(url)))
    if parts.scheme == "http" and not _is_loopback(host):
        raise PushUsageError(labels.PUSH_NEEDS_HTTPS.format(url=mask(url)))


def read_first_line(path: str | os.PathLike) -> tuple[str, list[str]]:
    """The first line of a secret file, stripped, and a warning when others may read the file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
        mode = p.stat().st_mode
    except (OSError, UnicodeDecodeError) as exc:
        raise PushUsageError(
            labels.PUSH_FILE_UNREADABLE.format(path=p, detail=type(exc).__name__)
        ) from None
    lines = text.splitlines()
    line = lines[0].strip() if lines else ""
    if not line:
        raise PushUsageError(labels.PUSH_FILE_EMPTY.format(path=p))
    notes = []
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        notes.append(labels.PUSH_FILE_OPEN.format(path=p, mode=f"{stat.S_IMODE(mode):o}"))
    return line, notes


def resolve_target(
    webhook: str | None = None,
    webhook_file: str | None = None,
    kind: str | None = None,
    secret_file: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Target:
    """Where to push, from (in this order) --webhook-file, --webhook, then STUDIODASH_PUSH_WEBHOOK;
    the signing secret from --secret-file, then STUDIODASH_PUSH_SECRET. A --webhook carrying a
    credential is refused: a command line lands in shell history and in the process list."""
    notes: list[str] = []
    if webhook_file:
        url, found = read_first_line(webhook_file)
        notes += found
    elif webhook:
        if found := credentials_in(webhook):
            raise PushUsageError(
                labels.PUSH_WEBHOOK_HAS_SECRET.format(params=labels.LIST_SEP.join(found))
            )
        url = webhook.strip()
    elif environ.get(ENV_WEBHOOK, "").strip():
        url = environ[ENV_WEBHOOK].strip()
    else:
        raise PushUsageError(labels.PUSH_NO_WEBHOOK)
    check_url(url)
    detected = detect_kind(url)
    if kind is None:
        if detected is None:
            raise PushUsageError(labels.PUSH_UNKNOWN_KIND.format(url=mask(url)))
        kind = detected
    elif kind not in KINDS:
        raise PushUsageError(labels.PUSH_UNKNOWN_KIND.format(url=mask(url)))
    elif detected is not None and detected != kind:
        raise PushUsageError(
            labels.PUSH_KIND_MISMATCH.format(
                url=mask(url),
                kind=labels.PUSH_PLATFORM[kind],
                detected=labels.PUSH_PLATFORM[detected],
            )
        )
    secret = None
    if secret_file:
        secret, found = read_first_line(secret_file)
        notes += found
    elif environ.get(ENV_SECRET, "").strip():
        secret = environ[ENV_SECRET].strip()
    if secret and kind == "wecom":
        notes.append(labels.PUSH_SECRET_IGNORED)
        secret = None
    return Target(url, kind, secret, tuple(notes))


def _image_ok(image: bytes) -> bool:
    return image.startswith(PNG_MAGIC) or image.startswith(JPEG_MAGIC)


def messages(kind: str, markdown: str, image: bytes | None) -> list[dict]:
    """The request bodies, in sending order, checked against the platform's limits before
    anything is sent. DingTalk's custom robot takes no uploaded image: markdown alone."""
    size = len(markdown.encode("utf-8"))
    platform = labels.PUSH_PLATFORM[kind]
    if kind == "wecom":
        if size > WECOM_MARKDOWN_MAX_BYTES:
            raise PushFailed(
                labels.PUSH_TOO_LONG.format(
                    size=size, platform=platform, limit=WECOM_MARKDOWN_MAX_BYTES
                )
            )
        out = [{"msgtype": "markdown", "markdown": {"content": markdown}}]
        if image is not None:
            if len(image) > WECOM_IMAGE_MAX_BYTES:
                raise PushFailed(labels.PUSH_IMAGE_TOO_BIG.format(size=len(image)))
            if not _image_ok(image):
                raise PushFailed(labels.PUSH_IMAGE_NOT_PNG)
            out.append(
                {
                    "msgtype": "image",
                    "image": {
                        "base64": base64.b64encode(image).decode("ascii"),
                        "md5": hashlib.md5(image).hexdigest(),
                    },
                }
            )
        return out
    if kind == "dingtalk":
        title = next(
            (line.strip("# ").strip() for line in markdown.splitlines() if line.strip()), ""
        )
        body = {
            "msgtype": "markdown",
            "markdown": {"title": title[:DINGTALK_TITLE_MAX_CHARS], "text": markdown},
        }
        body_size = len(_encode(body))
        if body_size > DINGTALK_BODY_MAX_BYTES:
            raise PushFailed(
                labels.PUSH_TOO_LONG.format(
                    size=body_size, platform=platform, limit=DINGTALK_BODY_MAX_BYTES
                )
            )
        return [body]
    raise PushUsageError(labels.PUSH_UNKNOWN_KIND.format(url=""))


def _encode(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A robot answers; it does not redirect. Following one could carry a POST elsewhere."""

    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _post(url: str, body: bytes, timeout: float) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, response.read(MAX_RESPONSE_BYTES)
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def _scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _network_detail(exc: BaseException) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError):
        return labels.PUSH_TIMEOUT
    if isinstance(reason, ConnectionRefusedError):
        return labels.PUSH_REFUSED
    if isinstance(reason, socket.gaierror):
        return labels.PUSH_DNS
    return f"{type(reason).__name__}: {reason}"


def send(
    webhook: str,
    kind: str,
    markdown: str,
    image: bytes | None,
    secret: str | None = None,
    *,
    retries: int = 3,
    timeout: float = 10,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
) -> list[dict]:
    """Post the markdown digest, then (企业微信 only) the image; one entry per message sent:
    msgtype, bytes, attempts, errcode, errmsg. Each message is tried at most `retries` times,
    again only after what can pass on a second try (network error, HTTP 5xx or 429, busy, rate
    limit). Raises PushFailed at the first message that does not arrive; the text says which
    messages had already arrived."""
    if kind not in KINDS:
        raise PushUsageError(labels.PUSH_UNKNOWN_KIND.format(url=mask(webhook)))
    check_url(webhook)
    shown = mask(webhook)
    query = urllib.parse.parse_qsl(urllib.parse.urlsplit(webhook).query)
    secrets = [v for name, v in query if name.lower() in CREDENTIALS] + [secret or ""]
    platform = labels.PUSH_PLATFORM[kind]
    sent: list[dict] = []
    for body in messages(kind, markdown, image):
        payload = _encode(body)
        msgtype = body["msgtype"]
        size = len(markdown.encode("utf-8")) if msgtype == "markdown" else len(image or b"")
        attempt = 0
        while True:
            attempt += 1
            url = webhook
            if kind == "dingtalk" and secret:
                # a fresh timestamp per attempt: 钉钉 refuses one more than an hour off
                timestamp_ms = int(clock() * 1000)
                url = signed_url(webhook, secret, timestamp_ms)
                sign = dingtalk_sign(secret, timestamp_ms)
                secrets += [sign, urllib.parse.unquote_plus(sign)]
            try:
                status, raw = _post(url, payload, timeout)
            except (ValueError, http.client.InvalidURL):  # a URL that cannot be sent (control
                # characters): the exception's text quotes the URL, key and all
                failure, wait = labels.PUSH_BAD_URL.format(url=shown), None
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                failure = labels.PUSH_UNREACHABLE.format(url=shown, detail=_network_detail(exc))
                wait = BACKOFF_SECONDS
            else:
                failure, wait = _judge(status, raw, shown, platform)
                if failure is None:
                    answer = json.loads(raw)
                    sent.append(
                        {
                            "msgtype": msgtype,
                            "bytes": size,
                            "attempts": attempt,
                            "errcode": answer.get("errcode"),
                            "errmsg": answer.get("errmsg"),
                        }
                    )
                    break
            if wait is None or attempt >= retries:
                failure += labels.PUSH_ATTEMPTS.format(n=attempt)
                if sent:
                    failure = (
                        labels.PUSH_PARTIAL.format(
                            sent=labels.LIST_SEP.join(labels.PUSH_WHAT[s["msgtype"]] for s in sent)
                        )
                        + failure
                    )
                raise PushFailed(_scrub(failure, secrets)) from None
            sleep(wait * 2 ** (attempt - 1))
    return sent


def _judge(status: int, raw: bytes, shown: str, platform: str) -> tuple[str | None, float | None]:
    """(None, None) when the robot took the message, else the failure's text and the base wait
    before another try (None: trying again cannot help)."""
    if status != 200:
        retry = BACKOFF_SECONDS if status >= 500 or status == 429 else None
        return labels.PUSH_HTTP.format(url=shown, status=status), retry
    try:
        answer = json.loads(raw)
        errcode = int(answer["errcode"])
    except (ValueError, KeyError, TypeError):
        return labels.PUSH_BAD_RESPONSE.format(url=shown), None
    if errcode == 0:
        return None, None
    errmsg = str(answer.get("errmsg", ""))[:300]
    text = labels.PUSH_ERRCODE.format(
        platform=platform,
        errcode=errcode,
        errmsg=errmsg,
        hint=labels.PUSH_ERRCODE_HINT.get(errcode, ""),
    )
    if errcode in RATE_LIMIT_ERRCODES:
        return text, RATE_LIMIT_WAIT_SECONDS
    if errcode in BUSY_ERRCODES:
        return text, BACKOFF_SECONDS
    return text, None
