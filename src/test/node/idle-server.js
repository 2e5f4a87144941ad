// A Node.js server with nothing to do: an HTTP server listens, and the libuv thread pool has run a few file
// reads (so its threads exist and wait for more work).
const http = require('http');
const fs = require('fs');
for (let i = 0; i < 4; i++) {
  fs.readFile(__filename, () => {});
}
http.createServer((req, res) => res.end('ok\n')).listen(0, '127.0.0.1', () => console.log('ready'));
