#!/bin/sh
exec python -c "import tasks; tasks.run()"
