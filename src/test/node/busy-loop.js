// A Node.js server whose main thread is stuck in a JavaScript loop: requests are accepted by the kernel but never
// answered, timers never fire.
const http = require('http');
http.createServer((req, res) => res.end('ok\n')).listen(0, '127.0.0.1', () => {
  console.log('ready');
  setTimeout(() => {
    let n = 0;
    for (;;) {
      n = (n + 1) % 1000003;
    }
  }, 100);
});
