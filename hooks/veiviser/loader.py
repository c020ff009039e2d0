"""
Read a guide's YAML file into plain values that remember their line numbers.

PyYAML's ``SafeLoader`` only *composes* the document into nodes here; the
nodes are then turned into :class:`YNode` objects ourselves so that

* every mapping value and sequence item keeps its 1-based line number
  (and the line of its key),
* duplicate keys are reported instead of silently overwritten,
* syntax errors, undecodable bytes, unknown tags and runaway aliases become
  :class:`~veiviser.model.Problem` objects with a plain Norwegian
  explanation instead of exceptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .model import Problem

__all__ = ["YNode", "load_yaml", "parse_yaml", "MAX_NODES"]

#: Upper bound on values in one file (stops "billion laughs" alias bombs).
MAX_NODES = 20_000
#: Upper bound on nesting (a guide needs about six levels).
MAX_DEPTH = 50
#: Upper bound on a file's size in bytes (the largest guide has about 12 000).
MAX_FILE_BYTES = 500_000
#: Upper bound on the characters of all texts once every alias (``*navn``) is expanded.
MAX_WEIGHT = 500_000

#: Characters that YAML counts as line breaks but editors' tools do not show as such.
_HIDDEN_BREAKS = {"\u2028": "linjeskille", "\u2029": "avsnittsskille", "\x85": "neste linje (NEL)"}

#: libyaml is ~15x faster, but crashes the interpreter on absurdly deep
#: nesting (somewhere above 20 000 levels); it is only used when the
#: nesting is certainly below this bound.
_FAST_DEPTH_LIMIT = 1_000
_FastLoader = getattr(yaml, "CSafeLoader", None)
_RE_INDICATORS = re.compile(r"(?:^|\s)[-?:](?=\s|$)")

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "binary")}
_MAP_TAGS = {_TAG + "map", _TAG + "set"}
_SEQ_TAGS = {_TAG + "seq", _TAG + "omap", _TAG + "pairs"}

#: Characters that mean something special at the start of an unquoted YAML value.
_SPECIAL_START = "*&!|>'\"%@`[{#,?"

_QUOTE_HINT = (
    "Sett hele teksten i anførselstegn, for eksempel  tekst: \"*Viktig:* les dette\".  "
    "Inni anførselstegnene kan du skrive hva du vil (et \" i teksten skrives da som \\\")."
)


@dataclass
class YNode:
    """A YAML value with its position.

    ``value`` is ``dict[str, YNode]`` for mappings (in file order),
    ``list[YNode]`` for sequences, and the constructed Python value
    (str, int, float, bool, None, datetime.date, ...) for scalars.
    ``broken`` marks a value that could not be read; a problem has already
    been reported for it, so validation skips it silently.
    """

    kind: Literal["map", "seq", "scalar"]
    value: Any
    line: int
    column: int
    key_line: int | None = None
    raw: str | None = None
    quoted: bool = False
    flow: bool = False
    path: tuple[str, ...] = field(default=())
    broken: bool = False

    @property
    def where(self) -> int:
        """The line to point editors at: the key's line if there is a key."""

        return self.key_line if self.key_line is not None else self.line

    def to_python(self) -> Any:
        """The plain Python value (nested dicts, lists and scalars)."""

        if self.kind == "map":
            return {k: v.to_python() for k, v in self.value.items()}
        if self.kind == "seq":
            return [v.to_python() for v in self.value]
        return self.value


# ----------------------------------------------------------------------
# Entry points


def load_yaml(path: Path) -> tuple[YNode | None, list[Problem]]:
    """Read and parse ``path``; never raises for bad content or OS errors."""

    path = Path(path)
    try:
        if path.is_symlink():
            return None, [
                Problem(
                    path,
                    None,
                    None,
                    "Filen er en snarvei (symbolsk lenke) til en annen fil. Veivisere og øvelser må være vanlige filer "
                    "i mappen.",
                    "Slett snarveien og legg selve filen i mappen i stedet.",
                )
            ]
        if not path.is_file():
            raise IsADirectoryError(0, "ikke en vanlig fil")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return None, [
                Problem(
                    path,
                    None,
                    None,
                    f"Filen er for stor (mer enn {MAX_FILE_BYTES // 1000} kB). En veiviser er vanligvis under 20 kB.",
                    "Del veiviseren i flere filer, og kort ned lange tekster.",
                )
            ]
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return None, [
            Problem(
                path,
                None,
                None,
                f"Filen kunne ikke leses ({reason}).",
                "Sjekk at filen finnes, at det er en vanlig fil og ikke en mappe, og at du har lov til å lese den.",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                path,
                line,
                None,
                "Filen er ikke lagret som UTF-8, så noen tegn (ofte æ, ø og å) kan ikke leses.",
                "Lagre filen på nytt med tegnkodingen UTF-8. I VS Code: klikk på tegnkodingen nederst til høyre, "
                "velg «Save with Encoding» og så «UTF-8».",
            )
        ]
    return parse_yaml(text, file=path)


