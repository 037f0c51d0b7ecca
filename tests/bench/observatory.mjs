// The MDN HTTP Observatory's scan of an edge on loopback: its `scan()` with the given ports (the
// package's own `scan` does not pass them on). Prints one JSON line: the grade, the score, each test.
// Run by `cargo xtask bench` (xtask/src/bench/observatory.rs), which installs the package and trusts
// the edge's certificate through NODE_EXTRA_CA_CERTS.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [packageDir, hostname, httpPort, httpsPort] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(join(packageDir, 'src', file)).href);
const { retrieve } = await load('retriever/retriever.js');
const { ALL_TESTS } = await load('constants.js');
const { MINIMUM_SCORE_FOR_EXTRA_CREDIT } = await load('grader/charts.js');
const { getGradeForScore, getScoreModifier } = await load('grader/grader.js');

const site = await retrieve(hostname, { httpPort, httpsPort });
if (!site.responses.auto) throw new Error(`the edge did not answer on https://${hostname}:${httpsPort}`);
// As the package's scan(): every modifier counts; extra credit only once the score is an A.
let withExtraCredit = 100;
let uncurved = 100;
const tests = {};
for (const test of ALL_TESTS) {
  const outcome = test(site);
  const modifier = getScoreModifier(outcome.result);
  withExtraCredit += modifier;
  if (modifier < 0) uncurved += modifier;
  tests[outcome.constructor.name] = { pass: outcome.pass, result: outcome.result, modifier };
}
const { grade, score } = getGradeForScore(uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtraCredit : uncurved);
console.log(JSON.stringify({ grade, score, tests }));
