import psutil
print(psutil.cpu_percent())
