"""``{% picture %}``: every ``<img>`` of an uploaded picture carries the real size of the
file sent (the rendition), ``srcset``/``sizes`` and lazy loading where asked; and
``/favicon.ico`` answers."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from PIL import Image

from core.images import rendition_size
from core.tests.html import find_elements
from news.tests.factories import PostImageFactory
from partners.tests.factories import OrganisationFactory
from projects.tests.factories import ProjectImageFactory, png_upload
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


def jpeg_upload(size, name="foto.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def render(obj, fields, **options):
    arguments = " ".join(f"{name}={name}" for name in options)
    template = Template(f'{{% load images %}}{{% picture obj "{fields}" {arguments} %}}')
    return template.render(Context({"obj": obj, **options}))


def the_img(html, **attributes):
    """The attributes of the one ``<img>`` (with these ``attributes``) in ``html``."""
    images = find_elements(html, "img", **attributes)
    assert len(images) == 1, html
    return dict(images[0].attributes)


@pytest.mark.parametrize(
    ("size", "expected"),
    [((2000, 1500), (1200, 900)), ((1200, 10), (1200, 10)), ((640, 480), (640, 480)), ((4000, 1), (1200, 1))],
)
def test_rendition_size_follows_the_rendition_rule(size, expected):
    assert rendition_size(*size) == expected


def test_project_picture_has_the_rendition_size_srcset_and_lazy_loading():
    picture = ProjectImageFactory(image=png_upload(size=(2000, 1500)))
    html = render(picture, "rendition image", alt=picture.alt_text, sizes="50vw")
    img = the_img(html)
    assert img == {
        "src": picture.rendition.url,
        "srcset": f"{picture.rendition.url} 1200w",  # a PNG original is never offered
        "sizes": "50vw",
        "alt": picture.alt_text,
        "width": "1200",
        "height": "900",
        "loading": "lazy",
        "decoding": "async",
    }
    with Image.open(picture.rendition.path) as rendition:
        assert rendition.size == (1200, 900)  # the size written is the size sent


def test_small_picture_keeps_its_size():
    picture = ProjectImageFactory(image=png_upload(size=(400, 300)))
    img = the_img(render(picture, "rendition image", alt="x"))
    assert (img["width"], img["height"]) == ("400", "300")


def test_district_image_size_is_read_from_the_rendition_and_a_jpeg_original_offered():
    district = DistrictFactory(image=jpeg_upload((1600, 800)), image_alt="Der Marktplatz")
    html = render(district, "image_rendition image", alt=district.image_alt, lazy=False)
    img = the_img(html)
    assert (img["width"], img["height"]) == ("1200", "600")
    assert img["srcset"] == f"{district.image_rendition.url} 1200w"  # District stores no size of its original
    assert "loading" not in img


def test_large_jpeg_original_is_offered_up_to_twice_the_rendition():
    near = ProjectImageFactory(image=jpeg_upload((2400, 1200)))
    far = ProjectImageFactory(image=jpeg_upload((3000, 1500)))
    assert the_img(render(near, "rendition image", alt="x"))["srcset"] == (
        f"{near.rendition.url} 1200w, {near.image.url} 2400w"
    )
    assert the_img(render(far, "rendition image", alt="x"))["srcset"] == f"{far.rendition.url} 1200w"


def test_missing_files_give_no_img_and_a_missing_rendition_the_original(caplog):
    picture = ProjectImageFactory(image=png_upload(size=(500, 250)))
    picture.rendition.storage.delete(picture.rendition.name)
    img = the_img(render(picture, "rendition image", alt="x"))
    assert (img["src"], img["width"], img["height"]) == (picture.image.url, "500", "250")
    picture.image.storage.delete(picture.image.name)
    assert render(picture, "rendition image", alt="x") == ""


def test_district_page_image_is_sized_and_loaded_at_once(resident):
    DistrictFactory(slug="markt", image=jpeg_upload((1600, 800)), image_alt="Der Marktplatz")
    html = resident.get(reverse("portal:district_detail", kwargs={"slug": "markt"})).content.decode()
    img = the_img(html, alt="Der Marktplatz")
    assert (img["width"], img["height"]) == ("1200", "600")
    assert img["sizes"] and img["srcset"].endswith(" 1200w")
    assert "loading" not in img  # the first picture, above the fold


def test_organisation_logo_has_the_size_of_its_rendition(resident):
    OrganisationFactory(slug="logo-traeger", logo=png_upload(size=(800, 400)), logo_alt="Logo des Trägers")
    html = resident.get(reverse("partners:organisation_detail", kwargs={"slug": "logo-traeger"})).content.decode()
    img = the_img(html, alt="Logo des Trägers")
    assert (img["width"], img["height"], img["class"]) == ("400", "200", "org-logo")


def test_project_gallery_pictures_are_sized_and_lazy(resident):
    picture = ProjectImageFactory(image=png_upload(size=(2000, 1000)), alt_text="Beim Gärtnern")
    html = resident.get(picture.project.get_absolute_url()).content.decode()
    img = the_img(html, alt="Beim Gärtnern")
    assert (img["width"], img["height"], img["loading"]) == ("1200", "600", "lazy")
    assert img["sizes"]


def test_every_page_names_its_icon(resident):
    html = resident.get("/").content.decode()
    assert find_elements(html, "link", rel="icon", href="/favicon.ico")
    assert [
        dict(link.attributes)["href"] for link in find_elements(html, "link", rel="icon", type="image/svg+xml")
    ] == ["/static/favicon.svg"]


def test_favicon_ico_answers_with_an_icon(resident):
    response = resident.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert "public" in response["Cache-Control"]
    with Image.open(io.BytesIO(response.content)) as icon:
        assert icon.format == "ICO"
    assert resident.head("/favicon.ico").status_code == 200
    assert resident.post("/favicon.ico").status_code == 405


def test_post_pictures_have_the_rendition_size_the_first_at_once(resident):
    first = PostImageFactory(image=png_upload(size=(2400, 1600)), alt_text="Erstes Bild", position=0)
    PostImageFactory(post=first.post, image=png_upload(size=(900, 600)), alt_text="Zweites Bild", position=1)
    html = resident.get(first.post.get_absolute_url()).content.decode()
    image = the_img(html, alt="Erstes Bild")
    assert (image["width"], image["height"], "loading" in image) == ("1200", "800", False)
    image = the_img(html, alt="Zweites Bild")
    assert (image["width"], image["height"], image["loading"]) == ("900", "600", "lazy")
    card = the_img(resident.get(reverse("news:post_list")).content.decode(), alt="Erstes Bild")
    assert (card["width"], card["height"], card["loading"]) == ("1200", "800", "lazy")
    assert card["class"] == "news-card__image"
