import os
DB = os.environ.get("DATABASE_URL")
