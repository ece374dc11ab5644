"""ui.plain: text from an import, a user or the URL shown by a Markdown element reads as itself —
no link, image, emphasis, code, heading, list, table, HTML, LaTeX or bare-URL autolink."""

from __future__ import annotations

import re

import pytest

from dashboard.ui import WORD_JOINER, plain

HOSTILE = [
    "![b](http://127.0.0.1:9/x.png)",
    "[点我](https://evil.example/)",
    "[请点击此处重新登录](https://evil.example/login)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "https://evil.example/auto",
    "www.evil.example",
    "mail@evil.example",
    "HTTPS://EVIL.EXAMPLE WWW.EVIL.EXAMPLE mailto:a@evil.example",
    "<https://evil.example/>",
    "[a][r]\n\n[r]: https://evil.example/",
    "**粗体** _斜体_ `代码` ~~删除~~ $x^2$ :red[红色]",
    "# 标题\n- 列表\n+ 列表\n1. 列表\n2) 列表\n> 引用\n---\n===\n| a | b |\n|---|---|",
    "\\[转义](https://evil.example/)",
    "a\r- b\r\n- c",
]


PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


def unescaped(text: str, chars: str) -> list[str]:
    """The characters of `chars` in `text` that are not preceded by an escaping backslash."""
    found, n = [], 0
    while n < len(text):
        if text[n] == "\\" and n + 1 < len(text) and text[n + 1] in PUNCTUATION:
            n += 2  # an escape and the character it escapes
            continue
        if text[n] in chars:
            found.append(text[n])
        n += 1
    return found


def unescape(text: str) -> str:
    """What a Markdown renderer shows for an escaped text: each backslash escape is the character."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


@pytest.mark.parametrize("payload", HOSTILE)
def test_no_markdown_character_is_left_active(payload):
    shown = plain(payload)
    assert [] == unescaped(shown, "\\`*_{}[]()#+!|<>~$&:@^=.")


@pytest.mark.parametrize("payload", HOSTILE)
def test_the_text_reads_as_itself(payload):
    shown = unescape(plain(payload)).replace(WORD_JOINER, "")
    assert payload.replace("\r\n", "\n").replace("\r", "\n") == shown


@pytest.mark.parametrize("payload", HOSTILE)
def test_no_bare_url_is_left(payload):
    """GFM finds bare URLs and e-mail addresses in the text as read, after escapes."""
    assert not re.search(r"(?i)://|www\.|@[-\w]", unescape(plain(payload)))


@pytest.mark.parametrize(
    "line", ["- 列表", "  - 缩进列表", "-- 两个", "a\n- b", "a\n   -b", "---", "x\r- y"]
)
def test_a_dash_that_starts_a_line_is_escaped(line):
    shown = plain(line)
    assert all(not re.match(r"\s*-", part) for part in shown.split("\n")), shown


@pytest.mark.parametrize(
    "text",
    ["张伟劳模创新工作室", "HF-2019-002", "JC-2020-0001", "赵文静、王建平", "合工〔2022〕45号"],
)
def test_ordinary_text_is_unchanged(text):
    """Ids, names and 文号 of real exports read the same in the page source as in the file."""
    assert text == plain(text)


@pytest.mark.parametrize("value, expected", [(None, ""), (12, "12"), ("a.b", "a\\.b")])
def test_any_value_becomes_text(value, expected):
    assert expected == plain(value)
