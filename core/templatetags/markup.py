"""``{{ post.body|markup }}``: the Markdown subset of posts and events as safe HTML
(``core.markup``)."""

from django import template

from core.markup import render_markup

register = template.Library()


@register.filter
def markup(text):
    return render_markup(text)
