#!/usr/bin/env python3
"""Builds src/main/resources/dev/flotilla/load/compose-spec.json (see docs/decisions/0003).

Base: the compose-spec schema shipped by Debian's docker-compose 1.29 package
(/usr/lib/python3/dist-packages/compose/config/compose_spec.json, Apache-2.0), the same oracle
the differential test runs. On top: the later compose-spec additions the loader implements,
so a project valid for today's `docker compose` is not refused.
"""
import json, sys

src = sys.argv[1] if len(sys.argv) > 1 else "/usr/lib/python3/dist-packages/compose/config/compose_spec.json"
out = sys.argv[2] if len(sys.argv) > 2 else "src/main/resources/dev/flotilla/load/compose-spec.json"
s = json.load(open(src))

def strip_ids(n):
    if isinstance(n, dict):
        n.pop("id", None)
        for v in n.values(): strip_ids(v)
    elif isinstance(n, list):
        for v in n: strip_ids(v)
strip_ids(s)
s["$schema"] = "https://json-schema.org/draft/2019-09/schema"
s["$id"] = "classpath:dev/flotilla/load/compose-spec.json"
d = s["definitions"]
d.pop("constraints", None)  # docker-compose 1.29 reads it by hand; not a schema keyword
svc = d["service"]["properties"]
ext = {"^x-": {}}

# top level: name, include, models
s["properties"]["name"] = {"type": "string"}  # the loader checks the name itself, with a better message
s["properties"]["include"] = {"type": "array", "items": {"oneOf": [
    {"type": "string"},
    {"type": "object", "additionalProperties": False, "properties": {
        "path": {"$ref": "#/definitions/string_or_list"},
        "env_file": {"$ref": "#/definitions/string_or_list"},
        "project_directory": {"type": "string"}}}]}}
s["properties"]["models"] = {"type": "object"}

# environment values may be booleans
d["list_or_dict"]["oneOf"][0]["patternProperties"][".+"]["type"] = ["string", "number", "boolean", "null"]

# build: long form additions
b = svc["build"]["oneOf"][1]["properties"]
b.update({
    "dockerfile_inline": {"type": "string"},
    "additional_contexts": {"$ref": "#/definitions/list_or_dict"},
    "ssh": {"$ref": "#/definitions/list_or_dict"},
    "secrets": {"type": "array"},
    "tags": {"type": "array", "items": {"type": "string"}},
    "platforms": {"type": "array", "items": {"type": "string"}},
    "privileged": {"type": "boolean"},
    "no_cache": {"type": "boolean"},
    "pull": {"type": "boolean"},
    "cache_to": {"type": "array", "items": {"type": "string"}},
    "ulimits": {"type": "object"},
    "entitlements": {"type": "array", "items": {"type": "string"}},
})

# depends_on: restart, required; condition optional (defaults to service_started)
dep = svc["depends_on"]["oneOf"][1]["patternProperties"]["^[a-zA-Z0-9._-]+$"]
dep["properties"].update({"restart": {"type": ["boolean", "string"]}, "required": {"type": ["boolean", "string"]}})
dep.pop("required", None)

# env_file: long form {path, required, format}
svc["env_file"] = {"oneOf": [
    {"type": "string"},
    {"type": "array", "items": {"oneOf": [
        {"type": "string"},
        {"type": "object", "additionalProperties": False, "required": ["path"], "properties": {
            "path": {"type": "string"}, "required": {"type": ["boolean", "string"]}, "format": {"type": "string"}}}]}}]}

# ports: published and target may be strings (ranges, interpolated values), host_ip, name, app_protocol
p = svc["ports"]["items"]["oneOf"][2]["properties"]
p.update({"target": {"type": ["integer", "string"]}, "published": {"type": ["integer", "string"]},
          "host_ip": {"type": "string"}, "name": {"type": "string"}, "app_protocol": {"type": "string"}})

# volumes: bind.create_host_path, selinux; volume.subpath; image mounts
v = svc["volumes"]["items"]["oneOf"][1]["properties"]
v["bind"]["properties"].update({"create_host_path": {"type": ["boolean", "string"]}, "selinux": {"type": "string", "enum": ["z", "Z"]}})
v["volume"]["properties"].update({"subpath": {"type": "string"}})
v["image"] = {"type": "object", "properties": {"subpath": {"type": "string"}}}

# healthcheck: start_interval; retries may be an interpolated string
d["healthcheck"]["properties"].update({"start_interval": {"type": "string", "format": "duration"}})

# service keys added to the spec after compose 1.29
svc.update({
    "develop": {"type": "object"},
    "annotations": {"$ref": "#/definitions/list_or_dict"},
    "attach": {"type": ["boolean", "string"]},
    "post_start": {"type": "array"},
    "pre_stop": {"type": "array"},
    "provider": {"type": "object"},
    "models": {},
    "gpus": {},
    "uts": {"type": "string"},
    "cgroup": {"type": "string", "enum": ["host", "private"]},
    "label_file": {"$ref": "#/definitions/string_or_list"},
    "mem_swappiness": {"type": ["integer", "string"]},
    "stop_grace_period": {"type": "string", "format": "duration"},
    "volumes_from": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    "use_api_socket": {"type": "boolean"},
})

json.dump(s, open(out, "w"), indent=1, sort_keys=False)
open(out, "a").write("\n")
