"""Structured logs: one JSON object per line, with the request id and the user where there is one."""

import json
import logging
import time
import uuid

STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}

logger = logging.getLogger("portal.request")


class JsonFormatter(logging.Formatter):
    def format(self, record):
        data = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
                "logger": record.name, "message": record.getMessage()}
        data.update({k: v for k, v in record.__dict__.items() if k not in STANDARD and not k.startswith("_")})
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    """Give every request an id (or keep the proxy's X-Request-ID) and log one line when it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        started = time.monotonic()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logger.info("request", extra={
            "request_id": request.id, "method": request.method, "path": request.path,
            "status": response.status_code, "duration_ms": round(1000 * (time.monotonic() - started), 1),
            "user": user.username if user is not None and user.is_authenticated else None,
        })
        response["X-Request-ID"] = request.id
        return response
