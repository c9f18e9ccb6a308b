"""Knowledge files on disk and in uploads: reads YAML, JSON and CSV rows; writes exports.

Reading is strict about shape (a clear InputError for a binary, broken or wrongly shaped file);
the rows themselves are validated by bot.core.curation.knowledge. YAML is read with YAML 1.2's
plain
scalars (only true/false are booleans, so the country code NO stays "NO") and decimals are read
as Decimal, so amounts survive an export and an import exactly.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from bot.core.curation.knowledge import FIELDS, LIST_FIELDS, supplier_to_record
from bot.core.search.taxonomy import parse_taxonomy
from bot.core.types import InputError, Supplier, Taxonomy

# Largest knowledge file we read (uploads are capped lower by the admin commands).
MAX_FILE_BYTES = 50 * 1024 * 1024
_AMOUNT_FIELDS = ("setup_fee", "below_moq_fee")
# OWASP CSV injection: a cell starting with one of these is a formula to a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
# Hostile YAML: a knowledge file nests about 4 levels (suppliers, row, price_tiers, tier) and
# needs no aliases; these caps refuse alias bombs ("billion laughs") and deep nesting while they
# are being read, before any object is built, so a 495-byte bomb costs milliseconds.
MAX_YAML_DEPTH = 32
MAX_YAML_ALIAS_NODES = 10_000  # nodes an alias may bring in again, summed over the document
# Byte-order marks we can decode without guessing (UTF-32 first: its LE mark begins with UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_SAVE_AS_UTF8 = "save it as UTF-8"


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalars, Decimal floats and bounded composition."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._alias_nodes = 0
        self._sizes: dict[int, int] = {}
        self._open_anchors: list[str] = []

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Composes one node, refusing documents nested or aliased beyond the caps."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            if event.anchor in self._open_anchors:
                raise _Refused(f"the alias *{event.anchor} refers to itself")
            anchored = self.anchors.get(event.anchor)
            if anchored is not None:
                self._alias_nodes += _node_size(anchored, self._sizes)
                if self._alias_nodes > MAX_YAML_ALIAS_NODES:
                    raise _Refused(f"too many aliases (*{event.anchor} and more): an alias bomb?")
            return super().compose_node(parent, index)
        event = self.peek_event()  # type: ignore[no-untyped-call]
        self._depth += 1
        self._open_anchors.append(event.anchor or "")
        try:
            if self._depth > MAX_YAML_DEPTH:
                line = event.start_mark.line + 1
                raise _Refused(f"nested more than {MAX_YAML_DEPTH} levels deep at line {line}")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
            self._open_anchors.pop()


class _Refused(Exception):
    """A YAML document refused while composing (too deep, too many aliases)."""


def _node_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """Returns how many nodes a node stands for once its aliases are expanded (memoised)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    children: list[yaml.Node] = []
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    total = 1 + sum(_node_size(child, sizes) for child in children)
    sizes[id(node)] = total
    return total


# YAML 1.2 core schema: the plain scalars that are not strings.
_CORE_SCHEMA: tuple[tuple[str, re.Pattern[str], list[str] | None], ...] = (
    ("bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")),
    ("int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")),
    (
        "float",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+0123456789."),
    ),
    ("null", re.compile(r"^(?:~|null|Null|NULL|)$"), None),
)
_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in _CORE_SCHEMA:
    _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", _pattern, _first)


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    """Returns a YAML float as an exact Decimal (.inf and .nan included, for validation)."""
    text = str(loader.construct_scalar(node)).lower().lstrip("+")  # type: ignore[arg-type]
    if text in (".inf", "-.inf"):
        return Decimal("-Infinity") if text.startswith("-") else Decimal("Infinity")
    if text == ".nan":
        return Decimal("NaN")
    return Decimal(text)


