"""The text of posts and events (core.markup): the Markdown subset comes out as HTML, and
nothing staff type reaches the page as markup of its own: no script, no event handler, no
javascript: address, no image from elsewhere."""

import pytest
from django.template import Context, Template
from django.test.html import parse_html
from hypothesis import given, settings
from hypothesis import strategies as st

from core.markup import ALLOWED_TAGS, render_markup
from core.tests.html import find_elements


def assert_html(actual, expected):
    assert parse_html(str(actual)) == parse_html(expected)


def test_paragraphs_bold_and_italics():
    assert_html(
        render_markup("Erster **Absatz**.\n\nZweiter *Absatz*."),
        "<p>Erster <strong>Absatz</strong>.</p><p>Zweiter <em>Absatz</em>.</p>",
    )


def test_links_keep_their_address_and_get_rel():
    html = render_markup("Mehr beim [Quartiersbüro](https://example.org/buero?a=1&b=2).")
    (link,) = find_elements(html, "a")
    assert dict(link.attributes) == {"href": "https://example.org/buero?a=1&b=2", "rel": "noopener noreferrer"}


@pytest.mark.parametrize("address", ["mailto:info@example.org", "tel:+492302123", "/termine/"])
def test_mail_phone_and_local_links_are_kept(address):
    assert find_elements(render_markup(f"[hier]({address})"), "a", href=address)


def test_a_list_right_after_a_line_of_text_is_a_list():
    assert_html(
        render_markup("Bitte mitbringen:\n- Stifte\n- Papier\n\n1. Erstens\n2. Zweitens"),
        "<p>Bitte mitbringen:</p><ul><li>Stifte</li><li>Papier</li></ul><ol><li>Erstens</li><li>Zweitens</li></ol>",
    )


def test_a_hyphen_inside_a_line_is_no_list():
    assert_html(render_markup("Von 10 - 12 Uhr"), "<p>Von 10 - 12 Uhr</p>")


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Text <script>alert(1)</script> mehr",
        "<div>\n<script>alert(1)</script>\n</div>",
        '<img src="x" onerror="alert(1)">',
        '<a href="https://example.org" onclick="alert(1)">Link</a>',
        '<p style="color:red" onmouseover="alert(1)">Absatz</p>',
        "<iframe src='https://evil.example'></iframe>",
        "<!-- Kommentar --><style>body{display:none}</style>",
    ],
)
def test_raw_html_is_shown_as_text_never_as_markup(source):
    html = str(render_markup(source))
    assert "<script" not in html and "<img" not in html and "<iframe" not in html and "<style" not in html
    for tag in ("script", "img", "iframe", "style", "div"):
        assert not find_elements(html, tag)
    for element_attributes in _all_attributes(html):
        assert not any(name.startswith("on") or name == "style" for name in element_attributes)


def test_a_script_tag_is_visible_as_text():
    assert_html(render_markup("<script>alert(1)</script>"), "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
    ],
)
def test_javascript_and_data_links_lose_their_address(address):
    html = str(render_markup(f"[klick]({address})"))
    assert "script:" not in html.lower() and "data:" not in html
    for link in find_elements(html, "a"):
        assert "href" not in dict(link.attributes)
    assert "klick" in html


def test_images_are_left_out_with_their_alt_text():
    html = render_markup("![Ein Foto](https://tracker.example/pixel.png)")
    assert not find_elements(html, "img")
    assert "tracker.example" not in html
    assert_html(html, "<p>Ein Foto</p>")


def test_headings_and_code_become_paragraphs():
    assert_html(render_markup("# Groß\n\n    code"), "<p>Groß</p><p>code\n</p>")


def test_empty_text_gives_nothing():
    assert render_markup("") == "" and render_markup("  \n ") == "" and render_markup(None) == ""


def test_template_filter_renders_safe_html():
    html = Template("{% load markup %}{{ text|markup }}").render(Context({"text": "**fett** <b>roh</b>"}))
    assert_html(html, "<p><strong>fett</strong> &lt;b&gt;roh&lt;/b&gt;</p>")


def _all_attributes(html):
    from django.test.html import Element

    found = []

    def walk(node):
        if isinstance(node, Element):
            found.append(dict(node.attributes))
            for child in node.children:
                walk(child)

    walk(parse_html(str(html)))
    return found


def _all_tags(html):
    from django.test.html import Element

    found = set()

    def walk(node):
        if isinstance(node, Element):
            if node.name:
                found.add(node.name)
            for child in node.children:
                walk(child)

    walk(parse_html(str(html)))
    return found


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' :ajvscriptonerlimgh()[]!*-_\n1#`&;")), max_size=120))
def test_any_text_gives_only_allowed_tags_and_attributes(source):
    html = render_markup(source)
    assert _all_tags(html) <= ALLOWED_TAGS
    for attributes in _all_attributes(html):
        assert set(attributes) <= {"href", "rel"}
        assert not attributes.get("href", "").lower().lstrip().startswith(("javascript", "data", "vbscript"))
