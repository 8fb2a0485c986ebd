import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None:
            entry["path"] = getattr(request, "path", "")
            entry["method"] = getattr(request, "method", "")
        if getattr(record, "status_code", None):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class ForbiddenOneLine(logging.Filter):
    """A refused request (403) is one line saying who asked for what, not a
    traceback: Django logs PermissionDenied with its exception, which floods the log
    with stack traces of a normal refusal."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if getattr(record, "status_code", None) != 403 or request is None:
            return True
        user = getattr(request, "user", None)
        who = user.get_username() if user and user.is_authenticated else "anonyme"
        record.msg = "Forbidden: %s %s (user %s)"
        record.args = (request.method, request.get_full_path(), who)
        record.exc_info = None
        record.exc_text = None
        return True
