"""OpenAPI additions: the error responses every operation can give, in the one shape the API uses."""

ERROR = {
    "type": "object",
    "required": ["code", "message", "fields"],
    "properties": {
        "code": {"type": "string", "description": "机器可读的错误代码 · machine-readable code"},
        "message": {"type": "string", "description": "错误说明 · what went wrong, in the request's language"},
        "fields": {"type": "object", "additionalProperties": True,
                   "description": "按字段的错误 · errors by field"},
    },
    "additionalProperties": True,
}
ALWAYS = {"400": "请求有误 · invalid request", "401": "未认证 · not authenticated",
          "403": "无权限 · forbidden", "404": "不存在或不可见 · not found", "429": "请求过于频繁 · throttled"}
WRITES = {"409": "版本已过期 · stale version", "412": "If-Match 不符 · precondition failed",
          "413": "文件过大 · file too large", "415": "文件类型不符 · unsupported file type"}


def document_errors(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            codes = {**ALWAYS, **(WRITES if method in ("post", "patch", "put", "delete") else {})}
            for code, description in codes.items():
                operation.setdefault("responses", {}).setdefault(code, {"description": description, **ref})
    return result
