const http = require("http");
// flotilla-ignore PRT004 an admin port on loopback on purpose, reached with docker exec
http.createServer((req, res) => res.end("ok")).listen(3000, "localhost");
