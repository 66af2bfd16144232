#!/usr/bin/env python3
"""One small process that plays every fleet host's HTTP health endpoint.

Binds ADDRESS:PORT for each host listed in HOSTS_FILE (lines "name address") and answers
GET /health with the content of FLEET/<name>/health: 200 when the file says "ok", 503 otherwise
(missing file included). So a host's health is whatever its own directory says.
Stops on SIGTERM/SIGINT. Loopback addresses only.
"""
import asyncio
import os
import signal
import sys


def main():
    fleet, hosts_file, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    hosts = []
    with open(hosts_file) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                if not parts[1].startswith("127."):
                    sys.exit("healthd: refusing non-loopback address " + parts[1])
                hosts.append((parts[0], parts[1]))

    def handler_for(name):
        path = os.path.join(fleet, name, "health")

        async def handle(reader, writer):
            try:
                request = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
                target = request.split(b" ", 2)[1] if b" " in request else b"/"
                body = b""
                status = "404 Not Found"
                if target == b"/health":
                    try:
                        with open(path, "rb") as f:
                            body = f.read()
                        status = "200 OK" if body.strip() == b"ok" else "503 Service Unavailable"
                    except OSError:
                        status, body = "503 Service Unavailable", b"no health file\n"
                head = ("HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
                        "Connection: close\r\n\r\n" % (status, len(body))).encode()
                writer.write(head + body)
                await writer.drain()
            except Exception:
                pass
            finally:
                writer.close()

        return handle

    async def serve():
        servers = []
        for name, address in hosts:
            servers.append(await asyncio.start_server(handler_for(name), address, port,
                                                      reuse_address=True))
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        print("healthd: serving %d hosts on port %d" % (len(hosts), port), flush=True)
        await stop.wait()
        for s in servers:
            s.close()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
