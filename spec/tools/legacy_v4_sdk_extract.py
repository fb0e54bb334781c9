#!/usr/bin/env python3
"""Writes spec/request/aftership-legacy-v4-sdk.json: the legacy Tracking v4 request bodies as an
OpenAPI document, from the type declarations of AfterShip's official legacy Node SDK (npm
`aftership` 8.1.0, `dist/model/**/*.d.ts`). AfterShip publishes no v4 document beyond a
paths-only skeleton; the SDK's types are the nearest source. Only facts are taken: member
names, whether they are optional, their types and enum values (no descriptions).

Usage: npm pack aftership@8.1.0 && tar xzf aftership-8.1.0.tgz
       python3 spec/tools/legacy_v4_sdk_extract.py package/dist/model > spec/request/aftership-legacy-v4-sdk.json
"""
import json
import re
import sys
from pathlib import Path

MEMBER = re.compile(r"^\s*([a-z_0-9]+)(\??):\s*(.+?);\s*$")


def strip_comments(text):
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def read_model(root):
    interfaces, enums = {}, {}
    for path in sorted(Path(root).rglob("*.d.ts")):
        text = strip_comments(path.read_text())
        # A name declared twice (EstimatedDeliveryDate: a response type and a request type)
        # resolves to the request-side declaration (`*_params` / `*_request` files).
        request_side = path.name.removesuffix(".d.ts").endswith(("_params", "_request", "_param"))
        for m in re.finditer(r"(?:interface|class)\s+(\w+)\s*\{(.*?)\n\}", text, flags=re.S):
            if request_side or m.group(1) not in interfaces:
                interfaces[m.group(1)] = parse_members(m.group(2))
        for m in re.finditer(r"enum\s+(\w+)\s*\{(.*?)\}", text, flags=re.S):
            enums[m.group(1)] = re.findall(r'=\s*"([^"]+)"', m.group(2))
    return interfaces, enums


def parse_members(body):
    members, depth, inline, inline_name, inline_opt = [], 0, [], None, ""
    for line in body.splitlines():
        if depth == 0:
            m = re.match(r"^\s*([a-z_0-9]+)(\??):\s*\{\s*$", line)
            if m:
                inline_name, inline_opt, inline, depth = m.group(1), m.group(2), [], 1
                continue
            m = MEMBER.match(line)
            if m and "constructor" not in line:
                members.append((m.group(1), m.group(2) == "?", m.group(3)))
        else:
            if re.match(r"^\s*\};?\s*$", line):
                depth = 0
                members.append((inline_name, inline_opt == "?", parse_members("\n".join(inline))))
            else:
                inline.append(line)
    return members


def schema(ty, interfaces, enums, seen=()):
    if isinstance(ty, list):
        return obj(ty, interfaces, enums, seen)
    parts = [p.strip() for p in ty.split("|")]
    if len(parts) > 1:
        alts = [schema(p, interfaces, enums, seen) for p in parts]
        types = []
        merged = {}
        for a in alts:
            t = a.get("type")
            if t and t not in types:
                types.append(t)
            for k, v in a.items():
                if k != "type":
                    merged.setdefault(k, v)
        merged["type"] = types if len(types) > 1 else types[0]
        return merged
    if ty.endswith("[]"):
        return {"type": "array", "items": schema(ty[:-2], interfaces, enums, seen)}
    if ty.startswith("[") and ty.endswith("]"):
        return {"type": "array", "items": schema(ty[1:-1], interfaces, enums, seen)}
    if ty in ("string", "Date"):
        return {"type": "string"}
    if ty == "number":
        return {"type": "number"}
    if ty == "boolean":
        return {"type": "boolean"}
    if ty in ("Object", "object", "any"):
        return {"type": "object"}
    if ty in enums:
        return {"type": "string", "enum": enums[ty]}
    if ty in interfaces and ty not in seen:
        return obj(interfaces[ty], interfaces, enums, seen + (ty,))
    return {}


def obj(members, interfaces, enums, seen):
    out = {"type": "object", "properties": {}}
    required = []
    for name, optional, ty in members:
        out["properties"][name] = schema(ty, interfaces, enums, seen)
        if not optional:
            required.append(name)
    if required:
        out["required"] = required
    return out


def main(root):
    interfaces, enums = read_model(root)
    s = lambda name: schema(name, interfaces, enums)
    notification = {"type": "object", "properties": {
        "emails": s("string[] | string"), "smses": s("string[] | string")}}
    bodies = {
        ("post", "/trackings"): s("TrackingCreate"),
        ("put", "/trackings/{slug}/{tracking_number}"): s("TrackingUpdate"),
        ("put", "/trackings/{id}"): s("TrackingUpdate"),
        ("post", "/trackings/{slug}/{tracking_number}/mark-as-completed"): s("MarkAsCompletedParam"),
        ("post", "/trackings/{id}/mark-as-completed"): s("MarkAsCompletedParam"),
        ("post", "/couriers/detect"): s("CourierDetectTracking"),
        ("post", "/estimated-delivery-date/predict-batch"): s("EstimatedDeliveryDateBatchPredictParams"),
    }
    for target in ("{slug}/{tracking_number}", "{id}"):
        for action in ("add", "remove"):
            bodies[("post", f"/notifications/{target}/{action}")] = notification
    paths = {}
    for (method, path), body in sorted(bodies.items()):
        paths.setdefault(path, {})[method] = {
            "requestBody": {"content": {"application/json": {"schema": body}}}}
    doc = {
        "x-source": "npm aftership 8.1.0, dist/model/**/*.d.ts (the legacy Node SDK's request types); "
                    "bodies as the connector takes them (inside the `tracking` / `notification` wrapper)",
        "openapi": "3.0.0",
        "info": {"title": "AfterShip Tracking v4 (legacy) request bodies", "version": "8.1.0"},
        "servers": [{"url": "https://api.aftership.com/v4"}],
        "paths": paths,
    }
    print(json.dumps(doc, indent=2))


if __name__ == "__main__":
    main(sys.argv[1])
