// The in-page Python, in a Web Worker so that a long training loop never freezes the page.
//
// live-code.js starts this worker on the reader's first press of Run and sends it
// {type: "start", ...} once, then {type: "run", id, source, name} for each cell.
// The worker answers with:
//   {type: "status", text}                       loading progress, for the toolbar
//   {type: "ready", seconds}                     Python is up
//   {type: "stream", id, name, text}             printed text (stdout or stderr)
//   {type: "display", id, bundle}                a value or figure to show (MIME bundle)
//   {type: "error", id, error}                   an exception, with a trimmed traceback
//   {type: "done", id, ok}                       the cell has finished
// Everything is fetched from the page's own site: Pyodide and its packages from
// _static/pyodide/, the wheels of the book's package and tqdm, and (when a page asks)
// the digit pictures it reads. MNIST and the trained network are fetched by the package
// itself, from _static/mnist/ and _static/trained/, the first time a cell needs them.
"use strict";

let pyodide = null;
let runtime = null;
let current = null;  // the id of the cell running now
const loadedWheels = new Set();

function post(message) { self.postMessage(message); }

// Printed text arrives byte by byte (a progress bar never ends its line); decode and pass on.
function streamTo(name) {
  const decoder = new TextDecoder();
  return {
    write(bytes) {
      const text = decoder.decode(bytes, {stream: true});
      if (text) post({type: "stream", id: current, name, text});
      return bytes.length;
    },
  };
}

async function start(settings) {
  const began = performance.now();
  post({type: "status", text: "Loading Python…"});
  importScripts(settings.pyodide + "pyodide.js");
  pyodide = await loadPyodide({
    indexURL: settings.pyodide,
    env: {
      HOME: "/home/pyodide",
      MPLBACKEND: "module://nnbook_live_backend",  // Agg pictures; plt.show() shows them
      NNBOOK_DATA_DIR: "/home/pyodide/data/mnist",
      NNBOOK_MNIST_MIRRORS: settings.static + "mnist/",
      NNBOOK_TRAINED_URL: settings.static + "trained/",
    },
  });
  pyodide.setStdout(streamTo("stdout"));
  pyodide.setStderr(streamTo("stderr"));
  post({type: "status", text: "Loading numpy…"});
  await pyodide.loadPackage(["numpy"], {messageCallback: () => {}});
  pyodide.FS.mkdirTree("/home/pyodide/.runtime");
  for (const [file, module] of [["runtime.py", "nnbook_live_runtime"], ["mpl_backend.py", "nnbook_live_backend"]]) {
    const reply = await fetch(settings.live + file);
    if (!reply.ok) throw new Error(`could not fetch ${settings.live + file}: HTTP ${reply.status}`);
    pyodide.FS.writeFile(`/home/pyodide/.runtime/${module}.py`, await reply.text());
  }
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/.runtime')");
  runtime = pyodide.pyimport("nnbook_live_runtime");
  runtime._emit = (kind, payload) => {
    const value = payload && payload.toJs ? payload.toJs({dict_converter: Object.fromEntries}) : payload;
    if (kind === "display") post({type: "display", id: current, bundle: value});
    else if (kind === "error") post({type: "error", id: current, error: value});
  };
  const home = "/home/pyodide/book/" + settings.folder;
  pyodide.FS.mkdirTree(home);
  pyodide.FS.chdir(home);
  for (const folder of settings.files) await copyFolder(settings.static + "files/" + folder + "/", "/home/pyodide/book/" + folder);
  self.wheels = settings.wheels;
  post({type: "ready", seconds: (performance.now() - began) / 1000});
}

// Copy a folder the site serves (listed in its index.json) into Python's file system.
async function copyFolder(url, path) {
  const names = await (await fetch(url + "index.json")).json();
  pyodide.FS.mkdirTree(path);
  for (const name of names) {
    const reply = await fetch(url + name);
    if (!reply.ok) throw new Error(`could not fetch ${url + name}: HTTP ${reply.status}`);
    pyodide.FS.writeFile(path + "/" + name, new Uint8Array(await reply.arrayBuffer()));
  }
}

// Load what a cell imports before running it: packages of the Pyodide release by their
// import names, and the book's package (with tqdm) together with everything it uses.
async function prepare(source) {
  if (/\b(nnbook|tqdm)\b/.test(source)) {
    for (const wheel of self.wheels) {
      if (!loadedWheels.has(wheel)) {
        post({type: "status", text: "Loading the book's package…"});
        await pyodide.loadPackage(wheel, {messageCallback: () => {}});
        loadedWheels.add(wheel);
      }
    }
    if (/\bnnbook\b/.test(source)) {
      post({type: "status", text: "Loading scipy, matplotlib and Pillow…"});
      await pyodide.loadPackage(["numpy", "scipy", "matplotlib", "pillow"], {messageCallback: () => {}});
    }
  }
  await pyodide.loadPackagesFromImports(source, {messageCallback: (text) => {
    if (text.startsWith("Loading")) post({type: "status", text: text.split(",")[0] + "…"});
  }});
}

async function run(message) {
  current = message.id;
  let ok = false;
  try {
    await prepare(message.source);
    post({type: "status", text: "Running…"});
    ok = runtime.run_cell(message.source, message.name);
  } catch (error) {
    post({type: "error", id: message.id, error: {ename: "Error", evalue: String(error.message || error), traceback: String(error.message || error)}});
  }
  post({type: "done", id: message.id, ok});
  current = null;
}

// One message at a time, in order: a cell never starts before the one before it is done.
let queue = Promise.resolve();
self.onmessage = (event) => {
  const message = event.data;
  queue = queue.then(async () => {
    if (message.type === "start") {
      try { await start(message); }
      catch (error) { post({type: "failed", text: String(error.message || error)}); }
    } else if (message.type === "run") {
      await run(message);
    }
  });
};
