#!/usr/bin/env python3
"""A loopback SMTP server for the notification tests.

Usage: smtp_sink.py PORT FOLDER

Listens on 127.0.0.1:PORT (plain SMTP, no authentication) and writes every
message it receives to FOLDER/<n>.eml. Prints "ready" once listening and
runs until killed. Needs aiosmtpd (Debian: python3-aiosmtpd).
"""

import itertools
import os
import sys
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        n = next(self.counter)
        tmp = os.path.join(self.folder, f".{n}.tmp")
        with open(tmp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        # Rename so a reader never sees a half-written file.
        os.replace(tmp, os.path.join(self.folder, f"{n:06}.eml"))
        return "250 Message accepted for delivery"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
