"""Seed 003: each container holds only its own layer's code."""
from fastapi import FastAPI
from data_layer.client import L01Client  # expect: COD002
import shared.models  # expect: COD002

app = FastAPI()
client = L01Client()
