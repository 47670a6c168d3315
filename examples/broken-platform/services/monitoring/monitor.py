import time

import psutil
from prometheus_client import Gauge, start_http_server

CPU = Gauge("host_cpu_percent", "CPU use of the host")

if __name__ == "__main__":
    start_http_server(9100, addr="0.0.0.0")
    while True:
        CPU.set(psutil.cpu_percent(interval=None))
        time.sleep(5)
