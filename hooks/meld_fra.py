"""«Meld fra om feil»: every page links to the editors' address in `extra.kommune.redaksjon_epost`
(overrides/partials/meld-fra.html). A missing or malformed address stops the build."""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

ADDRESS = re.compile(r"[^@\s<>\"?&]+@[^@\s<>\"?&]+\.[A-Za-z]{2,}")


# Check the editors' address once per build.
def on_config(config):
    address = (config.extra.get("kommune") or {}).get("redaksjon_epost")
    if not isinstance(address, str) or not ADDRESS.fullmatch(address.strip()):
        raise PluginError(
            f"mkdocs.yml: «extra: kommune: redaksjon_epost» mangler eller er ikke en e-postadresse "
            f"({address!r}).\n  Slik retter du det: Skriv redaksjonens adresse, for eksempel "
            f"«redaksjon_epost: postmottak@hattfjelldal.kommune.no». Lenken «Meld fra om feil» på "
            f"hver side bruker den."
        )
    return config
