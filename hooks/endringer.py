"""«Endringer» (docs/endringer.md): the build stops with a Norwegian message when the change log
is malformed or its newest version is not the version in mkdocs.yml (`extra.kommune.versjon`)."""

from __future__ import annotations

from pathlib import Path

from endringslogg import ChangeLogError, read
from mkdocs.exceptions import PluginError

PAGE = "endringer.md"


# Check the change log against mkdocs.yml once per build.
def on_pre_build(*, config) -> None:
    path = Path(config.docs_dir) / PAGE
    name = f"docs/{PAGE}"
    if not path.is_file():
        raise PluginError(f"{name} finnes ikke.\n  Slik retter du det: Lag siden «Endringer» med "
                          f"den nyeste versjonen først (se README, «For redaksjonen»).")
    try:
        log = read(path, name=name)
    except ChangeLogError as error:
        raise PluginError(f"Endringssiden kan ikke brukes.\n\n{error}") from None
    stated = str((config.extra.get("kommune") or {}).get("versjon", "")).strip()
    newest = log.current
    if stated != newest.number:
        raise PluginError(
            f"{name}, linje {newest.line}: Den nyeste versjonen på siden er «{newest.number}», men "
            f"mkdocs.yml sier «versjon: {stated or '(mangler)'}» under «extra: kommune:».\n"
            f"  Slik retter du det: Skriv samme versjon begge steder – enten «versjon: \"{newest.number}\"» "
            f"i mkdocs.yml, eller en ny overskrift «## Versjon {stated}» øverst i {name}."
        )
