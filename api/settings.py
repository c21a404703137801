"""Service settings, from YKG_* environment variables (or a .env file), with the defaults documented here."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.store import default_store_path


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="YKG_", env_file=".env", extra="ignore")

    store: Path = Field(
        default_factory=default_store_path,
        description="The embedded Oxigraph store (YKG_STORE); built from the bundled documents when empty.",
    )
    token: SecretStr | None = Field(
        default=None,
        description="Bearer token for POST /documents (YKG_TOKEN). Unset: the service is read-only.",
    )
    sparql_timeout: float = Field(default=10.0, gt=0, description="Seconds a /sparql query may run.")
    sparql_row_cap: int = Field(default=10_000, gt=0, description="Most rows (or triples) /sparql returns.")
    sparql_workers: int = Field(
        default=4, gt=0, description="Queries /sparql runs at once; more wait, and get 503 if none frees up."
    )
    max_upload_bytes: int = Field(default=8 * 2**20, gt=0, description="Largest document POST /documents takes.")
    host: str = Field(default="127.0.0.1", description="`ykg serve` listens here.")
    port: int = Field(default=8000, ge=0, le=65535)
    build_on_empty: bool = Field(default=True, description="Ingest the bundled documents into an empty store.")
