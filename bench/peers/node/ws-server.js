// Peer: a plain Node.js `ws` 8 server, what a Node team writes for broadcast. Subscribers connect to
// ws://127.0.0.1:PORT/sub; POST /pub sends the body as one text message to every open socket.
'use strict';
const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2]);
const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/pub') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let delivered = 0;
      for (const client of wss.clients) {
        if (client.readyState === WebSocket.OPEN) {
          client.send(body, { binary: false });
          delivered++;
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"delivered":${delivered}}`);
    });
  } else {
    res.writeHead(404);
    res.end();
  }
});
const wss = new WebSocketServer({ server, path: '/sub', perMessageDeflate: false });
server.listen(port, '127.0.0.1', () => console.log(`listening on port ${port}`));
