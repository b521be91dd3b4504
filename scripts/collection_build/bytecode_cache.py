"""Bytecode cache of the vendored Barrack client (added by scripts/build-collection; Apache-2.0, barrack-iac).

Ansible runs a module from a zip (AnsiballZ), and Python's zip importer compiles every imported source file on every
run: it neither reads nor writes ``.pyc`` files there. This finder serves the vendored client's modules from such a
zip with their code objects cached in ``$XDG_CACHE_HOME/barrack-ansible/bytecode-<python tag>/`` (``~/.cache`` by
default), one file per source digest, so a module's second run no longer compiles the client. The cache is used only
in a directory owned by the user and writable by nobody else; any problem with it falls back to compiling.
Outside a zip (a source checkout, an exploded module) Python's own ``__pycache__`` is used and this does nothing.
"""

from __future__ import annotations

import _imp
import contextlib
import hashlib
import importlib.abc
import importlib.util
import marshal
import os
import stat
import sys
import zipimport

PACKAGE = __name__.rsplit(".", 1)[0] + ".shared_client"
_FORMAT = b"barrack-bytecode-1"


def _cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "barrack-ansible", "bytecode-" + str(sys.implementation.cache_tag))
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.stat(path)
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None  # never load code from a directory somebody else can write
    return path


class _CachedSourceLoader(importlib.abc.Loader):
    def __init__(self, importer, fullname, origin, cache):
        self._importer = importer
        self._fullname = fullname
        self._origin = origin
        self._cache = cache

    def create_module(self, spec):
        return None

    def get_source(self, fullname):
        """The module's source, as the zip importer gives it (the client's lazy exports read their package's)."""
        return self._importer.get_source(fullname)

    def get_filename(self, fullname):
        return self._importer.get_filename(fullname)

    def _code(self):
        source = self._importer.get_source(self._fullname)
        if source is None:
            return self._importer.get_code(self._fullname)
        data = source.encode("utf-8")
        # keyed by module name and source: the zip's path changes with every run
        digest = hashlib.sha256(_FORMAT + self._fullname.encode("utf-8") + b"\0" + data).hexdigest()
        path = os.path.join(self._cache, digest)
        try:
            with open(path, "rb") as handle:
                code = marshal.loads(handle.read())
            _imp._fix_co_filename(code, self._origin)  # tracebacks name this run's file, as importlib does for .pyc
            return code
        except (OSError, ValueError, EOFError, TypeError, AttributeError):
            pass
        code = compile(data, self._origin, "exec", dont_inherit=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        try:
            with open(tmp, "wb") as handle:
                handle.write(marshal.dumps(code))
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return code

    def exec_module(self, module):
        exec(self._code(), module.__dict__)  # pylint: disable=exec-used  # the module's own code, as import does


class _Finder(importlib.abc.MetaPathFinder):
    def __init__(self, cache):
        self._cache = cache

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith(PACKAGE + ".") and fullname != PACKAGE:
            return None
        for entry in path or ():
            if not isinstance(entry, str) or ".zip" not in entry:
                continue
            try:
                importer = zipimport.zipimporter(entry)
                spec = importer.find_spec(fullname)
            except (zipimport.ZipImportError, OSError):
                continue
            if spec is None or spec.origin is None:
                continue
            loader = _CachedSourceLoader(importer, fullname, spec.origin, self._cache)
            is_package = spec.submodule_search_locations is not None
            new = importlib.util.spec_from_loader(fullname, loader, origin=spec.origin, is_package=is_package)
            if new is None:
                return None
            new.has_location = True  # __file__ = the path in the zip, as the zip importer sets it
            if is_package:
                new.submodule_search_locations = list(spec.submodule_search_locations)
            return new
        return None


def install():
    """Put the finder first on ``sys.meta_path`` when the client is imported from a zip (once per process)."""
    if any(isinstance(finder, _Finder) for finder in sys.meta_path):
        return
    if ".zip" not in __file__:
        return  # imported from files: Python's own bytecode cache applies
    cache = _cache_dir()
    if cache is not None:
        sys.meta_path.insert(0, _Finder(cache))
