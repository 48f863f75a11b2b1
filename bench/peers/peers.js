// peers.js PEER FILE.jsonl: run one peer NLP library over the texts of
// FILE.jsonl (one JSON article a line, as dateline reads them) and print
//   PEER articles N bytes B load S wall S cpu S
// (bytes: UTF-8 bytes of text; load: model load; wall and cpu: the loop
// only). PEER is one of
//   wink-tokens    wink-nlp, tokenisation alone
//   wink-ents      wink-nlp, sentences and named entities
//   compromise     compromise: people, places, organisations
// The packages come from .cache/peers (make bench-peers, NODE_PATH).
'use strict';
const fs = require('fs');

const [peer, file] = process.argv.slice(2);
const texts = fs.readFileSync(file, 'utf8').split('\n')
  .filter((l) => l.trim()).map((l) => JSON.parse(l).text)
  .filter((t) => typeof t === 'string');
let bytes = 0;
for (const t of texts) bytes += Buffer.byteLength(t, 'utf8');

const t0 = process.hrtime.bigint();
let run;
let sink = 0;   // keeps the results alive so nothing is optimised away
if (peer === 'wink-tokens' || peer === 'wink-ents') {
  const winkNLP = require('wink-nlp');
  const model = require('wink-eng-lite-web-model');
  if (peer === 'wink-tokens') {
    const nlp = winkNLP(model, []);
    const its = nlp.its;
    run = (t) => { sink += nlp.readDoc(t).tokens().out(its.value).length; };
  } else {
    const nlp = winkNLP(model, ['sbd', 'ner']);
    const its = nlp.its;
    run = (t) => {
      const d = nlp.readDoc(t);
      sink += d.sentences().out().length;
      sink += d.entities().out(its.detail).length;
    };
  }
} else if (peer === 'compromise') {
  const nlp = require('compromise');
  run = (t) => {
    const d = nlp(t);
    sink += d.people().out('array').length;
    sink += d.places().out('array').length;
    sink += d.organizations().out('array').length;
  };
} else {
  process.stderr.write(`peers.js: unknown peer '${peer}'\n`);
  process.exit(2);
}
const load = Number(process.hrtime.bigint() - t0) / 1e9;

const c0 = process.cpuUsage();
const w0 = process.hrtime.bigint();
for (const t of texts) run(t);
const wall = Number(process.hrtime.bigint() - w0) / 1e9;
const c = process.cpuUsage(c0);
const cpu = (c.user + c.system) / 1e6;
console.log(`${peer} articles ${texts.length} bytes ${bytes} load ${load.toFixed(3)} ` +
            `wall ${wall.toFixed(3)} cpu ${cpu.toFixed(3)} items ${sink}`);
