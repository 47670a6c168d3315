import logging
import os
import time

import requests

SHOP_URL = os.getenv("SHOP_URL", "http://web:5000")
log = logging.getLogger(__name__)


def run_once(session: requests.Session) -> None:
    for product in session.get(f"{SHOP_URL}/api/products", timeout=5).json():
        session.put(f"{SHOP_URL}/api/products/{product['id']}", json=product, timeout=5)
    session.post(SHOP_URL + "/api/search/reindex", timeout=5)


if __name__ == "__main__":
    with requests.Session() as s:
        while True:
            try:
                run_once(s)
            except requests.RequestException:
                log.exception("reindex failed")
            time.sleep(300)
