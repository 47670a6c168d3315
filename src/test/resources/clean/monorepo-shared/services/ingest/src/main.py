import os
import time

import httpx

from shared.common import get_logger

log = get_logger("ingest")


def main():
    url = os.environ["DATA_API_URL"]
    while True:
        httpx.post(f"{url}/internal/devices/bulk_upsert", json=[])
        time.sleep(30)


if __name__ == "__main__":
    main()
