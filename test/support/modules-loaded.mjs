// Runs the CLI with the given arguments and prints, as JSON, its exit code and the heavy packages it
// loaded: a module resolve hook hears of every import. Used by test/invariants.test.ts.
import Module, { register } from 'node:module';
const seen = [];
const { port1, port2 } = new MessageChannel();
port1.on('message', (m) => seen.push(m));
port1.unref();
// require() (as the report's template engine is loaded) does not pass the resolve hook.
const load = Module._load;
Module._load = function (request, ...rest) {
  seen.push(request);
  return load.call(this, request, ...rest);
};
register('data:text/javascript,' + encodeURIComponent(`let port; export function initialize(d){port=d.port} export async function resolve(s,c,n){const r=await n(s,c); port.postMessage(r.url); return r}`), { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });
const { main } = await import(process.cwd() + '/dist/cli/main.js');
const code = await main({ argv: process.argv.slice(2), stdout: { write: () => true }, stderr: { write: () => true } });
await new Promise((r) => setTimeout(r, 50));
console.log(JSON.stringify({ code, heavy: [...new Set(seen.map((u) => u.replace(/^.*node_modules\//, '')).filter((u) => /^(puppeteer|puppeteer-core|exceljs|handlebars|markdown-it|yaml|diff)(\/|$)/.test(u)))] }));
