"""Polls the queue and asks the API to notify users; GET/POST only routes the API defines."""
import logging
import os
import time

import httpx
from tenacity import retry, stop_after_attempt, wait_exponential

API_URL = os.environ.get("API_URL", "http://api:8000")
USERS = f"{API_URL}/api/v1/users"
log = logging.getLogger("notifier")


@retry(stop=stop_after_attempt(5), wait=wait_exponential(max=30))
def notify(client: httpx.Client, user_id: int, message: str) -> None:
    client.get(f"{USERS}/{user_id}").raise_for_status()
    client.post(f"{USERS}/{user_id}/notify", json={"message": message}).raise_for_status()


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    with httpx.Client(timeout=5) as client:
        client.get(API_URL + "/api/v1/health").raise_for_status()
        while True:
            try:
                notify(client, 1, "hello")
            except httpx.HTTPError as exc:
                log.warning("notify failed: %s", exc)
            time.sleep(60)


if __name__ == "__main__":
    main()