def _hidden_breaks(text: str, file: Path) -> list[Problem]:
    """Line breaks that YAML counts but editors do not see; they would shift every line number."""

    problems = []
    for char, name in _HIDDEN_BREAKS.items():
        position = text.find(char)
        if position >= 0:
            line = text.count("\n", 0, position) + 1
            column = position - (text.rfind("\n", 0, position) + 1) + 1
            problems.append(
                Problem(
                    file,
                    line,
                    None,
                    f"Linjen inneholder et usynlig linjeskift-tegn (U+{ord(char):04X}, {name}).",
                    "Slett tegnet (det kommer ofte med når tekst kopieres fra Word eller en nettside); "
                    "bruk vanlige linjeskift.",
                    column=column,
                )
            )
    return problems


_RE_SURROGATE = re.compile("[\ud800-\udfff]")


def _repair_surrogates(text: str) -> str | None:
    """``text`` with UTF-16 surrogate pairs (from ``\\ud83d\\ude00`` escapes) joined; None for a lone half."""

    if _RE_SURROGATE.search(text) is None:
        return text
    try:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return None


_LONE_SURROGATE = (
    "Teksten inneholder en \\u-kode for halvparten av et tegn (mellom \\ud800 og \\udfff) uten den andre halvparten.",
    "Skriv tegnet (for eksempel en emoji) direkte i teksten i stedet for som \\u-kode, eller skriv begge "
    "halvdelene etter hverandre (for eksempel \\ud83d\\ude00).",
)


def parse_yaml(text: str, *, file: Path) -> tuple[YNode | None, list[Problem]]:
    """Parse YAML ``text`` (from ``file``, used in messages) into a :class:`YNode`."""

    file = Path(file)
    hidden = _hidden_breaks(text, file)
    if hidden:
        return None, hidden
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        return None, [_explain_marked_error(exc, text, file)]
    except yaml.reader.ReaderError as exc:
        return None, [_explain_reader_error(exc, text, file)]
    except yaml.YAMLError as exc:  # pragma: no cover - all PyYAML errors are one of the above
        return None, [Problem(file, None, None, f"YAML-filen kan ikke leses ({exc}).", _GENERIC_FIX)]
    except RecursionError:
        return None, [
            Problem(
                file,
                None,
                None,
                "Filen har for mange nivåer inni hverandre til at den kan leses.",
                "Sjekk innrykk og hakeparenteser/klammeparenteser; en veiviser trenger bare noen få nivåer.",
            )
        ]
    if root is None:
        return None, []
    builder = _Builder(file)
    try:
        result = builder.build(root, path=(), key_line=None)
    except _TooHeavy:
        return None, [
            Problem(
                file,
                None,
                None,
                f"Innholdet i filen blir for stort når ankrene (& og *) er fylt ut: over {MAX_WEIGHT} tegn tekst.",
                "Skriv teksten ut der den trengs i stedet for å gjenta den med & og *, og kort ned lange tekster.",
            )
        ]
    except _TooBig:
        return None, [
            Problem(
                file,
                None,
                None,
                "Filen er for stor, har for mange nivåer inni hverandre, eller bruker ankere (& og *) "
                "slik at innholdet blir enormt.",
                "Sjekk innrykk og hakeparenteser. Del opp veiviseren, og skriv innholdet ut i stedet for å bruke & og *.",
            )
        ]
    return result, builder.problems


def _depth_bound(text: str) -> int:
    """A safe upper bound on how deeply collections in ``text`` can be nested.

    Every flow bracket counts (brackets inside quotes cannot lower it), and on
    each line the indentation plus the block indicators (``-``, ``?``, ``:``)
    bound the block nesting, doubled for indentless sequences.
    """

    flow = text.count("[") + text.count("{")
    block = 0
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        block = max(block, indent + len(_RE_INDICATORS.findall(line)))
    return flow + 2 * block + 2


