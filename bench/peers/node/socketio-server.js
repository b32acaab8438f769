// Peer: a Socket.IO 4.8 server, WebSocket transport only. Clients connect to
// ws://127.0.0.1:PORT/socket.io/?EIO=4&transport=websocket; POST /pub (same port) emits the JSON body as
// event "msg" to every socket.
'use strict';
const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2]);
const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/pub') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      io.emit('msg', JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  } else if (!req.url.startsWith('/socket.io/')) {
    res.writeHead(404);
    res.end();
  }
});
const io = new Server(server, { transports: ['websocket'], perMessageDeflate: false, serveClient: false });
server.listen(port, '127.0.0.1', () => console.log(`listening on port ${port}`));
