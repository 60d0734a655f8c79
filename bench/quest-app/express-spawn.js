// The original quest's shape: every request spawns a child process that writes the answer.
const express = require('express');
const { execFile } = require('child_process');
const path = require('path');

const child = path.join(__dirname, 'child.sh');
const app = express();

function answer(res, type, args) {
  execFile(child, args, (error, stdout) => {
    if (error) {
      res.status(500).send(String(error));
    } else {
      res.type(type).send(stdout);
    }
  });
}

app.get('/', (req, res) => answer(res, 'html', ['index']));
app.get('/loadbalanced', (req, res) => answer(res, 'json', ['loadbalanced', req.get('X-Forwarded-For') || '']));
app.listen(Number(process.env.PORT || 3000), '127.0.0.1');
