#!/usr/bin/env python3
"""Writes a compose project with N services (default 500) for timing the loader:
   python3 bench/loader/generate.py /tmp/big 500 && time ./flotilla config -q /tmp/big >/dev/null
Half the services build from a context with a Dockerfile and a .dockerignore; all use anchors,
interpolation, ports, volumes, depends_on and healthchecks, so every part of the loader runs."""
import os, sys

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/flotilla-big"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 500
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, ".env"), "w") as f:
    f.write("TAG=1.36\nLOG_LEVEL=info\n")
lines = ["name: big", "x-common: &common", "  restart: unless-stopped", "  environment: &env",
         "    LOG_LEVEL: ${LOG_LEVEL:-debug}", "    REGION: eu", "services:"]
for i in range(n):
    s = f"svc{i:04d}"
    lines += [f"  {s}:", "    <<: *common"]
    if i % 2:
        ctx = os.path.join(out, "services", s)
        os.makedirs(ctx, exist_ok=True)
        with open(os.path.join(ctx, "Dockerfile"), "w") as f:
            f.write("# syntax=docker/dockerfile:1\nARG BASE=busybox\nFROM ${BASE}:latest AS build\nRUN <<EOF\necho building\nEOF\n"
                    "FROM busybox:latest\nCOPY --from=build /etc/hostname /app/\nHEALTHCHECK CMD [\"wget\", \"-q\", \"http://127.0.0.1/\"]\n"
                    "CMD [\"httpd\", \"-f\"]\n")
        with open(os.path.join(ctx, ".dockerignore"), "w") as f:
            f.write("**/*.pyc\nnode_modules\n!keep.md\n")
        lines += ["    build:", f"      context: ./services/{s}", "      args:", "        VERSION: ${TAG}"]
    else:
        lines += ["    image: busybox:${TAG}"]
    lines += ["    ports:", f"      - \"127.0.0.1:{10000 + i}:80\"",
              "    volumes:", f"      - ./data/{s}:/data:ro", "      - cache:/cache",
              "    healthcheck:", "      test: [\"CMD\", \"wget\", \"-q\", \"--spider\", \"http://127.0.0.1/\"]", "      interval: 5s"]
    if i > 0:
        lines += ["    depends_on:", f"      svc{i - 1:04d}:", "        condition: service_healthy"]
lines += ["volumes:", "  cache:"]
with open(os.path.join(out, "compose.yaml"), "w") as f:
    f.write("\n".join(lines) + "\n")
print(out)