def _compose(text: str) -> Node | None:
    """Compose ``text`` into PyYAML nodes.

    Uses libyaml when available and safe; anything libyaml rejects is parsed
    again by the pure-Python parser, whose error messages we explain.
    """

    if _FastLoader is not None and _depth_bound(text) < _FAST_DEPTH_LIMIT:
        try:
            return yaml.compose(text, Loader=_FastLoader)
        except Exception:  # noqa: BLE001 - the pure-Python parser gives the error
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


# ----------------------------------------------------------------------
# Building YNodes


class _TooBig(Exception):
    pass


class _TooHeavy(Exception):
    pass


def _step_of(path: tuple[str, ...]) -> str | None:
    if len(path) >= 2 and path[0] == "steg":
        return path[1]
    return None


class _Budget:
    """What one file may hold once aliases are expanded (nodes, nesting, text), so that a small file
    cannot make the build run out of memory or time; over the limit it raises _TooBig or _TooHeavy."""

    def __init__(self) -> None:
        self.count = 0
        self.weight = 0

    def node(self, *, depth: int) -> None:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise _TooBig

    def text(self, text: str) -> None:
        self.weight += len(text)
        if self.weight > MAX_WEIGHT:
            raise _TooHeavy


class _Builder:
    """Turns composed PyYAML nodes into :class:`YNode` objects, collecting problems (within a :class:`_Budget`)."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.budget = _Budget()
        self.active: set[int] = set()
        self.constructor = SafeConstructor()

    def problem(self, line: int | None, path: tuple[str, ...], message: str, fix: str) -> None:
        self.problems.append(Problem(self.file, line, _step_of(path), message, fix))

    def problem_at_key(self, line: int, path: tuple[str, ...], key: str, message: str, fix: str) -> None:
        self.problems.append(Problem(self.file, line, _step_of(path + (key,)), message, fix))

    def build(self, node: Node, *, path: tuple[str, ...], key_line: int | None) -> YNode:
        self.budget.node(depth=len(path))
        line = node.start_mark.line + 1
        column = node.start_mark.column + 1
        if id(node) in self.active:
            self.problem(
                line,
                path,
                "Et anker (&) brukes inni seg selv, så innholdet blir uendelig.",
                "Fjern * og & her og skriv innholdet ut.",
            )
            return self._broken(line, column, key_line, path)
        self.active.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, path, line, column, key_line)
            if isinstance(node, SequenceNode):
                return self._sequence(node, path, line, column, key_line)
            assert isinstance(node, ScalarNode)
            return self._scalar(node, path, line, column, key_line)
        finally:
            self.active.discard(id(node))

    @staticmethod
    def _broken(line: int, column: int, key_line: int | None, path: tuple[str, ...]) -> YNode:
        return YNode("scalar", None, line, column, key_line=key_line, path=path, broken=True)

    def _unknown_tag(self, node: Node, path: tuple[str, ...], line: int, column: int, key_line: int | None) -> YNode:
        self.problem(
            line,
            path,
            f"Verdien begynner med «{node.tag}». Et utropstegn først i en verdi betyr noe spesielt i YAML.",
            _QUOTE_HINT,
        )
        return self._broken(line, column, key_line, path)

    def _mapping(self, node: MappingNode, path: tuple[str, ...], line: int, column: int, key_line: int | None) -> YNode:
        if node.tag not in _MAP_TAGS:
            return self._unknown_tag(node, path, line, column, key_line)
        items: dict[str, YNode] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            k_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                self.problem(
                    k_line,
                    path,
                    "Her står det en liste eller en gruppe der det skulle stått et feltnavn.",
                    "Skriv et vanlig feltnavn etterfulgt av kolon, for eksempel «tittel: …». "
                    "Et spørsmålstegn (?) først på linjen betyr noe spesielt i YAML.",
                )
                continue
            key = _repair_surrogates(key_node.value)
            if key is None:
                self.problem(k_line, path, *_LONE_SURROGATE)
                continue
            if key in first_line:
                self.problem_at_key(
                    k_line,
                    path,
                    key,
                    f"«{key}» står to ganger på samme nivå (linje {first_line[key]} og linje {k_line}). "
                    "YAML ville da stille og rolig bare bruke den siste.",
                    f"Fjern den ene «{key}», eller gi den et annet navn. "
                    "Er det to forskjellige steg, må de ha hvert sitt navn.",
                )
                continue
            first_line[key] = k_line
            items[key] = self.build(value_node, path=path + (key,), key_line=k_line)
        return YNode("map", items, line, column, key_line=key_line, flow=bool(node.flow_style), path=path)

    def _sequence(self, node: SequenceNode, path: tuple[str, ...], line: int, column: int, key_line: int | None) -> YNode:
        if node.tag not in _SEQ_TAGS:
            return self._unknown_tag(node, path, line, column, key_line)
        items: list[YNode] = []
        for index, item in enumerate(node.value):
            items.append(self.build(item, path=path + (str(index),), key_line=None))
        return YNode("seq", items, line, column, key_line=key_line, flow=bool(node.flow_style), path=path)

    def _scalar(self, node: ScalarNode, path: tuple[str, ...], line: int, column: int, key_line: int | None) -> YNode:
        if node.tag not in _SCALAR_TAGS:
            return self._unknown_tag(node, path, line, column, key_line)
        self.budget.text(node.value)
        raw = _repair_surrogates(node.value)
        if raw is None:
            self.problem(line, path, *_LONE_SURROGATE)
            return self._broken(line, column, key_line, path)
        try:
            value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            if node.tag == _TAG + "timestamp":
                message = f"«{node.value}» ser ut som en dato, men datoen finnes ikke."
                fix = "Skriv datoen som ÅÅÅÅ-MM-DD med en gyldig måned og dag, for eksempel 2026-11-25."
            else:
                message = f"Verdien «{node.value}» kan ikke leses."
                fix = "Skriv en vanlig tekst, eller sett verdien i anførselstegn."
            self.problem(line, path, message, fix)
            return self._broken(line, column, key_line, path)
        if isinstance(value, str):
            value = _repair_surrogates(value)
        return YNode(
            "scalar",
            value,
            line,
            column,
            key_line=key_line,
            raw=raw,
            quoted=node.style not in (None, ""),  # libyaml gives "" for plain scalars
            path=path,
        )


# ----------------------------------------------------------------------
# Explaining syntax errors

_GENERIC_FIX = (
    "Sjekk linjen og linjen over: innrykk med mellomrom, kolon etter hvert feltnavn, "
    "og anførselstegn rundt tekst som begynner med et spesialtegn."
)


def _value_part(source_line: str) -> str:
    """The value on a YAML line: what follows ``- `` markers and ``key: ``."""

    rest = source_line.strip()
    while rest.startswith("- ") or rest == "-":
        rest = rest[2:].lstrip()
    m = re.match(r"^[^\s:'\"\[\]{}#&*!|>%@`,?-][^:#]*?:(?:\s+|$)", rest)
    if m:
        rest = rest[m.end() :]
    return rest


def _special_start_hint(lines: list[str], *line_numbers: int | None) -> str | None:
    """A hint when a value on one of the lines starts with a YAML special character."""

    for number in line_numbers:
        if number is None or not 1 <= number <= len(lines):
            continue
        value = _value_part(lines[number - 1])
        if not value or value[0] not in _SPECIAL_START or value[0] == "#":
            continue
        char = value[0]
        closing = {"'": "'", '"': '"', "[": "]", "{": "}"}.get(char)
        if closing is None or not value.split(" #")[0].rstrip().endswith(closing):
            return (
                f"Teksten på linje {number} begynner med «{char}», som betyr noe spesielt i YAML "
                "når det står først i en verdi."
            )
    return None


def _missing_colon_above(lines: list[str], line: int | None) -> bool:
    """Whether the line above ``line`` looks like a field whose colon is missing."""

    if line is None or not 2 <= line <= len(lines):
        return False
    above, here = lines[line - 2], lines[line - 1]
    if not above.strip() or above.lstrip().startswith("#"):
        return False
    indent = len(above) - len(above.lstrip(" "))
    body = above.strip()
    if body.startswith("- "):
        body = body[2:]
        indent += 2
    return (
        indent == len(here) - len(here.lstrip(" "))
        and ":" not in body
        and re.match(r"^[^\s'\"\[\]{}#&*!|>%@`,?-]+\s", body) is not None
    )


def _explain_marked_error(exc: yaml.MarkedYAMLError, text: str, file: Path) -> Problem:
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    context_line = exc.context_mark.line + 1 if exc.context_mark else None
    lines = text.splitlines()
    special = _special_start_hint(lines, line, context_line)

    if "'\\t'" in problem:
        message = "Linjen inneholder et tabulatortegn (Tab). YAML godtar bare vanlige mellomrom som innrykk."
        fix = "Slett tabulatortegnet og bruk mellomrom i stedet (for eksempel to mellomrom per nivå)."
    elif "could not find expected ':'" in problem:
        line, column = context_line or line, (exc.context_mark.column + 1 if exc.context_mark else column)
        message = "Det mangler et kolon (:) etter feltnavnet."
        fix = (
            "Skriv feltnavnet, kolon og et mellomrom, for eksempel «tittel: Min tittel». "
            "Hvis linjen fortsetter en tekst fra linjen over, må hele teksten settes i anførselstegn."
        )
    elif "mapping values are not allowed" in problem and _missing_colon_above(lines, line):
        assert line is not None
        line, column = line - 1, None
        message = "Det mangler et kolon (:) etter feltnavnet."
        fix = "Skriv feltnavnet, kolon og et mellomrom, for eksempel «resultat: Svar alltid»."
    elif "mapping values are not allowed" in problem:
        message = (
            "Det står et kolon (:) der YAML ikke venter det. Enten inneholder en tekst «: », "
            "eller innrykket er feil, eller det mangler et kolon på linjen over."
        )
        fix = (
            "Sett tekst som inneholder kolon i anførselstegn, for eksempel  tittel: \"Merk: dette\".  "
            "Sjekk også at feltene på samme nivå starter i samme kolonne."
        )
    elif "unexpected end of stream" in problem and "quoted" in context:
        line = context_line or line
        column = exc.context_mark.column + 1 if exc.context_mark else column
        message = "Et anførselstegn er åpnet, men aldri lukket."
        fix = "Sett et avsluttende anførselstegn av samme slag (\" eller ') på slutten av teksten."
    elif "unknown escape character" in problem:
        message = "Inni doble anførselstegn («\"») betyr omvendt skråstrek (\\) noe spesielt."
        fix = "Bruk enkle anførselstegn ('…') rundt teksten i stedet, eller skriv \\\\ for én skråstrek."
    elif "expected a single document" in context:
        message = "Filen inneholder mer enn én veiviser (en linje med bare «---» starter en ny)."
        fix = "Fjern linjen med «---». Hver veiviser skal ha sin egen fil."
    elif special is not None:
        message = f"{special} Derfor kan ikke filen leses."
        fix = _QUOTE_HINT
    elif "'-' indicator" in problem or "block sequence start" in problem:
        message = "Innrykket i listen stemmer ikke: alle punktene i en liste må starte med «-» i samme kolonne."
        fix = "Flytt «-» på denne linjen slik at den står rett under «-» på punktet over."
    elif "expected key" in problem or "block end" in problem or "block mapping" in context:
        message = "Innrykket stemmer ikke: linjen er rykket inn annerledes enn feltene rundt den."
        fix = (
            "Felt som hører sammen, må starte i nøyaktig samme kolonne, og innholdet under et felt "
            "må rykkes inn med mellomrom (bruk samme antall hver gang)."
        )
    elif "while scanning an alias" in context or "while scanning an anchor" in context or "alias" in problem:
        message = "En verdi begynner med «*» eller «&», som betyr noe spesielt i YAML."
        fix = _QUOTE_HINT
    elif "cannot start any token" in problem:
        char = problem.split("'")[1] if problem.count("'") >= 2 else "?"
        message = f"Tegnet «{char}» kan ikke stå først i en verdi uten anførselstegn."
        fix = _QUOTE_HINT
    elif "block scalar" in context:
        message = "En verdi begynner med «|» eller «>», som i YAML betyr at teksten fortsetter på linjene under."
        fix = "Skriv teksten på linjene under, rykket inn, eller sett hele teksten i anførselstegn."
    else:
        technical = " ".join(x for x in (context, problem) if x)
        message = f"YAML-oppsettet i filen kan ikke leses (teknisk beskrivelse: {technical})."
        fix = _GENERIC_FIX
    return Problem(file, line, None, message, fix, column=column)


def _explain_reader_error(exc: yaml.reader.ReaderError, text: str, file: Path) -> Problem:
    position = exc.position if isinstance(exc.position, int) else 0
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return Problem(
        file,
        line,
        None,
        f"Filen inneholder et usynlig kontrolltegn (U+{code:04X}) som ikke er tillatt.",
        "Slett tegnet (det kommer ofte med når tekst kopieres fra Word eller PDF), eller skriv linjen inn på nytt.",
        column=column,
    )
