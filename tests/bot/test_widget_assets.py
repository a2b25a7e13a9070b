"""The widget's script and stylesheet: versioned, cacheable, compressed; and the demo pages."""
import pytest
from fastapi.testclient import TestClient

from bot.routers.widget import assets, widget_version


@pytest.fixture
def client():
    from bot.app import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


def test_the_embed_script_is_cached_briefly_and_loads_its_stylesheet_by_version(client):
    response = client.get("/widget/samskaping.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "public, max-age=300"
    assert f'"{widget_version()}"' in response.text and "__SAMSKAPING_VERSION__" not in response.text


def test_versioned_assets_are_cached_for_a_year_and_an_old_version_is_not_found(client):
    for name, media_type in [("samskaping.js", "text/javascript"), ("samskaping.css", "text/css")]:
        response = client.get(f"/widget/{widget_version()}/{name}")
        assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get("/widget/000000000000/samskaping.js").status_code == 404
    assert client.get(f"/widget/{widget_version()}/other.js").status_code == 404


def test_a_browser_that_has_the_script_gets_304(client):
    etag = client.get("/widget/samskaping.js").headers["etag"]
    assert client.get("/widget/samskaping.js", headers={"If-None-Match": etag}).status_code == 304


def test_the_script_and_stylesheet_travel_gzipped_and_together_are_under_10_kb(client):
    for name in ["samskaping.js", "samskaping.css"]:
        response = client.get(f"/widget/{widget_version()}/{name}", headers={"Accept-Encoding": "gzip"})
        assert response.headers["content-encoding"] == "gzip"
    sizes = {name: len(asset.gzipped) for name, asset in assets()[1].items()}
    assert sum(sizes.values()) < 10 * 1024, sizes


def test_the_demo_intranet_pages_embed_the_widget(client):
    for path in ["/", "/demo/nyheter"]:
        response = client.get(path)
        assert response.status_code == 200
        assert '<script src="/widget/samskaping.js" defer></script>' in response.text
