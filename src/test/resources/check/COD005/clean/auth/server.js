require("http").createServer((q, r) => r.end("ok")).listen(8002, "0.0.0.0");