def _construct_int(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    """Returns a YAML 1.2 decimal integer."""
    return int(str(loader.construct_scalar(node)))  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


class _WordsLoader(_Loader):
    """_Loader that keeps numbers and booleans as the words written (for the taxonomy)."""


def _construct_word(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    """Returns a scalar as its text."""
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


for _tag in ("bool", "int", "float"):
    _WordsLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _construct_word)


def _load_yaml(text: str, loader: type[_Loader] = _Loader) -> object:
    """Returns the YAML document, or raises InputError with the parser's position."""
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
    except _Refused as exc:
        raise InputError("file", f"YAML refused: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "broken YAML"
        raise InputError("file", f"not valid YAML{where}: {problem}") from None
    except ValueError as exc:  # e.g. an int too long to convert
        raise InputError("file", f"not valid YAML: {exc}") from None


# libyaml's BaseLoader keeps every scalar as the words written, as _WordsLoader does, at ~1/10
# of the pure-Python cost (start-up reads the taxonomy). Only the operator's own taxonomy file
# is read this way; uploaded files keep _Loader and its caps on aliases and nesting.
_FAST_WORDS_LOADER: type[Any] | None = getattr(yaml, "CBaseLoader", None)


def _load_taxonomy_yaml(text: str) -> object:
    """Returns the taxonomy document with every scalar as written (libyaml when installed)."""
    if _FAST_WORDS_LOADER is None:
        return _load_yaml(text, _WordsLoader)
    try:
        return yaml.load(text, Loader=_FAST_WORDS_LOADER)  # noqa: S506 - BaseLoader builds no objects
    except yaml.YAMLError:
        return _load_yaml(text, _WordsLoader)  # the pure loader words the error with its line


def _rows_of(data: object, kind: str) -> list[dict[str, object]]:
    """Returns the supplier rows of a YAML/JSON document: {suppliers: [...]} or a bare list."""
    rows: object
    if isinstance(data, Mapping):
        if "suppliers" not in data:
            raise InputError("file", f"{kind}: expected a 'suppliers:' list at the top")
        rows = data["suppliers"]
    else:
        rows = data
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise InputError("file", f"{kind}: 'suppliers' must be a list of suppliers")
    out: list[dict[str, object]] = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise InputError("file", f"{kind}: supplier {number} is not a mapping of field: value")
        out.append({str(key): value for key, value in row.items()})
    return out


def _decode(data: bytes) -> str:
    """Returns the text of a UTF-8 file (or UTF-16/32 with a byte-order mark); refuses the rest.

    Without a mark, a legacy encoding cannot be told apart reliably (every byte is valid
    Latin-1), so such a file is refused by name rather than read with guessed letters.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise InputError(
                    "file",
                    f"not UTF-8 text: it starts with a {name} byte-order mark but is not valid "
                    f"{name}; {_SAVE_AS_UTF8}",
                ) from None
    if b"\x00" in data[:8192]:
        if _looks_like_utf16(data[:8192]):
            raise InputError(
                "file",
                f"not UTF-8 text: it looks like UTF-16 without a byte-order mark; {_SAVE_AS_UTF8}",
            )
        raise InputError("file", "not UTF-8 text (is it binary?)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("file", _not_utf8(data, exc.start)) from None


def _looks_like_utf16(head: bytes) -> bool:
    """Returns whether mostly-ASCII text is interleaved with NULs, as UTF-16 without a BOM is."""
    even, odd = head[0::2], head[1::2]
    if len(odd) < 2:
        return False
    return max(even.count(0), odd.count(0)) >= 0.9 * len(odd) and min(
        even.count(0), odd.count(0)
    ) <= 0.1 * len(odd)


def _not_utf8(data: bytes, position: int) -> str:
    """Returns the reason for a file that is not UTF-8, naming where and what it likely is."""
    line = data.count(b"\n", 0, position) + 1
    column = position - (data.rfind(b"\n", 0, position) + 1) + 1
    byte = data[position]
    return (
        f"not UTF-8 text: byte 0x{byte:02X} at line {line}, column {column} "
        f"(saved as Latin-1 or Windows-1252?); {_SAVE_AS_UTF8}"
    )


def _read_csv(text: str) -> list[dict[str, object]]:
    """Returns CSV rows keyed by the header; lists and tiers stay ';'-separated text."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            return []
        fields = [cell.strip().lower().replace(" ", "_") for cell in header]
        unknown = [cell for cell, field in zip(header, fields, strict=True) if field not in FIELDS]
        if unknown:
            raise InputError("header", f"unknown field {unknown[0].strip()!r}")
        duplicated = sorted({field for field in fields if fields.count(field) > 1})
        if duplicated:
            raise InputError("header", f"field {duplicated[0]!r} appears twice")
        rows: list[dict[str, object]] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # blank line
            row: dict[str, object] = {}
            for field, cell in zip(fields, cells, strict=False):
                row[field] = _unescape_cell(cell)
            if len(cells) > len(fields):
                row["(extra cells)"] = cells[len(fields) :]
            rows.append(row)
    except csv.Error as exc:
        raise InputError("file", f"not valid CSV at line {reader.line_num}: {exc}") from None
    return rows


def _unescape_cell(cell: str) -> str:
    """Returns a cell without the one ' that export puts before formula-like text."""
    if cell.startswith("'") and cell[1:2] in _FORMULA_START and cell[1:2] != "":
        return cell[1:]
    return cell


def read_records_bytes(data: bytes, filename: str) -> list[dict[str, object]]:
    """Returns the rows of an uploaded .yaml/.yml, .json or .csv file."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError("file", f"too large ({len(data):,} bytes, at most {MAX_FILE_BYTES:,})")
    suffix = Path(filename).suffix.lower()
    if suffix not in (".yaml", ".yml", ".json", ".csv"):
        raise InputError(
            "file", f"unknown file type {suffix or filename!r} (use .yaml, .json or .csv)"
        )
    text = _decode(data)
    if suffix == ".csv":
        return _read_csv(text)
    if suffix == ".json":
        try:
            document = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise InputError("file", f"not valid JSON at line {exc.lineno}: {exc.msg}") from None
        except ValueError as exc:  # e.g. an integer with thousands of digits
            raise InputError("file", f"not valid JSON: {exc}") from None
        except RecursionError:
            raise InputError("file", "not valid JSON: nested too deeply") from None
        return _rows_of(document, "JSON")
    return _rows_of(_load_yaml(text), "YAML")


def read_records(path: Path) -> list[dict[str, object]]:
    """Returns the rows of a .yaml/.yml, .json or .csv file on disk."""
    try:
        if path.is_dir():
            raise InputError("file", f"is a directory: {str(path)!r}")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError("file", f"too large ({size:,} bytes, at most {MAX_FILE_BYTES:,})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file", f"no such file: {str(path)!r}") from None
    except PermissionError:
        raise InputError("file", f"cannot read {str(path)!r}: permission denied") from None
    except OSError as exc:
        raise InputError("file", f"cannot read {str(path)!r}: {exc.strerror}") from None
    return read_records_bytes(data, path.name)


def load_taxonomy(knowledge_dir: Path) -> Taxonomy:
    """Returns knowledge/taxonomy.yaml parsed, or an empty Taxonomy if the file is missing."""
    path = knowledge_dir / "taxonomy.yaml"
    if not path.is_file():
        return Taxonomy()
    try:
        data = _load_taxonomy_yaml(_decode(path.read_bytes()))
    except InputError as exc:
        raise InputError("taxonomy", f"{path.name}: {exc.reason}") from None
    return parse_taxonomy(data)


def load_knowledge_dir(knowledge_dir: Path) -> tuple[list[dict[str, object]], Taxonomy]:
    """Returns the rows of every knowledge/suppliers/*.yaml (sorted by name) and the taxonomy."""
    rows: list[dict[str, object]] = []
    suppliers_dir = knowledge_dir / "suppliers"
    if suppliers_dir.is_dir():
        paths = sorted([*suppliers_dir.glob("*.yaml"), *suppliers_dir.glob("*.yml")])
        for path in paths:
            try:
                rows.extend(read_records(path))
            except InputError as exc:
                raise InputError(f"{path.name}", exc.reason) from None
    return rows, load_taxonomy(knowledge_dir)


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes Decimals as plain numbers."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    """Returns a Decimal as a YAML float scalar with its exact digits ("2.50" stays 2.50)."""
    text = str(value)
    if not _NUMBER.match(text):  # exponent forms such as 1E+3 are written out in full
        text = format(value, "f")
    if "." not in text:
        return dumper.represent_scalar("tag:yaml.org,2002:int", text)
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    """Returns a string node, multi-line text as a literal block (notes read as written)."""
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)
# Quote any string either schema would read as something else (1.1's yes/no, 1.2's 1e3).
for _tag, _pattern, _first in _CORE_SCHEMA:
    _Dumper.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", _pattern, _first)


def _export_record(supplier: Supplier) -> dict[str, object]:
    """Returns the import-format record with amounts as Decimal (numbers in YAML)."""
    record = supplier_to_record(supplier)
    for field in _AMOUNT_FIELDS:
        if field in record:
            record[field] = Decimal(str(record[field]))
    if "price_tiers" in record:
        record["price_tiers"] = [
            {"min_qty": tier.min_qty, "unit_price": tier.unit_price}
            for tier in supplier.price_tiers
        ]
    return record


def export_yaml(suppliers: Sequence[Supplier]) -> str:
    """Returns the suppliers as an import-format YAML document."""
    document = {"suppliers": [_export_record(supplier) for supplier in suppliers]}
    text: str = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=99)
    return text


def _escape_cell(text: str) -> str:
    """Returns text a spreadsheet will not run as a formula (a ' before = + - @ tab CR)."""
    if text.startswith(_FORMULA_START) or (text.startswith("'") and text[1:2] in _FORMULA_START):
        return "'" + text
    return text


def _csv_cell(field: str, value: Any) -> str:
    """Returns one field as a CSV cell (lists ';'-separated, tiers as 100:2.5;500:1.9)."""
    if value is None:
        return ""
    if field == "price_tiers":
        return ";".join(f"{tier['min_qty']}:{tier['unit_price']}" for tier in value)
    if field in LIST_FIELDS:
        return _escape_cell(";".join(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) or (field in _AMOUNT_FIELDS and _NUMBER.match(str(value))):
        return str(value)  # numbers, negative ones included, are not text cells
    return _escape_cell(str(value))


def export_csv(suppliers: Sequence[Supplier]) -> str:
    """Returns the suppliers as import-format CSV with a header (formula-like cells escaped)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for supplier in suppliers:
        record = supplier_to_record(supplier)
        writer.writerow([_csv_cell(field, record.get(field)) for field in FIELDS])
    return out.getvalue()
