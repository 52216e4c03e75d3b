// Small fixes that let the static pages run their widgets with no errors and no CDN.
// Loaded before every other script of a page (see book/_ext/site_assets.py).
(function () {
  "use strict";

  // 1. The widget manager's bundle holds several require.js modules (html-manager,
  //    controls, base...), and each looks for its icon fonts beside its own module URL.
  //    Map all of their names onto our copy, so the fonts come from this site; without the
  //    general "@jupyter-widgets" entry, "@jupyter-widgets/controls" would look for them
  //    beside the page and get 404s.
  var here = document.currentScript && document.currentScript.src;
  if (here) {
    var widgets = new URL("widgets", here).href;
    window.require = { paths: { "@jupyter-widgets/html-manager/dist": widgets, "@jupyter-widgets": widgets } };
  }

  // 2. The widget manager asks MathJax 2 to typeset (MathJax.Hub.Queue); the site runs
  //    MathJax 3, which has typesetPromise instead. Whatever object is stored in
  //    window.MathJax (the page's configuration first, MathJax itself later) gets a small
  //    Hub that translates, and jobs that arrive before MathJax is ready wait for it.
  var waiting = [];
  function typeset(job) {
    if (!Array.isArray(job) || job[0] !== "Typeset" || !job[2]) {
      return;
    }
    var mathjax = current;
    if (mathjax && typeof mathjax.typesetPromise === "function") {
      mathjax.typesetPromise([job[2]]).catch(function () {});
    } else {
      waiting.push(job);
    }
  }
  var hub = { Queue: function () { Array.prototype.forEach.call(arguments, typeset); } };
  function onReady() {
    if (current && current.startup && current.startup.defaultReady) {
      current.startup.defaultReady();
    }
    waiting.splice(0).forEach(typeset);
  }
  var current;
  function adopt(value) {
    current = value;
    if (value && typeof value === "object") {
      value.Hub = hub;
      if (typeof value.typesetPromise !== "function") {  // still a configuration
        value.startup = value.startup || {};
        value.startup.ready = value.startup.ready || onReady;
      }
    }
  }
  adopt(window.MathJax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: adopt,
  });

  // 3. Screen readers: a widget slider's handle gets the slider's label as its name, and
  //    speaks the value shown beside it ("0.52") rather than its position ("12").
  function labelSliders(root) {
    root.querySelectorAll(".widget-slider").forEach(function (slider) {
      var handle = slider.querySelector(".noUi-handle");
      var label = slider.querySelector(".widget-label");
      var readout = slider.querySelector(".widget-readout");
      if (!handle) {
        return;
      }
      if (label && label.textContent && handle.getAttribute("aria-label") !== label.textContent) {
        handle.setAttribute("aria-label", label.textContent);
      }
      if (readout && readout.textContent && handle.getAttribute("aria-valuetext") !== readout.textContent) {
        handle.setAttribute("aria-valuetext", readout.textContent);
      }
    });
  }
  // 4. Screen readers: the theme's table of contents opens and closes a chapter with a
  //    <summary> that holds only an arrow icon, so it has no name. Name it after its chapter.
  function labelTocToggles(root) {
    root.querySelectorAll(".bd-sidenav details > summary").forEach(function (summary) {
      var link = summary.parentElement.previousElementSibling;
      if (summary.textContent.trim() || summary.getAttribute("aria-label") || !link) {
        return;
      }
      summary.setAttribute("aria-label", "Pages of " + link.textContent.trim());
    });
  }
  function watch() {
    labelTocToggles(document);
    labelSliders(document);
    new MutationObserver(function () { labelSliders(document); }).observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true,
      attributeFilter: ["aria-valuenow"],
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
