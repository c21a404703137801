"""`ykg serve`: the HTTP API with uvicorn, on the embedded store (built from the bundled documents if empty)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on [default: 127.0.0.1, or $YKG_HOST]",
                                             show_default=False)] = None,
    port: Annotated[int | None, typer.Option(min=0, max=65535, help="Port [default: 8000, or $YKG_PORT]",
                                             show_default=False)] = None,
    store: Annotated[Path | None, typer.Option("--store", envvar="YKG_STORE", help="Store directory "
                                               "[default: ./.ykg/store]", show_default=False)] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level")] = "info",
) -> None:
    """Serve the API (OpenAPI docs at /docs). Writes (POST /documents) need YKG_TOKEN set."""
    import logging

    import uvicorn
    from pydantic import ValidationError
    from rich.console import Console

    from api.app import create_app
    from api.settings import Settings
    from graph.store import StoreError

    def fail(message: str) -> None:
        Console(stderr=True, highlight=False).print(f"[bold red]error:[/] {message}", soft_wrap=True)
        raise typer.Exit(1)

    overrides = {k: v for k, v in (("host", host), ("port", port), ("store", store)) if v is not None}
    try:
        settings = Settings(**overrides)
    except ValidationError as error:
        problems = "; ".join(f"YKG_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors())
        fail(f"invalid settings: {problems}")
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s:     %(name)s: %(message)s")
    try:
        app = create_app(settings)
    except StoreError as error:
        fail(str(error))
    uvicorn.run(app, host=settings.host, port=settings.port, log_level=log_level, access_log=log_level == "debug")
