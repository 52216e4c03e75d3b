/*
 * digit_reader.js: the book's trained network, reading a digit drawn in the browser.
 *
 * Part of the "Make Your Own Neural Network" interactive edition (package nnbook).
 * No libraries, no server-side code: this script turns a drawing into the network's 784
 * inputs and runs the network forward. The weights come with the demo, in a JSON script
 * element (data-role="weights"): inline in a notebook, or, on the website, as an empty
 * element whose data-src names a file of the site, fetched once, the first time the
 * reader draws (book/_ext/digit_weights.py moves them there when the site is built).
 *
 * Two halves:
 *   1. Pure functions (no browser needed; the tests run them under Node.js and compare
 *      them with the Python package):
 *        decodeNetwork  weights exported by nnbook.digit_demo  -> matrices
 *        query          784 inputs -> 10 output signals (sigmoid layers)
 *        inkFromRGBA    canvas pixels -> ink, 0..255, paper exactly 0
 *        inkFromPhoto   a photo's pixels (any paper, either way round) -> ink, the same
 *        fitToMnist     ink of any size -> 28 x 28, sized and centred like MNIST
 *        scaleInputs    0..255 -> 0.01..1.00, the training data's scaling
 *      They follow nnbook.images.load_image step by step; comments name the Python
 *      function each one mirrors.
 *   2. loadNetwork(element): the weights of a demo, inline or fetched (a Promise).
 *   3. mount(root): the drawing pad, buttons, preview and output bars of one demo.
 *
 * Shapes and units, as in the Python package: a weight matrix has one row per
 * receiving node and one column per sending node, stored row after row; grey values
 * are 0..255 until the last step; pictures are stored row after row.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api; // Node.js (the tests)
  } else if (!root.nnbookDigitReader) {
    root.nnbookDigitReader = api; // the browser; a second demo on the page reuses it
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var SIDE = 28; // MNIST pictures are 28 x 28 pixels
  var DIGIT_BOX = 20; // the longer side of a digit inside the frame, in pixels
  var CENTRE = 14; // row and column where MNIST puts a digit's centre of mass
  var INK_THRESHOLD = 24; // grey levels above the paper that count as ink
  var PHOTO_SIDE = 1024; // a photo is read at most this many pixels wide or tall

  // ------------------------------------------------------------------ the weights

  /** Bytes of a base64 text (the browser's atob, or Node's Buffer). */
  function decodeBase64(text) {
    if (typeof atob === "function") {
      var binary = atob(text);
      var bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      return bytes;
    }
    return new Uint8Array(Buffer.from(text, "base64"));
  }

  /** Little-endian float32 numbers from base64 (the byte order numpy wrote them in). */
  function float32sFromBase64(text) {
    var bytes = decodeBase64(text);
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    var values = new Float32Array(bytes.byteLength / 4);
    for (var i = 0; i < values.length; i++) values[i] = view.getFloat32(4 * i, true);
    return values;
  }

  /**
   * The network in the exported payload (nnbook.digit_demo.export_weights):
   * { sizes: [784, 200, 10], weights: [Float32Array(rows * cols), ...] }.
   *
   * "int8" matrices hold whole numbers -127..127 and one scale per row; a weight is
   * number x scale, rounded to float32 exactly as numpy does in import_weights.
   */
  function decodeNetwork(payload) {
    var weights = payload.matrices.map(function (matrix, index) {
      var rows = matrix.shape[0];
      var cols = matrix.shape[1];
      var values = new Float32Array(rows * cols);
      if (payload.encoding === "float32") {
        values.set(float32sFromBase64(matrix.values));
      } else if (payload.encoding === "int8") {
        var bytes = decodeBase64(matrix.values);
        var whole = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        var scales = float32sFromBase64(matrix.scales);
        for (var r = 0; r < rows; r++) {
          for (var c = 0; c < cols; c++) values[r * cols + c] = whole[r * cols + c] * scales[r];
        }
      } else {
        throw new Error("unknown weight encoding " + payload.encoding + " in matrix " + index);
      }
      if (values.length !== rows * cols) throw new Error("matrix " + index + " has the wrong size");
      return values;
    });
    return { sizes: payload.sizes.slice(), weights: weights };
  }

  // ------------------------------------------------------------------ the network

  function sigmoid(x) {
    return 1 / (1 + Math.exp(-x)); // exp overflows to Infinity for x < -709: the result is 0
  }

  /**
   * Run the network forward (NeuralNetwork.query): 784 inputs -> 10 output signals.
   * Each layer's signals are the sigmoid of (weight matrix) x (previous signals).
   */
  function query(network, inputs) {
    var signals = Float64Array.from(inputs);
    if (signals.length !== network.sizes[0]) {
      throw new Error("expected " + network.sizes[0] + " inputs, got " + signals.length);
    }
    for (var layer = 0; layer < network.weights.length; layer++) {
      var weights = network.weights[layer];
      var cols = network.sizes[layer];
      var rows = network.sizes[layer + 1];
      var next = new Float64Array(rows);
      for (var r = 0; r < rows; r++) {
        var sum = 0;
        var start = r * cols;
        for (var c = 0; c < cols; c++) sum += weights[start + c] * signals[c];
        next[r] = sigmoid(sum);
      }
      signals = next;
    }
    return signals;
  }

  // ------------------------------------------------------------ drawing -> inputs

  /** Python's round(): halves go to the even neighbour (round(2.5) is 2, round(3.5) is 4). */
  function roundHalfEven(x) {
    var below = Math.floor(x);
    var fraction = x - below;
    if (fraction > 0.5) return below + 1;
    if (fraction < 0.5) return below;
    return below % 2 === 0 ? below : below + 1;
  }

  /**
   * Ink of an RGBA picture of dark ink on white paper (a canvas): Float64Array(width *
   * height), 0..255, paper exactly 0. Mirrors to_grey_array (brightness by eye, laid
   * on white where transparent), orient_ink (255 - grey) and remove_background. The
   * pad's paper is known to be pure white, so its level is 0 and need not be estimated:
   * only marks fainter than INK_THRESHOLD are wiped, as remove_background does.
   */
  function inkFromRGBA(rgba, width, height) {
    var ink = new Float64Array(width * height);
    for (var i = 0; i < width * height; i++) {
      var grey = rgba[4 * i] * 0.299 + rgba[4 * i + 1] * 0.587 + rgba[4 * i + 2] * 0.114;
      var opacity = rgba[4 * i + 3] / 255;
      var value = 255 - (grey * opacity + 255 * (1 - opacity));
      ink[i] = value < INK_THRESHOLD ? 0 : value;
    }
    return ink;
  }

  /** The median of an array of numbers, as numpy's: the middle one, or the mean of the middle two. */
  function median(values) {
    var sorted = Float64Array.from(values).sort();
    var half = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
  }

  /** The outermost ring of pixels of a picture, as nnbook.images._border. */
  function border(picture, width, height) {
    var ring = [];
    for (var x = 0; x < width; x++) ring.push(picture[x]);
    if (height > 1) for (var xb = 0; xb < width; xb++) ring.push(picture[(height - 1) * width + xb]);
    for (var y = 1; y < height - 1; y++) {
      ring.push(picture[y * width]);
      if (width > 1) ring.push(picture[y * width + width - 1]);
    }
    return ring;
  }

  /**
   * Ink of a PHOTO or scan (RGBA, any paper, either way round): Float64Array(width *
   * height), 0..255, paper exactly 0. Unlike the pad, a photo's paper is grey, tinted
   * or dark (a blackboard), so this follows nnbook.images step by step:
   * to_grey_array (brightness by eye, laid on white where transparent), orient_ink with
   * is_dark_on_light (turned upside down if the edge, nearly always paper, is lighter
   * than mid-grey), and remove_background (the paper's level, the darker of the edge's
   * and the whole picture's median, brought down to 0; what lies within INK_THRESHOLD
   * of it is paper).
   */
  function inkFromPhoto(rgba, width, height) {
    var grey = new Float64Array(width * height);
    for (var i = 0; i < width * height; i++) {
      var luma = rgba[4 * i] * 0.299 + rgba[4 * i + 1] * 0.587 + rgba[4 * i + 2] * 0.114;
      var opacity = rgba[4 * i + 3] / 255;
      grey[i] = luma * opacity + 255 * (1 - opacity);
    }
    var invert = median(border(grey, width, height)) > 127.5;
    var ink = invert ? grey.map(function (g) { return 255 - g; }) : grey;
    var paper = Math.min(median(border(ink, width, height)), median(ink));
    for (var j = 0; j < ink.length; j++) {
      var lifted = ink[j] - paper;
      ink[j] = lifted < INK_THRESHOLD ? 0 : lifted;
    }
    return ink;
  }

  /** The rows and columns spanned by ink brighter than INK_THRESHOLD, or null if none. */
  function inkBox(ink, width, height) {
    var top = height, bottom = -1, left = width, right = -1;
    for (var y = 0; y < height; y++) {
      for (var x = 0; x < width; x++) {
        if (ink[y * width + x] > INK_THRESHOLD) {
          if (y < top) top = y;
          if (y > bottom) bottom = y;
          if (x < left) left = x;
          if (x > right) right = x;
        }
      }
    }
    return bottom < 0 ? null : { top: top, left: left, height: bottom - top + 1, width: right - left + 1 };
  }

  /**
   * Which old pixels feed each new pixel, and how much: the rule Pillow's resize uses.
   * Shrinking ("box"): a new pixel is the plain average of the old pixels whose centres
   * fall inside its footprint. Enlarging ("bilinear"): a blend of the nearest old pixels,
   * weighted by closeness. Returns one { first, weights } per new pixel.
   */
  function resampleWeights(oldSize, newSize, shrinking) {
    var scale = oldSize / newSize;
    var spread = Math.max(scale, 1);
    var inverse = 1 / spread; // multiplied, not divided, to round exactly as Pillow does
    var support = (shrinking ? 0.5 : 1) * spread;
    var plan = [];
    for (var n = 0; n < newSize; n++) {
      var centre = (n + 0.5) * scale;
      var first = Math.max(Math.trunc(centre - support + 0.5), 0);
      var last = Math.min(Math.trunc(centre + support + 0.5), oldSize);
      var weights = [];
      var total = 0;
      for (var o = first; o < last; o++) {
        var t = (o - centre + 0.5) * inverse;
        var w = shrinking ? (t > -0.5 && t <= 0.5 ? 1 : 0) : Math.max(0, 1 - Math.abs(t));
        weights.push(w);
        total += w;
      }
      if (total !== 0) for (var k = 0; k < weights.length; k++) weights[k] /= total;
      plan.push({ first: first, weights: weights });
    }
    return plan;
  }

  /** One pass of a resize along rows (across = true) or down columns, into float32. */
  function resamplePass(pixels, width, height, newSize, across, shrinking) {
    var plan = resampleWeights(across ? width : height, newSize, shrinking);
    var outWidth = across ? newSize : width;
    var outHeight = across ? height : newSize;
    var result = new Float32Array(outWidth * outHeight);
    for (var y = 0; y < outHeight; y++) {
      for (var x = 0; x < outWidth; x++) {
        var step = plan[across ? x : y];
        var sum = 0;
        for (var k = 0; k < step.weights.length; k++) {
          var source = across ? y * width + step.first + k : (step.first + k) * width + x;
          sum += pixels[source] * step.weights[k];
        }
        result[y * outWidth + x] = sum; // stored as float32, as Pillow stores an "F" picture
      }
    }
    return result;
  }

  /**
   * Resize a picture (Float32Array, row after row) as Pillow resizes a float picture:
   * two passes, along rows and down columns. Pillow 13 goes down the columns first when
   * the height shrinks by more than twice as many pixels as the width does; the order
   * only changes the last float32 digit, but keeping it makes the two agree exactly.
   */
  function resize(pixels, width, height, newWidth, newHeight, shrinking) {
    var downFirst = height - newHeight > 0 && height - newHeight > 2 * (width - newWidth);
    var current = pixels;
    if (downFirst) {
      if (newHeight !== height) current = resamplePass(current, width, height, newHeight, false, shrinking);
      if (newWidth !== width) current = resamplePass(current, width, newHeight, newWidth, true, shrinking);
    } else {
      if (newWidth !== width) current = resamplePass(current, width, height, newWidth, true, shrinking);
      if (newHeight !== height) current = resamplePass(current, newWidth, height, newHeight, false, shrinking);
    }
    return current;
  }

  /**
   * Size and place a digit as MNIST's were made (fit_to_mnist): any size -> 28 x 28,
   * 0..255, as a Float64Array(784) row after row; null when nothing is drawn.
   *   1. crop to the ink's bounding box;
   *   2. scale so the longer side is 20 pixels, keeping the proportions (averaging
   *      the pixels each new pixel covers);
   *   3. brighten so the strongest pixel is 255;
   *   4. paste into the 28 x 28 frame with the centre of mass at row 14, column 14.
   */
  function fitToMnist(ink, width, height) {
    var box = inkBox(ink, width, height);
    if (box === null) return null;
    var cropped = new Float32Array(box.width * box.height);
    for (var y = 0; y < box.height; y++) {
      for (var x = 0; x < box.width; x++) cropped[y * box.width + x] = ink[(box.top + y) * width + box.left + x];
    }
    var factor = DIGIT_BOX / Math.max(box.width, box.height);
    var newWidth = Math.max(1, roundHalfEven(box.width * factor));
    var newHeight = Math.max(1, roundHalfEven(box.height * factor));
    var digit = resize(cropped, box.width, box.height, newWidth, newHeight, factor <= 1);

    var strongest = 0;
    for (var i = 0; i < digit.length; i++) strongest = Math.max(strongest, digit[i]);
    var bright = new Float64Array(digit.length);
    var mass = 0, rowMoment = 0, colMoment = 0;
    for (var r = 0; r < newHeight; r++) {
      for (var c = 0; c < newWidth; c++) {
        var v = Math.min(255, Math.max(0, digit[r * newWidth + c] * (255 / strongest)));
        bright[r * newWidth + c] = v;
        mass += v;
        rowMoment += v * r;
        colMoment += v * c;
      }
    }
    var top = roundHalfEven(CENTRE - rowMoment / mass);
    var left = roundHalfEven(CENTRE - colMoment / mass);
    var frame = new Float64Array(SIDE * SIDE);
    for (var row = 0; row < newHeight; row++) {
      for (var col = 0; col < newWidth; col++) {
        var fy = row + top;
        var fx = col + left;
        if (fy >= 0 && fy < SIDE && fx >= 0 && fx < SIDE) frame[fy * SIDE + fx] = bright[row * newWidth + col];
      }
    }
    return frame;
  }

  /** Grey values 0..255 -> network inputs 0.01..1.00, as nnbook.data.scale_inputs. */
  function scaleInputs(pixels) {
    var scaled = new Float64Array(pixels.length);
    for (var i = 0; i < pixels.length; i++) scaled[i] = (pixels[i] / 255) * 0.99 + 0.01;
    return scaled;
  }

  /** The whole journey for canvas pixels: { fitted (0..255), inputs (0.01..1) } or null. */
  function readPixels(rgba, width, height) {
    var fitted = fitToMnist(inkFromRGBA(rgba, width, height), width, height);
    return fitted === null ? null : { fitted: fitted, inputs: scaleInputs(fitted) };
  }

  /** A photo's whole journey, as nnbook.images.load_image: { fitted, inputs } or null. */
  function readPhoto(rgba, width, height) {
    var fitted = fitToMnist(inkFromPhoto(rgba, width, height), width, height);
    return fitted === null ? null : { fitted: fitted, inputs: scaleInputs(fitted) };
  }

  // --------------------------------------------------------- fetching the weights

  var fetched = {}; // address -> Promise of the decoded network: two demos share one download

  /**
   * The network of a weights element, as a Promise. Inline JSON is decoded at once; a
   * data-src address is fetched (relative to the page) the first time it is asked for,
   * and a failed fetch is forgotten, so the next stroke tries again.
   */
  function loadNetwork(element) {
    var address = element.getAttribute("data-src");
    if (!address) {
      try {
        return Promise.resolve(decodeNetwork(JSON.parse(element.textContent)));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (!fetched[address]) {
      if (typeof fetch !== "function") return Promise.reject(new Error("this browser cannot fetch files"));
      fetched[address] = fetch(address)
        .then(function (response) {
          if (!response.ok) throw new Error("the server answered " + response.status + " for " + address);
          return response.json();
        })
        .then(decodeNetwork)
        .catch(function (error) {
          delete fetched[address];
          throw error;
        });
    }
    return fetched[address];
  }

  /** What to tell the reader when the weights cannot be had, and what to do about it. */
  function loadFailure(error) {
    var fromDisk = typeof location !== "undefined" && location.protocol === "file:";
    return (
      "The network could not be loaded (" + (error && error.message ? error.message : error) + "). " +
      (fromDisk
        ? "A page opened straight from a file cannot fetch it: serve the folder (python -m http.server) " +
          "or use the notebook edition of this page."
        : "Check the connection, then draw again to retry.")
    );
  }

  // ------------------------------------------------------------------ the demo

  /**
   * Bring one demo to life. `root` holds the elements made by nnbook.digit_demo, each
   * marked with a data-role; the weights and settings are in its JSON script.
   */
  function mount(root) {
    if (!root || root.dataset.ready === "true") return;
    function part(role) {
      return root.querySelector('[data-role="' + role + '"]');
    }
    var settings = JSON.parse(part("settings").textContent);
    var weights = part("weights");
    var network = null; // decoded weights, once they are here
    var waiting = false; // a fetch of the weights is under way
    if (!weights.hasAttribute("data-src")) {
      network = decodeNetwork(JSON.parse(weights.textContent)); // inline (a notebook): at once, as before
      root.dataset.network = "ready";
    } else {
      root.dataset.network = "not loaded";
    }
    var pad = part("pad");
    var pen = pad.getContext("2d", { willReadFrequently: true });
    var preview = part("preview").getContext("2d");
    var answer = part("answer");
    var bars = Array.prototype.slice.call(root.querySelectorAll('[data-role="bar"]'));
    var drawing = false;
    var pending = false;
    var exampleIndex = 0;

    function clearPad() {
      pen.fillStyle = "#ffffff";
      pen.fillRect(0, 0, pad.width, pad.height);
    }

    function penStyle() {
      pen.strokeStyle = "#111111";
      pen.fillStyle = "#111111";
      pen.lineWidth = settings.pen;
      pen.lineCap = "round";
      pen.lineJoin = "round";
    }

    function showPreview(fitted) {
      var picture = preview.createImageData(SIDE, SIDE);
      for (var i = 0; i < SIDE * SIDE; i++) {
        var shade = 255 - Math.round(fitted ? fitted[i] : 0); // ink dark on white, as drawn
        picture.data[4 * i] = shade;
        picture.data[4 * i + 1] = shade;
        picture.data[4 * i + 2] = shade;
        picture.data[4 * i + 3] = 255;
      }
      preview.putImageData(picture, 0, 0);
    }

    function showOutputs(outputs) {
      var best = -1;
      if (outputs) {
        best = 0;
        for (var d = 1; d < outputs.length; d++) if (outputs[d] > outputs[best]) best = d;
      }
      bars.forEach(function (bar, digit) {
        var value = outputs ? outputs[digit] : 0;
        bar.querySelector(".nnb-fill").style.width = (100 * value).toFixed(1) + "%";
        bar.querySelector(".nnb-value").textContent = outputs ? value.toFixed(3) : "–";
        bar.classList.toggle("nnb-top", digit === best);
      });
      root.dataset.answer = best >= 0 ? String(best) : "";
      return best;
    }

    /**
     * Fetch the weights the first time a drawing needs them. Meanwhile the readout says
     * so; when they arrive the pad as it is then is read; if they cannot come, the
     * readout says why and the next stroke tries again.
     */
    function fetchNetwork() {
      if (waiting) return;
      waiting = true;
      root.dataset.network = "loading";
      root.classList.remove("nnb-failed");
      part("big").textContent = "?"; // dimmed while the weights come (the demo's CSS)
      answer.textContent = "Loading the network…";
      loadNetwork(weights).then(
        function (loaded) {
          waiting = false;
          network = loaded;
          root.dataset.network = "ready";
          read(true);
        },
        function (error) {
          waiting = false;
          root.dataset.network = "failed";
          root.classList.add("nnb-failed");
          part("big").textContent = "!";
          answer.textContent = loadFailure(error);
        }
      );
    }

    function read(announce) {
      pending = false;
      var seen = readPixels(pen.getImageData(0, 0, pad.width, pad.height).data, pad.width, pad.height);
      showPreview(seen && seen.fitted);
      if (seen && network === null) {
        fetchNetwork(); // the preview already shows the drawing; the answer follows the weights
        return;
      }
      root.classList.remove("nnb-failed");
      var outputs = seen && query(network, seen.inputs);
      var best = showOutputs(outputs);
      part("big").textContent = best >= 0 ? String(best) : "?";
      if (announce || best < 0) {
        answer.textContent = best >= 0
          ? "The network reads " + (best === 8 ? "an " : "a ") + best + " (output " + outputs[best].toFixed(3) + ")."
          : "Draw a digit, 0 to 9, in the white box.";
      }
    }

    function readSoon() {
      if (!pending) {
        pending = true;
        var later = function () { read(false); };
        if (window.requestAnimationFrame) window.requestAnimationFrame(later);
        else setTimeout(later, 16);
      }
    }

    function where(event) {
      var rect = pad.getBoundingClientRect();
      return {
        x: ((event.clientX - rect.left) * pad.width) / rect.width,
        y: ((event.clientY - rect.top) * pad.height) / rect.height,
      };
    }

    var last = null;
    pad.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      drawing = true;
      if (pad.setPointerCapture) pad.setPointerCapture(event.pointerId);
      penStyle();
      last = where(event);
      pen.beginPath();
      pen.arc(last.x, last.y, settings.pen / 2, 0, 2 * Math.PI);
      pen.fill();
      readSoon();
    });
    pad.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      event.preventDefault();
      var points = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
      if (points.length === 0) points = [event];
      pen.beginPath();
      pen.moveTo(last.x, last.y);
      points.forEach(function (point) {
        last = where(point);
        pen.lineTo(last.x, last.y);
      });
      pen.stroke();
      readSoon();
    });
    function finish() {
      if (!drawing) return;
      drawing = false;
      read(true);
    }
    pad.addEventListener("pointerup", finish);
    pad.addEventListener("pointercancel", finish);
    pad.addEventListener("keydown", function (event) {
      if (event.key === "Delete" || event.key === "Backspace" || event.key === "Escape") {
        event.preventDefault();
        clearPad();
        read(true);
      }
    });

    /**
     * A photo the reader chose: its ink found as nnbook.images finds it (inkFromPhoto),
     * then painted dark on white, cropped to the digit, onto the pad, so the reader sees
     * what was kept and can touch it up with the pen. The pad is then read as a drawing.
     */
    function showPhoto(picture) {
      var scale = Math.min(1, PHOTO_SIDE / Math.max(picture.naturalWidth, picture.naturalHeight));
      var width = Math.max(1, Math.round(picture.naturalWidth * scale));
      var height = Math.max(1, Math.round(picture.naturalHeight * scale));
      var sheet = document.createElement("canvas");
      sheet.width = width;
      sheet.height = height;
      var paper = sheet.getContext("2d", { willReadFrequently: true });
      paper.fillStyle = "#ffffff"; // transparent parts lie on white, as in to_grey_array
      paper.fillRect(0, 0, width, height);
      paper.imageSmoothingQuality = "high";
      paper.drawImage(picture, 0, 0, width, height);
      var ink = inkFromPhoto(paper.getImageData(0, 0, width, height).data, width, height);
      var box = inkBox(ink, width, height);
      clearPad();
      if (box === null) {
        read(true);
        answer.textContent = "No digit found in that photo: try a darker pen, or a photo closer to the digit.";
        return;
      }
      var cleaned = paper.createImageData(width, height);
      for (var i = 0; i < width * height; i++) {
        var shade = 255 - Math.round(ink[i]);
        cleaned.data[4 * i] = shade;
        cleaned.data[4 * i + 1] = shade;
        cleaned.data[4 * i + 2] = shade;
        cleaned.data[4 * i + 3] = 255;
      }
      paper.putImageData(cleaned, 0, 0);
      var fit = (0.8 * pad.width) / Math.max(box.width, box.height);
      var drawnWidth = box.width * fit;
      var drawnHeight = box.height * fit;
      pen.imageSmoothingQuality = "high";
      pen.drawImage(
        sheet, box.left, box.top, box.width, box.height,
        (pad.width - drawnWidth) / 2, (pad.height - drawnHeight) / 2, drawnWidth, drawnHeight
      );
      read(true);
    }

    var photo = part("photo");
    if (photo) {
      photo.addEventListener("change", function () {
        var file = photo.files && photo.files[0];
        if (!file) return;
        var address = URL.createObjectURL(file);
        var picture = new Image();
        picture.onload = function () {
          URL.revokeObjectURL(address);
          showPhoto(picture);
        };
        picture.onerror = function () {
          URL.revokeObjectURL(address);
          answer.textContent = "This browser cannot open that file as a picture: try a PNG or a JPEG.";
        };
        picture.src = address;
        photo.value = ""; // choosing the same file again reads it again
      });
    }

    part("clear").addEventListener("click", function () {
      clearPad();
      read(true);
    });
    part("example").addEventListener("click", function () {
      var digits = Object.keys(settings.examples);
      var digit = digits[exampleIndex % digits.length];
      exampleIndex += 1;
      clearPad();
      penStyle();
      settings.examples[digit].forEach(function (stroke) {
        pen.beginPath();
        stroke.forEach(function (point, i) {
          var x = point[0] * pad.width;
          var y = point[1] * pad.height;
          if (i === 0) pen.moveTo(x, y);
          else pen.lineTo(x, y);
        });
        pen.stroke();
      });
      read(true);
    });

    clearPad();
    read(true);
    root.dataset.ready = "true";
  }

  return {
    SIDE: SIDE,
    DIGIT_BOX: DIGIT_BOX,
    CENTRE: CENTRE,
    INK_THRESHOLD: INK_THRESHOLD,
    decodeNetwork: decodeNetwork,
    query: query,
    sigmoid: sigmoid,
    roundHalfEven: roundHalfEven,
    inkFromRGBA: inkFromRGBA,
    fitToMnist: fitToMnist,
    scaleInputs: scaleInputs,
    readPixels: readPixels,
    inkFromPhoto: inkFromPhoto,
    inkBox: inkBox,
    readPhoto: readPhoto,
    loadNetwork: loadNetwork,
    mount: mount,
  };
});
