"""Markup checks that do not depend on the order of attributes, for elements whose other
attributes or children a test does not pin (a full element: ``assertInHTML``)."""

from django.test.html import Element, normalize_attributes, parse_html


def find_elements(html, tag, **attributes):
    """The ``<tag>`` elements of ``html`` that carry at least the given attributes, with
    these values (``aria_label="x"`` stands for ``aria-label="x"``, ``class_`` for
    ``class``; ``selected=None``: a boolean attribute that is set)."""
    wanted = dict(
        normalize_attributes((name.rstrip("_").replace("_", "-"), value) for name, value in attributes.items())
    )
    found = []

    def walk(node):
        if isinstance(node, Element):
            if node.name == tag and wanted.items() <= dict(node.attributes).items():
                found.append(node)
            for child in node.children:
                walk(child)

    walk(parse_html(html))
    return found


def text_of(element):
    """The text of an element found by :func:`find_elements`, whitespace collapsed."""
    parts = []

    def walk(node):
        if isinstance(node, Element):
            for child in node.children:
                walk(child)
        else:
            parts.append(str(node))

    walk(element)
    return " ".join(" ".join(parts).split())
