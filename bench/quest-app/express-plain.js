// The same two routes answered in-process: what express costs without the spawn.
const express = require('express');

const app = express();
const index = '<!DOCTYPE html><html><head><title>quest</title></head><body><h1>Welcome to the quest</h1>'
  + '<p>The secret word is <strong>TwelveFactor</strong>.</p></body></html>';

app.get('/', (req, res) => res.type('html').send(index));
app.get('/loadbalanced', (req, res) => {
  const forwardedFor = req.get('X-Forwarded-For');
  res.json(forwardedFor
    ? { check: 'loadbalanced', passed: true, detail: 'X-Forwarded-For: ' + forwardedFor }
    : { check: 'loadbalanced', passed: false, detail: 'No X-Forwarded-For header' });
});
app.listen(Number(process.env.PORT || 3000), '127.0.0.1');
