"""Read an admin change form as a browser would submit it, so tests can change one value
and post the rest as they are (inline management forms included)."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._select = None
        self._textarea = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if name and "__prefix__" in name:  # the blank template of an inline row
            return
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
                return
            self._add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_data(self, data):
        if self._textarea and self.inside:
            values = self.data[self._textarea]
            values[-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea:
                # Browsers drop the one newline after <textarea>.
                values = self.data[self._textarea]
                values[-1] = values[-1].removeprefix("\n")
            self._textarea = None


def admin_form_data(response, model):
    """The fields of the admin form of ``model`` in ``response``, as post data."""
    parser = _FormParser(f"{model._meta.model_name}_form")
    parser.feed(response.content.decode())
    return {name: values if len(values) != 1 else values[0] for name, values in parser.data.items() if values}
