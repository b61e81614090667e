"""The text of posts and events: a small Markdown subset (paragraphs, links, lists, bold
and italics) rendered to HTML that is safe to put on a page.

Two locks, so that nothing staff type can run in a visitor's browser:

1. Markdown's raw-HTML handling is switched off: ``<script>`` typed into the text is shown
   as the text ``<script>``, not passed through.
2. The HTML Markdown produces is cleaned by ``nh3`` (the Rust ``ammonia`` sanitiser) with
   an allow-list: only the tags of the subset, only ``href`` on links, only http(s),
   mailto and tel addresses. Everything else (images, headings, tables, ``on*``
   attributes, ``javascript:`` links) is dropped; the text inside stays.
"""

import re

import markdown
import nh3
from django.utils.safestring import mark_safe
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {"p", "br", "a", "ul", "ol", "li", "strong", "em"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "*": set()}  # "*": no lang, title on every tag
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# A list item at the start of a line ("- ", "* ", "1. ").
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+\S")

_CONTROL = re.compile(r"[\x00-\x1f\x7f\s]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")

# Typed input is bounded by the model fields; this only keeps a pathological text cheap.
MAX_SOURCE_LENGTH = 100_000


def _blank_line_before_lists(text):
    """Markdown needs an empty line between a paragraph and a list; staff writing
    "Bitte mitbringen:" and "- Stifte" on the next line mean a list, so one is added."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    for line in lines:
        if _LIST_ITEM.match(line) and out and out[-1].strip() and not _LIST_ITEM.match(out[-1]):
            out.append("")
        out.append(line)
    return "\n".join(out)


class _OutsideSubset(Treeprocessor):
    """Markdown the subset leaves out keeps its words: a heading or a code block becomes a
    paragraph, an image its alternative text (the page's images have alt text and credit of
    their own)."""

    def run(self, root):
        for element in root.iter():
            if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6", "pre"}:
                element.tag = "p"
            elif element.tag == "img":
                alt = element.get("alt", "")
                element.attrib.clear()
                element.tag, element.text = "span", alt


def _markdown():
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    # Raw HTML is escaped as text instead of passed through (block and inline).
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_OutsideSubset(md), "outside_subset", 5)
    return md


def _safe_address(tag, attribute, value):
    """Browsers drop tabs and line breaks inside an address (``java&#9;script:``), and
    Markdown turns a tab into spaces; nh3 would take such a value for a relative address.
    An address with spaces or control characters inside, or a scheme outside the
    allow-list, loses its ``href``."""
    if attribute != "href":
        return value
    if _CONTROL.search(value.strip()):
        return None
    scheme = _SCHEME.match(value.strip())
    if scheme and scheme.group(1).lower() not in ALLOWED_URL_SCHEMES:
        return None
    return value


def render_markup(text):
    """HTML (a safe string) for ``text`` in the Markdown subset; "" for empty text."""
    if not text or not text.strip():
        return mark_safe("")
    html = _markdown().convert(_blank_line_before_lists(str(text)[:MAX_SOURCE_LENGTH]))
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        attribute_filter=_safe_address,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 -- cleaned by nh3 with the allow-list above
