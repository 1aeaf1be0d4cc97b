import pytest

from territoires.ui.branding import contrast_ratio, readable_text_color


def theme(client):
    response = client.get("/ui/theme.css")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    return response


@pytest.mark.django_db
def test_theme_css_has_the_configured_colours(client, settings):
    settings.TERRITOIRES_BRANDING = {
        **settings.TERRITOIRES_BRANDING,
        "primary_color": "#004D40",
        "secondary_color": "#f0b",
    }
    css = theme(client).content.decode()
    assert "--color-primary: #004d40;" in css
    assert "--color-primary-text: #ffffff;" in css
    assert "--color-secondary: #ff00bb;" in css


@pytest.mark.django_db
def test_theme_css_is_public_and_cached(client):
    response = theme(client)
    assert "public" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    again = client.get("/ui/theme.css", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_the_page_links_the_theme_with_its_version(client, settings):
    html = client.get("/").content.decode()
    first = html.split('href="/ui/theme.css?v=')[1].split('"')[0]
    settings.TERRITOIRES_BRANDING = {**settings.TERRITOIRES_BRANDING, "primary_color": "#000000"}
    html = client.get("/").content.decode()
    assert html.split('href="/ui/theme.css?v=')[1].split('"')[0] != first


@pytest.mark.django_db
def test_a_bad_colour_cannot_inject_css(client, settings):
    settings.TERRITOIRES_BRANDING = {
        **settings.TERRITOIRES_BRANDING,
        "primary_color": "red;} body{display:none",
    }
    css = theme(client).content.decode()
    assert "display:none" not in css
    assert "--color-primary: #7a2048;" in css


@pytest.mark.django_db
def test_a_light_primary_colour_gets_dark_text_and_darker_links(client, settings):
    settings.TERRITOIRES_BRANDING = {**settings.TERRITOIRES_BRANDING, "primary_color": "#ffd700"}
    css = theme(client).content.decode()
    assert "--color-primary-text: #161616;" in css
    link = css.split("--color-link: ")[1].split(";")[0]
    assert contrast_ratio(link, "#ffffff") >= 4.5


@pytest.mark.parametrize("background", ["#7a2048", "#1f4e5f", "#ffd700", "#00a000", "#777777"])
def test_text_on_the_brand_colour_reaches_aa(background):
    assert contrast_ratio(readable_text_color(background), background) >= 4.5
