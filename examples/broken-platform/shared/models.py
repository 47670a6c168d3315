from dataclasses import dataclass


@dataclass
class Device:
    id: str
    name: str
