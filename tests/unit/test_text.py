"""What happens to text people type: kept as typed, apart from invisible control characters."""

from __future__ import annotations

import pytest

from coprod.text import MAX_ANSWER, MAX_NAME, InvalidText, clean, clean_name

KEPT = [
    pytest.param("Plain words.", id="ascii"),
    pytest.param("Line one\nLine two", id="newline"),
    pytest.param("Name\tRole", id="tab"),
    pytest.param("Great session 🎉👍🏽", id="emoji-with-skin-tone"),
    pytest.param("👩‍👩‍👧‍👦 family", id="zero-width-joiner-sequence"),
    pytest.param("مرحبا بالجميع", id="arabic-rtl"),
    pytest.param("שלום לכולם", id="hebrew-rtl"),
    pytest.param("English then עברית then English", id="mixed-direction"),
    pytest.param("共同生产 協働 공동생산", id="cjk"),
    pytest.param("Cafe\u0301 n\u0303", id="combining-marks"),
    pytest.param("a\u200bb\u200cc\u200dd", id="zero-width-space-non-joiner-joiner"),
    pytest.param("\u202bembedded rtl\u202c", id="bidi-format-characters"),
    pytest.param("<b>bold</b> & <script>alert(1)</script>", id="html-stored-as-typed"),
    pytest.param("'; DROP TABLE answers; --", id="sql-stored-as-typed"),
    pytest.param("x" * MAX_ANSWER, id="exactly-the-limit"),
]


@pytest.mark.parametrize("text", KEPT)
def test_clean_keeps_what_people_type(text):
    assert clean(text) == text


CONTROL = [
    pytest.param("a\x00b", "ab", id="nul"),
    pytest.param("a\x07b", "ab", id="bell"),
    pytest.param("a\x1b[31mred\x1b[0m", "a[31mred[0m", id="ansi-escape"),
    pytest.param("a\rb", "ab", id="carriage-return"),
    pytest.param("a\x7fb", "ab", id="delete"),
    pytest.param("a\x85b", "ab", id="c1-next-line"),
    pytest.param("a\x0bb\x0cc", "abc", id="vertical-tab-form-feed"),
    pytest.param("keep\n\ttabs\x00", "keep\n\ttabs", id="newline-and-tab-survive"),
]


@pytest.mark.parametrize(("text", "expected"), CONTROL)
def test_clean_strips_control_characters_except_newline_and_tab(text, expected):
    assert clean(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("  padded  ", "padded"), ("\n\nanswer\n\n", "answer"), ("\tinner  spaces\tkept ", "inner  spaces\tkept")],
)
def test_clean_trims_only_the_ends(text, expected):
    assert clean(text) == expected


@pytest.mark.parametrize(
    ("text", "limit", "length"),
    [("x" * (MAX_ANSWER + 1), MAX_ANSWER, "5,001"), ("too long", 5, "8"), ("🎉" * 11, 10, "11")],
    ids=["default-limit", "small-limit", "counted-in-characters"],
)
def test_clean_refuses_text_over_the_limit_naming_both_numbers(text, limit, length):
    with pytest.raises(InvalidText) as raised:
        clean(text, limit=limit)
    message = str(raised.value)
    assert f"is {length} characters long" in message
    assert f"the limit is {limit:,}" in message


def test_the_limit_counts_what_is_kept():
    assert clean("\x00" * 10 + "abc", limit=3) == "abc"


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00\x01"], ids=["empty", "spaces", "blank", "only-control"])
def test_required_text_cannot_be_empty(text):
    with pytest.raises(InvalidText, match="is empty"):
        clean(text, required=True, what="Your definition")
    assert clean(text) == ""


def test_messages_name_what_was_typed():
    with pytest.raises(InvalidText, match=r"^Your goal is empty\."):
        clean("", required=True, what="Your goal")


@pytest.mark.parametrize("value", [None, 5, 3.5, b"bytes", ["a"], {"a": 1}], ids=repr)
def test_clean_refuses_what_is_not_text(value):
    with pytest.raises(InvalidText, match="must be text"):
        clean(value)


def test_invalid_text_is_a_value_error():
    assert issubclass(InvalidText, ValueError)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("  Sam  ", "Sam"),
        ("Sam \n  Jones", "Sam Jones"),
        ("Sam\t\tJones", "Sam Jones"),
        ("Aïsha 🌻", "Aïsha 🌻"),
        ("محمد علي", "محمد علي"),
        ("山田\u3000太郎", "山田 太郎"),  # an ideographic space is a space too
        ("x" * MAX_NAME, "x" * MAX_NAME),
        ("a" + " " * 200 + "b", "a b"),  # whitespace collapses before the limit applies
    ],
)
def test_clean_name_collapses_whitespace(name, expected):
    assert clean_name(name) == expected


@pytest.mark.parametrize(
    ("name", "words"),
    [
        pytest.param("x" * (MAX_NAME + 1), f"61 characters long; the limit is {MAX_NAME}\\.", id="one-over"),
        pytest.param("x" * 1000, f"1,000 characters long; the limit is {MAX_NAME}\\.", id="far-over"),
        pytest.param("", "is empty", id="empty"),
        pytest.param("   \n ", "is empty", id="blank"),
        pytest.param(None, "must be text", id="not-text"),
    ],
)
def test_clean_name_refuses(name, words):
    with pytest.raises(InvalidText, match=words) as raised:
        clean_name(name)
    assert str(raised.value).startswith("Your name ")


def test_half_a_surrogate_pair_is_dropped_so_the_text_can_be_stored():
    # A lone surrogate cannot be encoded as UTF-8: a store would refuse the whole answer.
    assert clean("ok \ud800 then 👋") == "ok  then 👋"
    clean("ok \ud800").encode("utf-8")
