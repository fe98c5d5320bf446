"""Files that ship with talkgraph (queries, ontology), found in the wheel or in a source checkout."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["resource_dir"]

_CHECKOUT = Path(__file__).resolve().parents[2]


def resource_dir(name: str) -> Path:
    """``queries`` or ``ontology``: the wheel ships them inside the package, a checkout at its top."""
    packaged = resources.files("talkgraph") / name
    if packaged.is_dir():
        return Path(str(packaged))
    local = _CHECKOUT / name
    if local.is_dir():
        return local
    raise FileNotFoundError(f"talkgraph's {name}/ folder is missing from the installation")
