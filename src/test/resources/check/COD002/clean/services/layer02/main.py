from fastapi import FastAPI
from data_layer.client import L01Client
import shared.models

app = FastAPI()
client = L01Client()
