#!/usr/bin/env python3
"""N HTTP endpoints on 127.0.0.1, each on its own ephemeral port, answering 200 "ok".

Prints one URL per line to the file given, then serves until killed.
Usage: endpoints.py COUNT URLFILE
"""
import asyncio
import sys

RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"


async def handle(reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line or line in (b"\r\n", b"\n"):
                break
        writer.write(RESPONSE)
        await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def main(count, path):
    servers = []
    for _ in range(count):
        servers.append(await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024))
    with open(path, "w") as f:
        for s in servers:
            f.write("http://127.0.0.1:%d/health\n" % s.sockets[0].getsockname()[1])
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
