class L01Client:
    pass
