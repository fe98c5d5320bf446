"""Subpackages that still answer the call of the function their name once held (a leaf: no talkgraph imports)."""
from __future__ import annotations

import sys
import types
import warnings

__all__ = ["make_callable"]


class _DeprecatedCall(types.ModuleType):
    """A module whose call warns and forwards to ``talkgraph.<_tg_new>`` (set by ``make_callable``)."""

    _tg_new: str

    def __call__(self, *args, **kwargs):
        root = sys.modules[self.__name__.rpartition(".")[0]]  # the root package, loaded before its subpackages
        old = self.__name__.rpartition(".")[2]
        warnings.warn(f"talkgraph.{old}(...) is deprecated; use talkgraph.{self._tg_new}(...)", DeprecationWarning,
                      stacklevel=2)
        return getattr(root, self._tg_new)(*args, **kwargs)


def make_callable(module_name: str, new: str) -> None:
    """Make the module ``module_name`` callable as the old ``talkgraph.<name>(...)``, forwarding to ``new``."""
    module = sys.modules[module_name]
    module.__class__ = _DeprecatedCall
    module._tg_new = new  # type: ignore[attr-defined]
