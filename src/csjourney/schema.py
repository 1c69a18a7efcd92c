"""The JSON Schema of the format, generated from the models.

`schemas/csjourney-v1.schema.json` is this output, committed for editors
(yaml-language-server) and other tools; a test keeps it in date.
"""

from __future__ import annotations

import json
from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_dict() -> dict[str, Any]:
    from csjourney.model import JourneyFile

    generated = JourneyFile.model_json_schema(mode="validation")
    return {"$schema": DIALECT, **generated}


def schema_text() -> str:
    return json.dumps(schema_dict(), indent=2, ensure_ascii=False) + "\n"
