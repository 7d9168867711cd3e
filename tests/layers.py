"""The import rules between Reviewbot's layers, checked by walking each module's imports with ``ast``.

The rules are data (:data:`RULES`), so the README, the test and a reader see the same list. A rule
names the modules it governs by prefix and the imports it forbids by prefix; an import of ``a.b.c``
matches the prefix ``a.b``. Every import counts, at module level, inside functions and under
``if TYPE_CHECKING:``, because each one is a dependency a reader has to follow.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "cogs")

#: What may sit at the top of ``bot/``: the frame. Anything else belongs in a layer's folder.
FRAME_MODULES = frozenset({
    "bot", "bot.__main__", "bot.api_base", "bot.cli", "bot.config", "bot.core", "bot.errors",
    "bot.first_run", "bot.mentions", "bot.permissions", "bot.startup",
})

DB_DRIVERS = ("aiosqlite", "sqlite3", "asyncpg", "psycopg", "psycopg2")
NETWORK_AND_FILES = (
    "aiohttp", "asyncio", "http", "os", "pathlib", "requests", "shutil", "socket", "subprocess",
    "tempfile", "urllib.request",
)
UPPER_LAYERS = ("bot.services", "bot.ui", "cogs", "bot.sandbox", "bot.core", "bot.cli", "bot.api_base")


@dataclass(frozen=True)
class Rule:
    name: str
    applies_to: tuple[str, ...]
    forbids: tuple[str, ...]
    exempt: tuple[str, ...] = ()

    def governs(self, module: str) -> bool:
        return _matches(module, self.applies_to) and not _matches(module, self.exempt)


RULES: tuple[Rule, ...] = (
    Rule(
        "the domain is pure: no Discord, no store, no I/O, nothing above it",
        ("bot.domain",),
        ("discord", "bot.db", *DB_DRIVERS, *NETWORK_AND_FILES, *UPPER_LAYERS, "bot.config", "bot.mentions",
         "bot.permissions", "bot.errors"),
    ),
    Rule(
        "the store imports no Discord and nothing above it",
        ("bot.db",),
        ("discord", "aiohttp", *UPPER_LAYERS, "bot.mentions", "bot.permissions", "bot.errors"),
    ),
    Rule(
        "services import neither cogs nor the Discord-facing pieces (bot.ui), nor the entry points",
        ("bot.services",),
        ("bot.ui", "cogs", "bot.sandbox", "bot.core", "bot.cli", *DB_DRIVERS),
    ),
    Rule(
        "the Discord-facing pieces import no cogs, no database driver and no sandbox",
        ("bot.ui",),
        ("cogs", "bot.sandbox", "bot.cli", *DB_DRIVERS),
    ),
    Rule(
        "cogs talk to services and the store's typed API, never to a database driver or the sandbox",
        ("cogs",),
        ("bot.sandbox", "bot.cli", *DB_DRIVERS),
    ),
    Rule(
        "only the store speaks to a database driver",
        ("bot",),
        DB_DRIVERS,
        exempt=("bot.db",),
    ),
    Rule(
        "only tests and the `reviewbot sandbox` command (bot.cli) import the loopback servers",
        ("bot",),
        ("bot.sandbox",),
        exempt=("bot.sandbox", "bot.cli"),
    ),
    Rule(
        "nothing in bot/ imports a cog; the Bot subclass finds them by package (`import cogs`)",
        ("bot",),
        ("cogs.",),
    ),
)

#: SQL in a string literal: a statement's opening keywords as SQL writes them, in capitals.
SQL_TEXT = re.compile(
    r"\b(?:SELECT\b[\s\S]+?\bFROM|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
    r"CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX)|ALTER\s+TABLE|DROP\s+TABLE|PRAGMA\s+\w+)\b"
)


@dataclass(frozen=True)
class Import:
    target: str
    line: int


def _matches(module: str, prefixes: Iterable[str]) -> bool:
    for prefix in prefixes:
        if prefix.endswith("."):
            if module.startswith(prefix):
                return True
        elif module == prefix or module.startswith(prefix + "."):
            return True
    return False


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_package(module: str, path: Path) -> bool:
    return path.name == "__init__.py"


def imports_of(
    source: str, module: str, *, is_package: bool = False, known_modules: frozenset[str] = frozenset()
) -> Iterator[Import]:
    """Every module *source* imports, relative imports resolved against *module*.

    ``from pkg import name`` yields ``pkg.name`` as well as ``pkg``: *name* may be a submodule, and a
    rule about ``pkg.name`` must see it. Where every name is one of *known_modules*, ``pkg`` itself is
    left out: ``from . import permissions`` depends on the sibling module, not on the package.
    """
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if base == "__future__":
                continue
            children = [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"]
            if not children or not all(child in known_modules for child in children):
                yield Import(base, node.lineno)
            for child in children:
                yield Import(child, node.lineno)


def violations(source: str, module: str, *, filename: str | None = None, is_package: bool = False) -> list[str]:
    """The broken rules of one module, each as ``file:line: imports X — rule``."""
    where = filename or module.replace(".", "/") + ".py"
    found = []
    for imp in imports_of(source, module, is_package=is_package):
        for rule in RULES:
            if rule.governs(module) and _matches(imp.target, rule.forbids):
                found.append(f"{where}:{imp.line}: imports {imp.target} — {rule.name}")
    if _matches(module, ("cogs",)):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_TEXT.search(node.value):
                found.append(f"{where}:{node.lineno}: holds SQL text — cogs contain no SQL; it belongs in bot/db/")
    if module.count(".") == 1 and module.startswith("bot.") and module not in FRAME_MODULES and not is_package:
        found.append(
            f"{where}: a loose module at the top of bot/ — only the frame lives there "
            f"({', '.join(sorted(FRAME_MODULES))}); put it in the layer it belongs to"
        )
    return sorted(set(found))


def project_modules(root: Path = ROOT) -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            yield module_name(path, root), path


def project_violations(root: Path = ROOT) -> list[str]:
    found = []
    for module, path in project_modules(root):
        found += violations(
            path.read_text(encoding="utf-8"), module, filename=str(path.relative_to(root)),
            is_package=_is_package(module, path),
        )
    return found


def import_graph(prefix: str, root: Path = ROOT) -> dict[str, set[str]]:
    """Which modules under *prefix* import which others under it (every import, TYPE_CHECKING included)."""
    modules = {module: path for module, path in project_modules(root) if _matches(module, (prefix,))}
    known = frozenset(modules)
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        source = path.read_text(encoding="utf-8")
        targets = {
            imp.target for imp in imports_of(source, module, is_package=_is_package(module, path), known_modules=known)
        }
        graph[module] = {t for t in targets if t in modules and t != module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import circle once, as the list of modules around it."""
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def walk(node: str, stack: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in stack:
                circle = stack[stack.index(nxt):]
                if frozenset(circle) not in seen:
                    seen.add(frozenset(circle))
                    found.append([*circle, nxt])
            elif len(stack) < 12:
                walk(nxt, [*stack, nxt])

    for start in sorted(graph):
        walk(start, [start])
    return found
