"""What a script posts to Reflex's ``/_upload`` besides the files, as the browser does: the handler's other
arguments (a form's fields) as JSON in one multipart field placed before the files."""

from __future__ import annotations

import json
from typing import Any

from reflex_components_core.core._upload import UPLOAD_EVENT_ARGS_FIELD


def handler_arguments(**arguments: Any) -> dict[str, str]:
    """The multipart data of an upload whose handler also receives ``arguments`` (``form={...}``)."""
    return {UPLOAD_EVENT_ARGS_FIELD: json.dumps(arguments)}
