"""Interactive API docs that work offline and under our Content-Security-Policy.

django-ninja falls back to a CDN page when "ninja" is not an installed app. We render our own page
instead: Swagger UI's files come from the installed ninja package, the settings travel as JSON data,
and a small static script of ours starts Swagger UI, so the page needs no inline script or style.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ninja
from django.apps import apps
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI

NINJA_STATIC = Path(ninja.__file__).parent / "static" / "ninja"
SWAGGER_ASSETS = frozenset({"swagger-ui-bundle.js", "swagger-ui.css", "favicon.svg", "favicon.png"})


def swagger_asset_url(name: str) -> str:
    if apps.is_installed("ninja"):
        return static(f"ninja/{name}")
    return f"{reverse('api-swagger-asset', args=[name])}?v={ninja.__version__}"


def swagger_asset(request: HttpRequest, name: str) -> FileResponse:
    """One of Swagger UI's files from the installed ninja package (when ninja is not an installed app)."""
    if name not in SWAGGER_ASSETS:
        raise Http404
    path = NINJA_STATIC / name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(path.open("rb"), content_type=content_type)
    patch_cache_control(response, public=True, max_age=7 * 24 * 3600)
    return response


class OfflineSwagger(Swagger):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        swagger_settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {
            "api": api,
            "swagger_settings": swagger_settings,
            "openapi_url": swagger_settings["url"],
            "css_url": swagger_asset_url("swagger-ui.css"),
            "bundle_url": swagger_asset_url("swagger-ui-bundle.js"),
            "favicon_url": swagger_asset_url("favicon.svg"),
        }
        return render(request, "api/docs.html", context)
