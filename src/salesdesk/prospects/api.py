"""The prospects part of the API (filled in with its pages)."""

from ninja import Router

router = Router(tags=["prospects"])
